/**
 * Plain Unicode text to LaTeX that classic BibTeX + pdflatex accept with no extra package:
 * special characters escaped, accents and symbols as LaTeX commands, math symbols in `$…$`.
 * Every spelling is one pandoc's LaTeX reader also understands, so `pandoc --citeproc` shows the same text.
 */

/** Characters that must not reach LaTeX raw. */
const asciiSpecials: Record<string, string> = {
  '\\': '\\textbackslash{}', '&': '\\&', '%': '\\%', $: '\\$', '#': '\\#', _: '\\_',
  '~': '\\textasciitilde{}', '^': '\\textasciicircum{}', '<': '\\textless{}', '>': '\\textgreater{}',
};

/** Braces as math commands, because BibTeX counts even an escaped `\{`; pandoc ignores `\textbar` and `\textbraceleft`. */
const asciiMath: Record<string, string> = { '{': '\\lbrace', '}': '\\rbrace', '|': '|' };

/**
 * Symbols kept as UTF-8: LaTeX's built-in UTF-8 input typesets them (via textcomp), and pandoc
 * drops their command spellings (`\textdegree`, `\texteuro`, ...).
 */
const keptAsUtf8 = new Set(Array.from('·†‡®™°€¥¢¡¿‰№℃½¼¾'));

/** Text-mode replacements, each a BibTeX "special character" so case changes leave it alone. */
const textSymbols: Record<string, string> = {
  '\u00a0': '~', '\u2009': '\\,', '\u202f': '\\,', '\u00ad': '\\-', '\u200b': '', '\u200c': '', '\u200d': '', '\ufeff': '',
  '\u2010': '-', '\u2011': '-', '\u2012': '--', '–': '--', '—': '---', '―': '---',
  '‘': '{\\textquoteleft}', '’': '{\\textquoteright}', '“': '``', '”': "''",
  // Low quotes, guillemets and the letters below exist only in T1 fonts; pdflatex's default OT1 rejects them.
  '‚': '`', '„': '``', '«': '``', '»': "''", '‹': '`', '›': "'",
  'ð': 'd', 'Ð': 'D', 'þ': 'th', 'Þ': 'Th', 'đ': 'd', 'Đ': 'D', 'ŋ': 'ng', 'Ŋ': 'Ng',
  '…': '{\\ldots}', '§': '{\\S}', '¶': '{\\P}', '©': '{\\copyright}', '£': '{\\pounds}', 'ß': '{\\ss}', 'æ': '{\\ae}', 'Æ': '{\\AE}', 'œ': '{\\oe}', 'Œ': '{\\OE}',
  'ø': '{\\o}', 'Ø': '{\\O}', 'ł': '{\\l}', 'Ł': '{\\L}', 'ı': '{\\i}', 'ȷ': '{\\j}', 'å': '{\\aa}', 'Å': '{\\AA}',
};

/** Math-mode replacements (bodies of `$…$`). */
const mathSymbols: Record<string, string> = {
  α: '\\alpha', β: '\\beta', γ: '\\gamma', δ: '\\delta', ε: '\\varepsilon', ϵ: '\\epsilon', ζ: '\\zeta', η: '\\eta',
  θ: '\\theta', ϑ: '\\vartheta', ι: '\\iota', κ: '\\kappa', ϰ: '\\varkappa', λ: '\\lambda', μ: '\\mu', µ: '\\mu',
  ν: '\\nu', ξ: '\\xi', ο: 'o', π: '\\pi', ϖ: '\\varpi', ρ: '\\rho', ϱ: '\\varrho', σ: '\\sigma', ς: '\\varsigma',
  τ: '\\tau', υ: '\\upsilon', φ: '\\varphi', ϕ: '\\phi', χ: '\\chi', ψ: '\\psi', ω: '\\omega',
  Γ: '\\Gamma', Δ: '\\Delta', '∆': '\\Delta', Θ: '\\Theta', Λ: '\\Lambda', Ξ: '\\Xi', Π: '\\Pi', Σ: '\\Sigma',
  Υ: '\\Upsilon', Φ: '\\Phi', Ψ: '\\Psi', Ω: '\\Omega',
  Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Χ: 'X',
  '∝': '\\propto', '∼': '\\sim', '≤': '\\leq', '≥': '\\geq', '≠': '\\neq', '≈': '\\approx', '≃': '\\simeq',
  '≅': '\\cong', '≡': '\\equiv', '∞': '\\infty', '∈': '\\in', '∉': '\\notin', '∋': '\\ni', '⊂': '\\subset',
  '⊆': '\\subseteq', '⊃': '\\supset', '⊇': '\\supseteq', '∪': '\\cup', '∩': '\\cap', '∖': '\\setminus',
  '∅': '\\emptyset', '∀': '\\forall', '∃': '\\exists', '¬': '\\neg', '∧': '\\wedge', '∨': '\\vee',
  '→': '\\rightarrow', '←': '\\leftarrow', '↔': '\\leftrightarrow', '⇒': '\\Rightarrow', '⇐': '\\Leftarrow',
  '⇔': '\\Leftrightarrow', '↦': '\\mapsto', '⟹': '\\Longrightarrow', '⟺': '\\Longleftrightarrow', '↑': '\\uparrow',
  '↓': '\\downarrow', '∂': '\\partial', '∇': '\\nabla', '∑': '\\sum', '∏': '\\prod', '∫': '\\int', '∮': '\\oint',
  '√': '\\surd', 'ℓ': '\\ell', 'ℏ': '\\hbar', '∘': '\\circ', '∗': '\\ast', '⋆': '\\star', '⋅': '\\cdot', '∙': '\\bullet',
  '•': '\\bullet', '⋯': '\\cdots', '≪': '\\ll', '≫': '\\gg', '≺': '\\prec', '≻': '\\succ', '⊥': '\\perp', '∥': '\\parallel',
  '∣': '\\mid', '⟨': '\\langle', '⟩': '\\rangle', '⌊': '\\lfloor', '⌋': '\\rfloor', '⌈': '\\lceil', '⌉': '\\rceil',
  '⊗': '\\otimes', '⊕': '\\oplus', '⊤': '\\top', '⊢': '\\vdash', '⊨': '\\models', 'ℵ': '\\aleph', 'ℜ': '\\Re',
  'ℑ': '\\Im', '℘': '\\wp', '∠': '\\angle', '△': '\\triangle', '×': '\\times', '÷': '\\div', '±': '\\pm', '∓': '\\mp',
  '−': '-', '′': '\\prime', '″': '\\prime\\prime', '‖': '\\|', '≔': ':=',
  '⁰': '^{0}', '¹': '^{1}', '²': '^{2}', '³': '^{3}', '⁴': '^{4}', '⁵': '^{5}', '⁶': '^{6}', '⁷': '^{7}', '⁸': '^{8}', '⁹': '^{9}', '⁺': '^{+}', '⁻': '^{-}',
  'ⁿ': '^{n}', 'ⁱ': '^{i}', '₀': '_{0}', '₁': '_{1}', '₂': '_{2}', '₃': '_{3}', '₄': '_{4}', '₅': '_{5}', '₆': '_{6}',
  '₇': '_{7}', '₈': '_{8}', '₉': '_{9}', '₊': '_{+}', '₋': '_{-}',
};

/** Combining marks (after NFD) as LaTeX accent commands; `true` when the command is a letter and needs braces. */
const accents: Record<string, [string, boolean]> = {
  '\u0300': ['`', false], '\u0301': ["'", false], '\u0302': ['^', false], '\u0303': ['~', false], '\u0304': ['=', false],
  '\u0306': ['u', true], '\u0307': ['.', false], '\u0308': ['"', false], '\u030a': ['r', true], '\u030b': ['H', true],
  '\u030c': ['v', true], '\u0327': ['c', true], '\u0323': ['d', true], '\u0331': ['b', true],
  '\u0326': ['c', true],
};

/** Marks with no OT1 accent (ogonek is T1-only): the base letter stands alone rather than break the build. */
const droppedMarks = new Set(['\u0328']);

const doubleStruckLetters: Record<string, string> = { ℂ: 'C', ℍ: 'H', ℕ: 'N', ℙ: 'P', ℚ: 'Q', ℝ: 'R', ℤ: 'Z' };

/** The LaTeX `\mathbb` fallback needed when the document does not load amsfonts. */
export const mathbbFallback = '\\providecommand{\\mathbb}[1]{\\mathbf{#1}}';

export interface LatexText {
  latex: string;
  /** True when the text uses `\mathbb`, which needs amsfonts or {@link mathbbFallback}. */
  usesMathbb: boolean;
}

type Piece = { math: boolean; text: string };

function mathAlphanumeric(char: string): string | null {
  const code = char.codePointAt(0) ?? 0;
  const letter = doubleStruckLetters[char];
  if (letter) return `\\mathbb{${letter}}`;
  if (code < 0x1d400 || code > 0x1d7ff) return null;
  const plain = char.normalize('NFKC');
  if (!/^[A-Za-z0-9]$/.test(plain)) return mathSymbols[plain] ?? null;
  if ((code >= 0x1d538 && code <= 0x1d56b) || (code >= 0x1d7d8 && code <= 0x1d7e1)) return `\\mathbb{${plain}}`;
  if ((code >= 0x1d400 && code <= 0x1d433) || (code >= 0x1d7ce && code <= 0x1d7d7)) return `\\mathbf{${plain}}`;
  if (code >= 0x1d434 && code <= 0x1d467) return `\\mathit{${plain}}`;
  return plain;
}

function accented(char: string): string | null {
  const [base, ...allMarks] = Array.from(char.normalize('NFD'));
  const marks = allMarks.filter((m) => !droppedMarks.has(m));
  if (allMarks.length === 0 || !/^[A-Za-z]$/.test(base) || !marks.every((m) => accents[m])) return null;
  if (marks.length === 0) return base;
  // Plain `i` under the accent: biber decodes `\"{\i}` to ı + U+0308, which pdflatex then rejects.
  let latex = base;
  for (const mark of marks) {
    const [command, isLetter] = accents[mark];
    latex = isLetter ? `\\${command}{${latex}}` : `\\${command}${latex.startsWith('\\') ? `{${latex}}` : latex}`;
  }
  return `{${latex}}`;
}

function pieceFor(char: string): Piece {
  if (char in asciiSpecials) return { math: false, text: asciiSpecials[char] };
  if (char in asciiMath) return { math: true, text: asciiMath[char] };
  if (keptAsUtf8.has(char)) return { math: false, text: char };
  if (char.charCodeAt(0) < 0x80) return { math: false, text: /\s/.test(char) ? ' ' : char };
  if (char in textSymbols) return { math: false, text: textSymbols[char] };
  if (char in mathSymbols) return { math: true, text: mathSymbols[char] };
  const alphanumeric = mathAlphanumeric(char);
  if (alphanumeric !== null) return { math: true, text: alphanumeric };
  const accent = accented(char);
  if (accent) return { math: false, text: accent };
  if (/\s/.test(char)) return { math: false, text: ' ' };
  const compatible = char.normalize('NFKC');
  if (compatible !== char && Array.from(compatible).every((c) => c.charCodeAt(0) < 0x80 && !(c in asciiSpecials))) {
    return { math: false, text: compatible };
  }
  // No LaTeX spelling that pdflatex accepts without extra packages (CJK, emoji, ...).
  return { math: false, text: '?' };
}

/** Joins math pieces into one `{$…$}` run: adjacent `$` would read as display math, and braces stop BibTeX lowercasing `\Gamma`. */
function joinPieces(pieces: Piece[]): string {
  let out = '';
  let math = '';
  const flush = (): void => {
    if (math) out += `{$${math}$}`;
    math = '';
  };
  for (const piece of pieces) {
    if (!piece.math) {
      flush();
      out += piece.text;
      continue;
    }
    const needsSpace = /\\[A-Za-z]+$/.test(math) && /^[A-Za-z]/.test(piece.text);
    math += (needsSpace ? ' ' : '') + piece.text;
  }
  flush();
  return out;
}

/** Unicode text to LaTeX for a .bib field: whitespace collapsed, nothing left that pdflatex rejects. */
export function toLatex(text: string): LatexText {
  const pieces = Array.from(text.normalize('NFC').replace(/\s+/g, ' ').trim()).map(pieceFor);
  const latex = joinPieces(pieces);
  return { latex, usesMathbb: latex.includes('\\mathbb') };
}
