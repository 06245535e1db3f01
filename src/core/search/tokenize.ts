/**
 * Text → search terms: lower-cased, accents folded (ö → o), split on anything that is not a letter or digit.
 * Documents and queries go through the same table so that both sides agree on every term.
 */

/** Marks a code unit not folded yet: U+FFFF is no letter or digit, so no code unit folds to it. */
const UNFOLDED = 0xffff;

const WORD_CHAR = /[\p{L}\p{N}]/u;
const COMBINING_MARKS = /\p{M}/gu;

function foldOf(code: number): number {
  if (code >= 48 && code <= 57) return code;
  if (code >= 97 && code <= 122) return code;
  if (code >= 65 && code <= 90) return code + 32;
  if (code < 128) return 0;
  // Halves of astral characters (𝔼, emoji) are kept so such symbols stay searchable.
  if (code >= 0xd800 && code <= 0xdfff) return code;
  const char = String.fromCharCode(code);
  if (!WORD_CHAR.test(char)) return 0;
  const lower = char.toLowerCase();
  const base = lower.normalize('NFD').replace(COMBINING_MARKS, '');
  return base.length === 1 ? base.charCodeAt(0) : lower.length === 1 ? lower.charCodeAt(0) : code;
}

/**
 * Each UTF-16 code unit's fold, filled as code units are first met (ASCII at once): working out all 65,536
 * took 35-40 ms of every thread that loads the search code, and a corpus uses a few hundred beyond ASCII.
 */
const foldTable = ((): Uint16Array => {
  const table = new Uint16Array(65536).fill(UNFOLDED);
  for (let code = 0; code < 128; code++) table[code] = foldOf(code);
  return table;
})();

/** The folded code unit (lower case, accents off), or 0 when `code` separates words. */
export function foldedChar(code: number): number {
  const folded = foldTable[code];
  return folded !== UNFOLDED ? folded : (foldTable[code] = foldOf(code));
}

/** Words too common in abstracts to help ranking; titles and names keep them. */
export const ABSTRACT_STOP_WORDS: readonly string[] = [
  'the', 'of', 'and', 'to', 'in', 'is', 'we', 'for', 'that', 'with', 'on', 'this', 'by', 'as', 'are', 'an',
  'be', 'from', 'our', 'which', 'these', 'it', 'at', 'or', 'can', 'not', 'has', 'have', 'was', 'were', 'their',
  'its', 'such', 'than', 'also', 'both', 'into', 'while', 'been', 'how', 'between', 'when', 'where', 'more',
  'most', 'other', 'only', 'then', 'there', 'they', 'them', 'but', 'each', 'however', 'here', 'all', 'any',
  'via', 'thus', 'do', 'does', 'using', 'over', 'under', 'through', 'show', 'shows', 'whether', 'what', 'who',
];

const STOP_SET = new Set(ABSTRACT_STOP_WORDS);

/** Whether a term of an abstract goes into the index (single letters and stop words do not). */
export function isIndexedAbstractTerm(term: string): boolean {
  return term.length > 1 && !STOP_SET.has(term);
}

/** Calls `onToken(term, start, end)` for each word, with offsets into the original text. */
export function forEachToken(text: string, onToken: (term: string, start: number, end: number) => void): void {
  const length = text.length;
  let index = 0;
  while (index < length) {
    if (foldedChar(text.charCodeAt(index)) === 0) {
      index++;
      continue;
    }
    const start = index;
    let term = '';
    while (index < length) {
      const folded = foldedChar(text.charCodeAt(index));
      if (folded === 0) break;
      term += String.fromCharCode(folded);
      index++;
    }
    onToken(term, start, index);
  }
}

/** The terms of a text, in order, repeats kept. */
export function tokenize(text: string): string[] {
  const terms: string[] = [];
  forEachToken(text, (term) => terms.push(term));
  return terms;
}
