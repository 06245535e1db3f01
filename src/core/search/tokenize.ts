/**
 * Text → search terms: lower-cased, accents folded (ö → o), split on anything that is not a letter or digit.
 * Documents and queries go through the same table so that both sides agree on every term.
 */

/** For each UTF-16 code unit: 0 when it separates words, else the folded code unit. */
export const FOLDED_CHAR = buildFoldTable();

function buildFoldTable(): Uint16Array {
  const table = new Uint16Array(65536);
  const wordChar = /[\p{L}\p{N}]/u;
  const combiningMarks = /\p{M}/gu;
  for (let code = 48; code <= 57; code++) table[code] = code;
  for (let code = 97; code <= 122; code++) table[code] = code;
  for (let code = 65; code <= 90; code++) table[code] = code + 32;
  for (let code = 128; code < 65536; code++) {
    // Halves of astral characters (𝔼, emoji) are kept so such symbols stay searchable.
    if (code >= 0xd800 && code <= 0xdfff) {
      table[code] = code;
      continue;
    }
    const char = String.fromCharCode(code);
    if (!wordChar.test(char)) continue;
    const lower = char.toLowerCase();
    const base = lower.normalize('NFD').replace(combiningMarks, '');
    table[code] = base.length === 1 ? base.charCodeAt(0) : lower.length === 1 ? lower.charCodeAt(0) : code;
  }
  return table;
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
    if (FOLDED_CHAR[text.charCodeAt(index)] === 0) {
      index++;
      continue;
    }
    const start = index;
    let term = '';
    while (index < length) {
      const folded = FOLDED_CHAR[text.charCodeAt(index)];
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
