/**
 * Words for topic modelling: a tokenizer that keeps hyphenated compounds whole
 * (`single-cell`, `score-based`), a light plural stemmer, and the curated word lists
 * that keep labels specific.
 */

/** Function words: never features, and they split phrases. */
const FUNCTION_WORDS = `
a about above across after again against all almost along already also although always am among an and another any are
around as at be because been before being below between beyond both but by can cannot could did do does doing done down
during each either else enough even ever every few for from further had has have having he her here hers herself him
himself his how however i if in into is it its itself just least less let like many may me might more most much must my
myself neither no nor not now of off often on once one only onto or other others otherwise our ours ourselves out over
own per perhaps quite rather same several shall she should since so some such than that the their theirs them themselves
then there thereby therefore these they this those though through throughout thus to together too toward towards under
unless until up upon us very via was we well were what whatever when where whereas whether which while who whom whose why
will with within without would yet you your yours yourself yourselves
zero two three four five six seven eight nine ten first second third etc ie eg vs et al
alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega
`;

/**
 * Words of academic prose that say nothing about a topic: never features, never in a label.
 * Stems (after {@link stemWord}) and compounds are listed as they come out of the tokenizer.
 */
const GENERIC_WORDS = `
paper papers work works study studies studied studying result show shows showed shown showing demonstrate demonstrates
demonstrated demonstrating propose proposes proposed proposing present presents presented presenting introduce introduces
introduced introducing novel new method approach technique way provide provides provided providing use used uses using
utilize utilizes based able ability achieve achieves achieved achieving improve improves improved improving improvement
existing previous prior recent recently current various different diverse important key main major significant
significantly substantially effective effectively efficient efficiently simple simply common commonly general generally
specific specifically particular particularly typical typically respectively widely well-known state-of-the-art sota large
small high low better best good great strong stronger superior prove proves proven find finds found finding obtain obtains
obtained consider considers considered allow allows allowed enable enables enabled make makes made given give gives
including include includes includ lead leads leading remain remains remaining due order aim aims goal goals paradigm
furthermore moreover additionally addition thus hence here herein whereby overall various extensive extensively
experiment experimental experimentally empirical empirically evaluate evaluated evaluation benchmark outperform
outperforms outperforming baseline terms case aspect aspects insight understanding understand field area domain
challenge challenging challenges open question questions issue issues solution solutions contribution contributions
real-world large-scale long-standing so-called high-quality closed-form non-trivial end-to-end fine-grained high-level
low-level cutting-edge open-source plug-and-play trade-off wide range number amount level example instance effect
impact role crucial essential fundamental critical promising powerful robust lack despite able via yield yields
suggest suggests reveal reveals revealed explore explores explored investigate investigates investigated address
addresses addressed focus focuses focused arise arises arising explain explains explained follow follows followed
earlier later often rarely determine determines determined apply applying applied conduct conducted maintain
maintains predict predicts presence particular certain corresponding correspond respectively despite associated whose
`;

/**
 * Words that are too broad to name a shelf alone but fine at the end of a phrase
 * (`Diffusion Models`, `Neural Networks`, `Reinforcement Learning`).
 */
const WEAK_WORDS = `
model modeling modelling data learning network problem framework analysis system task performance algorithm theory
theoretical function training train process structure property set value time space state behavior behaviour rate error
application setting condition regime mechanism form type class quality measure accuracy cost size design variable point
term pattern approximation deep multi single local global complex parameter step information method neural
weight loss layer principle objective input output sample mode resolution profile evolution variation factor response
correlation influence long complexity
`;

function wordSet(list: string): ReadonlySet<string> {
  return new Set(list.split(/\s+/).filter((word) => word.length > 0));
}

export const STOP_WORDS: ReadonlySet<string> = wordSet(FUNCTION_WORDS);
export const GENERIC: ReadonlySet<string> = wordSet(GENERIC_WORDS);
export const WEAK: ReadonlySet<string> = wordSet(WEAK_WORDS);

/** Plural to singular only, so `models`/`model` and `PINNs`/`PINN` meet while `dynamics` stays a noun. */
export function stemWord(word: string): string {
  const length = word.length;
  if (length <= 3) return word;
  if (word.endsWith('ies') && length > 4 && !/[ae]ies$/.test(word)) return word.slice(0, -3) + 'y';
  if (word.endsWith('sses') || word.endsWith('xes') || word.endsWith('ches') || word.endsWith('shes')) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is|as|os|ics|ys)$/.test(word)) return word.slice(0, -1);
  return word;
}

/** A hyphenated compound is stemmed on its last part (`single-cells` -> `single-cell`). */
export function stemToken(lower: string): string {
  const hyphen = lower.lastIndexOf('-');
  if (hyphen < 0) return stemWord(lower);
  return lower.slice(0, hyphen + 1) + stemWord(lower.slice(hyphen + 1));
}

/** Words: letters and digits, joined by an apostrophe or a dash when letters or digits follow it. */
export const WORD_PATTERN = /[\p{L}\p{N}]+(?:['’\-‐‑–][\p{L}\p{N}]+)*/gu;
const HAS_LETTER = /\p{L}/u;
const HAS_DIGIT_ONLY_PARTS = /^[\d-]+$/;

export interface ScannedWord {
  /** The word as written, possessive removed, hyphens normalised to `-`. */
  raw: string;
  /** Stemmed lower-case key, or null when the word is a stop word, generic, or not a word. */
  key: string | null;
  /** First word of a sentence, so its capital says nothing about its casing. */
  sentenceStart: boolean;
  /** Punctuation separates it from the previous word, so the two never form a phrase. */
  breakBefore: boolean;
}

/** Normalises one raw match to its feature key, or null when it carries no topic. */
export function tokenKey(raw: string): string | null {
  const lower = raw.toLowerCase();
  if (lower.length < 2 || !HAS_LETTER.test(lower) || HAS_DIGIT_ONLY_PARTS.test(lower)) return null;
  if (STOP_WORDS.has(lower) || GENERIC.has(lower)) return null;
  const key = stemToken(lower);
  if (GENERIC.has(key) || STOP_WORDS.has(key)) return null;
  return key;
}

const APOSTROPHE_OR_DASH = /['’‐‑–]/u;
const POSSESSIVE = /['’]s$/u;
const APOSTROPHES = /['’]/gu;
const DASHES = /[‐‑–]/gu;

export function cleanRaw(match: string): string {
  // Most words have neither: one test instead of three replacements.
  if (!APOSTROPHE_OR_DASH.test(match)) return match;
  return match.replace(POSSESSIVE, '').replace(APOSTROPHES, '').replace(DASHES, '-');
}

/** A word as matched -> its cleaned form and key; a scan of many texts repeats the same few thousand words. */
export type WordMemo = Map<string, { raw: string; key: string | null }>;

// Character classes of WORD_PATTERN, one code unit at a time: the hand-written scans (scanWords, the tokenizer's hot loop) read them.
const WORD_CHAR = /^[\p{L}\p{N}]$/u;
const UNCLASSIFIED = 0;
export const WORD = 1;
export const SPACE = 2;
export const JOINER = 3;
const PUNCTUATION = 4;
export const HIGH_SURROGATE = 5;
/** Class of each UTF-16 code unit, filled on first sight outside ASCII; letters and digits as in WORD_PATTERN. */
const charClass = new Uint8Array(65536);
for (let code = 0; code < 128; code++) {
  const letterOrDigit = (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  charClass[code] = letterOrDigit ? WORD : code === 32 || code === 9 ? SPACE : code === 45 || code === 39 ? JOINER : PUNCTUATION;
}
const astralClass = new Map<number, boolean>();

function classify(code: number): number {
  if (code >= 0xd800 && code <= 0xdbff) return HIGH_SURROGATE;
  if (code === 0x2019 || code === 0x2010 || code === 0x2011 || code === 0x2013) return JOINER;
  return WORD_CHAR.test(String.fromCharCode(code)) ? WORD : PUNCTUATION;
}

export function classOf(code: number): number {
  const kind = charClass[code];
  return kind !== UNCLASSIFIED ? kind : (charClass[code] = classify(code));
}

/** Length (0 or 2 code units) of the letter or digit that the high surrogate at `i` opens. */
export function astralWordLength(text: string, i: number): number {
  if (i + 1 >= text.length) return 0;
  const point = text.codePointAt(i) as number;
  let isWord = astralClass.get(point);
  if (isWord === undefined) astralClass.set(point, (isWord = WORD_CHAR.test(String.fromCodePoint(point))));
  return isWord ? 2 : 0;
}

/** Code units of the letter or digit at `i` (1, or 2 for an astral one), 0 when none starts there. */
function wordCharLength(text: string, i: number): number {
  const kind = classOf(text.charCodeAt(i));
  return kind === WORD ? 1 : kind === HIGH_SURROGATE ? astralWordLength(text, i) : 0;
}

/**
 * Calls `visit` for every word of `text` (the matches of {@link WORD_PATTERN}), in order; `memo` spares normalising
 * a word seen before. Scanned by hand: the regular expression, with a string for the gap before each word, took
 * most of the time of labelling a large corpus's topics.
 */
export function scanWords(text: string, visit: (word: ScannedWord) => void, memo?: WordMemo): void {
  const end = text.length;
  let previousEnd = 0;
  let first = true;
  let i = 0;
  while (i < end) {
    let length = wordCharLength(text, i);
    if (length === 0) {
      i++;
      continue;
    }
    const start = i;
    i += length;
    while (i < end) {
      length = wordCharLength(text, i);
      if (length === 0 && classOf(text.charCodeAt(i)) === JOINER && i + 1 < end) {
        // A joiner continues the word only when a letter or digit follows it.
        const after = wordCharLength(text, i + 1);
        if (after > 0) length = 1 + after;
      }
      if (length === 0) break;
      i += length;
    }
    // The gap since the last word: a sentence ends in it at `.`, `!`, `?` or a line break; any but spaces and tabs breaks a phrase.
    let sentenceStart = first;
    let breakBefore = first;
    for (let at = previousEnd; at < start; at++) {
      const code = text.charCodeAt(at);
      if (code === 46 || code === 33 || code === 63 || code === 10) sentenceStart = true;
      if (code !== 32 && code !== 9) breakBefore = true;
    }
    previousEnd = i;
    const match = text.slice(start, i);
    let known = memo?.get(match);
    if (known === undefined) {
      const raw = cleanRaw(match);
      known = { raw, key: tokenKey(raw) };
      memo?.set(match, known);
    }
    visit({ raw: known.raw, key: known.key, sentenceStart, breakBefore });
    first = false;
  }
}

/** Label-worthy on its own: not weak, and a compound only when some part is not weak or generic. */
export function isSpecificWord(key: string): boolean {
  if (WEAK.has(key)) return false;
  if (!key.includes('-')) return true;
  return key.split('-').some((part) => {
    const stem = stemWord(part);
    return part.length > 2 && !WEAK.has(stem) && !GENERIC.has(stem) && !STOP_WORDS.has(part);
  });
}
