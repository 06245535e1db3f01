import { fnv1a32, foldToAscii } from './normalize';
import { sortSmall } from './sortSmall';

/** Words that never make a key: a key names the paper, not its grammar. */
const INSIGNIFICANT_WORDS = new Set([
  'a', 'an', 'the', 'on', 'of', 'in', 'for', 'and', 'or', 'to', 'with', 'without', 'via', 'by', 'from', 'at', 'as',
  'into', 'onto', 'over', 'under', 'between', 'towards', 'toward', 'through', 'about', 'is', 'are', 'be', 'do', 'does',
  'how', 'what', 'when', 'why', 'which', 'who', 'its', 'it', 'this', 'that', 'these', 'those', 'we', 'our', 'can', 'not',
  'no', 'vs', 'versus', 'beyond', 'using', 'meets', 'part', 'i', 'ii', 'iii',
]);

const NAME_PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'du', 'la', 'le', 'dos', 'das', 'ter', 'ten', 'bin', 'al']);
const NAME_SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd']);

function keyPart(text: string): string {
  return foldToAscii(text).toLowerCase().replace(/[^a-z0-9]+/g, '');
}

/** The family name of a display name (`Yikuan Zhang`, `Zhang, Yikuan`, `Ludwig van Beethoven`, `John Smith Jr.`). */
export function familyName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.includes(',')) {
    const family = trimmed.split(',')[0].trim();
    if (family) return family;
  }
  const words = trimmed.split(/\s+/).filter(Boolean);
  while (words.length > 1 && NAME_SUFFIXES.has(keyPart(words[words.length - 1]))) words.pop();
  if (words.length === 0) return '';
  let start = words.length - 1;
  while (start > 1 && NAME_PARTICLES.has(words[start - 1].toLowerCase())) start--;
  return words.slice(start).join(' ');
}

/** `keyPart(familyName(name))`, computed once per word: each keyPart folds accents, and most names need only one. */
function familyKey(name: string): string {
  if (name.includes(',')) return keyPart(familyName(name));
  const words = name.split(/\s+/);
  const first = words[0] === '' ? 1 : 0;
  let last = words[words.length - 1] === '' ? words.length - 2 : words.length - 1;
  if (last < first) return '';
  let lastKey = keyPart(words[last]);
  while (last > first && NAME_SUFFIXES.has(lastKey)) lastKey = keyPart(words[--last]);
  let start = last;
  while (start > first + 1 && NAME_PARTICLES.has(words[start - 1].toLowerCase())) start--;
  let key = '';
  for (let i = start; i < last; i++) key += keyPart(words[i]);
  return key + lastKey;
}

/** The ASCII characters `\s` matches: tab, line feed, vertical tab, form feed, carriage return, space. */
function isAsciiSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

function isAsciiAlphanumeric(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

/** No grammar word is longer: a longer word needs no look-up. */
const LONGEST_INSIGNIFICANT_WORD = Math.max(...[...INSIGNIFICANT_WORDS].map((word) => word.length));

function isSignificant(word: string): boolean {
  return word.length > LONGEST_INSIGNIFICANT_WORD || (word.length > 0 && !INSIGNIFICANT_WORDS.has(word));
}

/** The title's first `limit` significant words in order, folded to lower-case ASCII. */
export function significantTitleWords(title: string, limit = Infinity): string[] {
  const words: string[] = [];
  collectSignificantWords(title, limit, words);
  return words;
}

/** Appends the title's first `limit` significant words to `words`, which must come empty. */
function collectSignificantWords(title: string, limit: number, words: string[]): void {
  // Splitting a whole title on /\s+/ costs more than the two words a key needs: the words before the first
  // non-ASCII character are scanned instead, and only a title whose words reach one is split.
  if (limit > 0 && collectAsciiWords(title, limit, words)) return;
  words.length = 0;
  for (const raw of title.split(/\s+/)) {
    const word = keyPart(raw);
    if (isSignificant(word)) words.push(word);
    if (words.length >= limit) return;
  }
}

/** False, with `words` partly filled, when a non-ASCII character comes before the title's `limit` significant words. */
function collectAsciiWords(title: string, limit: number, words: string[]): boolean {
  let start = 0;
  while (start < title.length) {
    const first = title.charCodeAt(start);
    if (first >= 0x80) return false;
    if (isAsciiSpace(first)) {
      start++;
      continue;
    }
    let end = start;
    let alphanumeric = true;
    for (; end < title.length; end++) {
      const code = title.charCodeAt(end);
      if (code >= 0x80) return false;
      if (isAsciiSpace(code)) break;
      if (!isAsciiAlphanumeric(code)) alphanumeric = false;
    }
    const raw = title.slice(start, end);
    const word = alphanumeric ? raw.toLowerCase() : keyPart(raw);
    if (isSignificant(word)) words.push(word);
    if (words.length >= limit) return true;
    start = end;
  }
  return true;
}

export interface KeyInput {
  title: string;
  authors: string[];
  date: string | null;
}

/** Better BibTeX style: `<family><year><first significant title word>`, or `<word><year><word>` without authors. */
export function baseCitationKey(paper: KeyInput): string {
  const parts: BaseParts = { head: '', year: '', tail: '' };
  basePartsOf(paper, new Map(), parts);
  return parts.head + parts.year + parts.tail;
}

const YEARS: string[] = [];

/** The first four characters of a date; the string of each four-digit year is made once, not once per paper. */
function yearOf(date: string): string {
  let year = 0;
  for (let i = 0; i < 4; i++) {
    const digit = date.charCodeAt(i) - 48;
    if (!(digit >= 0 && digit <= 9)) return date.slice(0, 4);
    year = year * 10 + digit;
  }
  return (YEARS[year] ??= date.slice(0, 4));
}

/** The title words of the key being built, reused for every key so that building one allocates no array. */
const keyWords: string[] = [];

/** A base key in its three parts, never empty together: the parts can be hashed without joining and rescanning them. */
interface BaseParts {
  /** The family name, or the first title word, or `paper`. */
  head: string;
  year: string;
  /** The first title word after a family name, or the second after a first word. */
  tail: string;
}

/** `familyKeys` remembers the key part of each first author's family name: a corpus repeats its authors many times. */
function basePartsOf(paper: KeyInput, familyKeys: Map<string, string>, parts: BaseParts): void {
  parts.year = paper.date ? yearOf(paper.date) : '';
  keyWords.length = 0;
  if (paper.authors.length > 0) {
    const firstAuthor = paper.authors[0];
    let family = familyKeys.get(firstAuthor);
    if (family === undefined) {
      family = familyKey(firstAuthor);
      familyKeys.set(firstAuthor, family);
    }
    if (family) {
      collectSignificantWords(paper.title, 1, keyWords);
      parts.head = family;
      parts.tail = keyWords[0] ?? '';
      return;
    }
  }
  collectSignificantWords(paper.title, 2, keyWords);
  parts.head = keyWords[0] ?? 'paper';
  parts.tail = keyWords[1] ?? '';
}

function suffix(index: number): string {
  // a..z, then aa, ab, … so any number of collisions stays unique.
  let result = '';
  let n = index;
  do {
    result = String.fromCharCode(97 + (n % 26)) + result;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return result;
}

export interface KeyRequest extends KeyInput {
  id: string;
  /** A key the user's .bib or CSL-JSON already gives this paper; kept as it is. */
  existingKey?: string;
}

/**
 * Assigns every paper a unique key. Existing keys win and never change; generated keys that collide
 * get `a`, `b`, … after the first, in order of paper id so the result does not depend on file order.
 * Paper ids are unique.
 */
export function assignCitationKeys(papers: KeyRequest[]): Map<string, string> {
  const keys = citationKeysOf(papers);
  return new Map(papers.map((paper, i) => [paper.id, keys[i]]));
}

/** The keys `assignCitationKeys` gives, by position in `papers`. */
export function citationKeysOf(papers: readonly KeyRequest[]): string[] {
  const keys = new Array<string>(papers.length).fill('');
  let tableSize = 16;
  while (tableSize < papers.length * 2) tableSize *= 2;
  const taken = new Set<string>();
  // One bit per hash of a taken key: most bases are free, and this proves it without a string look-up.
  const takenHashes = new Uint8Array(tableSize);
  const take = (key: string) => {
    taken.add(key);
    takenHashes[fnv1a32(key) & (tableSize - 1)] = 1;
  };
  const byId = (a: number, b: number) => (papers[a].id < papers[b].id ? -1 : papers[a].id > papers[b].id ? 1 : 0);
  const claiming: number[] = [];
  for (let i = 0; i < papers.length; i++) if (papers[i].existingKey) claiming.push(i);
  for (const i of claiming.sort(byId)) {
    const existing = papers[i].existingKey!;
    if (taken.has(existing)) continue;
    keys[i] = existing;
    take(existing);
  }
  // Papers of one base are chained through `nextInGroup`, so a base seen once (nearly all) costs no array; bases
  // are found through their hash in a table of numbers rather than a Map of 100k strings.
  const bases: string[] = [];
  const baseHashes = new Int32Array(papers.length);
  const firstInGroup = new Int32Array(papers.length);
  const lastInGroup = new Int32Array(papers.length);
  const nextInGroup = new Int32Array(papers.length).fill(-1);
  // Each slot holds its group and that group's hash side by side, so a probe reads one cache line.
  const groupInSlot = new Int32Array(tableSize * 2).fill(-1);
  const familyKeys = new Map<string, string>();
  const parts: BaseParts = { head: '', year: '', tail: '' };
  for (let i = 0; i < papers.length; i++) {
    if (keys[i]) continue;
    basePartsOf(papers[i], familyKeys, parts);
    const hash = fnv1a32(parts.tail, fnv1a32(parts.year, fnv1a32(parts.head)));
    const base = parts.head + parts.year + parts.tail;
    let slot = hash & (tableSize - 1);
    let group = groupInSlot[slot * 2];
    while (group !== -1 && (groupInSlot[slot * 2 + 1] !== hash || bases[group] !== base)) {
      slot = (slot + 1) & (tableSize - 1);
      group = groupInSlot[slot * 2];
    }
    if (group !== -1) {
      nextInGroup[lastInGroup[group]] = i;
      lastInGroup[group] = i;
    } else {
      group = bases.length;
      groupInSlot[slot * 2] = group;
      groupInSlot[slot * 2 + 1] = hash;
      baseHashes[group] = hash;
      firstInGroup[group] = i;
      lastInGroup[group] = i;
      bases.push(base);
    }
  }
  // Two bases compete for a key only when one is a prefix of the other, so shorter bases first gives
  // the keys that processing them in sorted order gives, without sorting 100k strings.
  const order = groupsByBaseLength(bases);
  for (let k = 0; k < order.length; k++) {
    const group = order[k];
    const base = bases[group];
    const first = firstInGroup[group];
    // Bases used as keys stay out of `taken`: no other base equals one, and every later suffixed key is longer.
    const baseFree = takenHashes[baseHashes[group] & (tableSize - 1)] === 0 || !taken.has(base);
    if (nextInGroup[first] === -1 && baseFree) {
      keys[first] = base;
      continue;
    }
    const indices: number[] = [];
    for (let i = first; i !== -1; i = nextInGroup[i]) indices.push(i);
    sortSmall(indices, byId);
    let next = 0;
    for (let i = 0; i < indices.length; i++) {
      let candidate = i === 0 && baseFree ? base : '';
      if (!candidate) {
        do candidate = base + suffix(next++);
        while (taken.has(candidate));
        take(candidate);
      }
      keys[indices[i]] = candidate;
    }
  }
  return keys;
}

/** Group numbers ordered by the length of their base, shortest first; equal lengths keep their order. */
function groupsByBaseLength(bases: readonly string[]): Int32Array {
  let longest = 0;
  for (let group = 0; group < bases.length; group++) longest = Math.max(longest, bases[group].length);
  const starts = new Int32Array(longest + 2);
  for (let group = 0; group < bases.length; group++) starts[bases[group].length + 1]++;
  for (let length = 1; length < starts.length; length++) starts[length] += starts[length - 1];
  const order = new Int32Array(bases.length);
  for (let group = 0; group < bases.length; group++) order[starts[bases[group].length]++] = group;
  return order;
}
