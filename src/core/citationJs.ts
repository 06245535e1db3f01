/**
 * The one place that loads Citation.js: its plugins register themselves globally
 * when required, so every other module imports them from here.
 */

/** A CSL-JSON item as Citation.js reads and writes it. */
export interface CslItem {
  id?: string | number;
  type?: string;
  [field: string]: unknown;
}

/** A BibTeX entry after Citation.js's grammar, before its mapping to CSL. */
export interface RawBibtexEntry {
  type: string;
  label: string;
  properties: Record<string, string | number>;
}

interface InputOptions {
  forceType?: string;
  generateGraph?: boolean;
}

interface CslRegister {
  add(name: string, value: string): void;
  remove(name: string): void;
  has(name: string): boolean;
  get(name: string): unknown;
  list(): string[];
}

interface BibtexConstants {
  commands: Record<string, string>;
  mathCommands: Record<string, string>;
}

interface CitationJsCore {
  plugins: {
    input: {
      /** Runs the parser registered for one format, e.g. `@biblatex/text`, on its input. */
      data(input: unknown, format: string): unknown;
      chain(input: unknown, options?: InputOptions): CslItem[];
    };
    output: {
      format(name: string, data: CslItem[], options?: Record<string, unknown>): unknown;
    };
    config: {
      get(ref: '@bibtex'): { constants: BibtexConstants };
      get(ref: '@csl'): { styles: CslRegister };
    };
  };
  logger: { level: string; _log: unknown[] };
}

/** Text commands Citation.js 0.8 leaves undecoded (it turns `{\AA}se` into `\AAse`). */
const extraTextCommands: Record<string, string> = {
  aa: 'å', AA: 'Å', ldots: '…', dots: '…', S: '§', P: '¶', dag: '†', ddag: '‡', pounds: '£',
  slash: '/', textnumero: '№', LaTeX: 'LaTeX', TeX: 'TeX',
  '-': '', '/': '', '@': '', ',': ' ', ';': ' ', ':': ' ', '!': '', '': ' ', quad: ' ', qquad: ' ',
};

/** Math commands beyond the Greek letters Citation.js knows; font and size commands keep only their argument. */
const extraMathCommands: Record<string, string> = {
  leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠', ne: '≠', approx: '≈', sim: '∼', simeq: '≃', cong: '≅',
  propto: '∝', times: '×', cdot: '·', cdots: '⋯', pm: '±', mp: '∓', infty: '∞', in: '∈', notin: '∉',
  ni: '∋', subset: '⊂', subseteq: '⊆', supset: '⊃', supseteq: '⊇', cup: '∪', cap: '∩', setminus: '∖',
  emptyset: '∅', varnothing: '∅', forall: '∀', exists: '∃', neg: '¬', wedge: '∧', vee: '∨',
  to: '→', rightarrow: '→', leftarrow: '←', Rightarrow: '⇒', Leftarrow: '⇐', leftrightarrow: '↔',
  Leftrightarrow: '⇔', mapsto: '↦', implies: '⟹', iff: '⟺', partial: '∂', nabla: '∇', sum: '∑',
  prod: '∏', int: '∫', oint: '∮', surd: '√', sqrt: '√', ell: 'ℓ', hbar: 'ℏ', circ: '∘', ast: '∗', star: '⋆',
  bullet: '•', equiv: '≡', ll: '≪', gg: '≫', prec: '≺', succ: '≻', perp: '⊥', parallel: '∥', mid: '∣',
  langle: '⟨', rangle: '⟩', lfloor: '⌊', rfloor: '⌋', lceil: '⌈', rceil: '⌉', otimes: '⊗', oplus: '⊕',
  top: '⊤', bot: '⊥', vdash: '⊢', models: '⊨', aleph: 'ℵ', Re: 'ℜ', Im: 'ℑ', wp: '℘', angle: '∠',
  degree: '°', prime: '′', vert: '|', lvert: '|', rvert: '|', Vert: '‖', lVert: '‖', rVert: '‖', colon: ':',
  lbrace: '{', rbrace: '}', varkappa: 'ϰ', Alpha: 'Α', Beta: 'Β', Epsilon: 'Ε', Zeta: 'Ζ', Eta: 'Η', Iota: 'Ι', Kappa: 'Κ', Mu: 'Μ',
  Nu: 'Ν', Omicron: 'Ο', omicron: 'ο', Rho: 'Ρ', Tau: 'Τ', Chi: 'Χ',
  log: 'log', ln: 'ln', exp: 'exp', sin: 'sin', cos: 'cos', tan: 'tan', max: 'max', min: 'min', lim: 'lim',
  sup: 'sup', inf: 'inf', arg: 'arg', det: 'det', dim: 'dim', ker: 'ker', Pr: 'Pr',
  left: '', right: '', big: '', Big: '', bigg: '', Bigg: '', displaystyle: '', textstyle: '',
  mathcal: '', mathbf: '', mathit: '', mathsf: '', mathtt: '', mathfrak: '', mathscr: '', boldsymbol: '',
  bm: '', text: '', textnormal: '', mbox: '', operatorname: '', ensuremath: '',
};

type CitationJsPlugins = CitationJsCore['plugins'];

let core: CitationJsCore | undefined;
let cslLoaded = false;

/** Loads Citation.js core and its BibTeX plugin on first use, so activation does not pay for them. */
function loadCore(): CitationJsCore {
  if (core) return core;
  const loaded = require('@citation-js/core') as CitationJsCore;
  require('@citation-js/plugin-bibtex');
  // Citation.js logs to the console on odd input; we report problems as diagnostics instead.
  loaded.logger.level = 'silent';
  const bibtexConstants = loaded.plugins.config.get('@bibtex').constants;
  for (const [name, text] of Object.entries(extraTextCommands)) {
    if (!(name in bibtexConstants.commands)) bibtexConstants.commands[name] = text;
  }
  for (const [name, text] of Object.entries(extraMathCommands)) {
    if (!(name in bibtexConstants.mathCommands)) bibtexConstants.mathCommands[name] = text;
  }
  core = loaded;
  return core;
}

/** Citation.js with the BibTeX plugin registered. */
export function citationJs(): CitationJsPlugins {
  return loadCore().plugins;
}

/** Citation.js with the CSL plugin too; citeproc and its styles are the bulk of the load time. */
export function citationJsWithCsl(): CitationJsPlugins {
  const plugins = loadCore().plugins;
  if (!cslLoaded) {
    require('@citation-js/plugin-csl');
    cslLoaded = true;
  }
  return plugins;
}

/** Citation.js keeps every log message in memory forever; callers drop them after each parse. */
export function forgetCitationJsLog(): void {
  if (core) core.logger._log.length = 0;
}

const doubleStruckExceptions: Record<string, string> = { C: 'ℂ', H: 'ℍ', N: 'ℕ', P: 'ℙ', Q: 'ℚ', R: 'ℝ', Z: 'ℤ' };

function doubleStruck(letter: string): string {
  if (doubleStruckExceptions[letter]) return doubleStruckExceptions[letter];
  const code = letter.charCodeAt(0);
  if (code >= 65 && code <= 90) return String.fromCodePoint(0x1d538 + code - 65);
  if (code >= 97 && code <= 122) return String.fromCodePoint(0x1d552 + code - 97);
  return String.fromCodePoint(0x1d7d8 + code - 48);
}

/**
 * Rewrites the raw LaTeX Citation.js cannot map itself (`\mathbb{E}` would lose its font)
 * before its field grammar runs.
 */
export function preDecodeLatex(raw: string): string {
  return raw
    .replace(/\\mathbb\s*(?:\{\s*([A-Za-z0-9])\s*\}|([A-Za-z0-9]))/g, (_m, braced: string, bare: string) => doubleStruck(braced ?? bare))
    .replace(/(^|[^\\])\$((?:[^$\\]|\\.)+)\$/g, (_m, before: string, math: string) =>
      // Citation.js drops the space after a command, which in math reads "γ≤2" for `$\gamma \leq 2$`.
      `${before}$${math.replace(/\\([a-zA-Z]+)(\s+)/g, '\\$1{}$2')}$`,
    );
}

const citationJsMarkup = /<\/?(?:i|b|sup|sub)>|<span (?:style="font-variant:small-caps;"|class="nocase")>|<\/span>/g;

/** Turns a string Citation.js decoded into plain display text: no markup, one space between words. */
export function plainText(decoded: string): string {
  let text = decoded.includes('<') ? decoded.replace(citationJsMarkup, '') : decoded;
  if (/[^\x00-\x7f]/.test(text)) text = text.replace(/[ıȷ](?=[\u0300-\u036f])/g, (dotless) => (dotless === 'ı' ? 'i' : 'j')).normalize('NFC');
  return text.replace(/\s+/g, ' ').trim();
}
