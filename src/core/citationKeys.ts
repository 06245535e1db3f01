import { foldToAscii } from './normalize';

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

/** The title's first `limit` significant words in order, folded to lower-case ASCII. */
export function significantTitleWords(title: string, limit = Infinity): string[] {
  const words: string[] = [];
  for (const raw of title.split(/\s+/)) {
    const word = keyPart(raw);
    if (word.length > 0 && !INSIGNIFICANT_WORDS.has(word)) words.push(word);
    if (words.length >= limit) break;
  }
  return words;
}

export interface KeyInput {
  title: string;
  authors: string[];
  date: string | null;
}

/** Better BibTeX style: `<family><year><first significant title word>`, or `<word><year><word>` without authors. */
export function baseCitationKey(paper: KeyInput): string {
  const year = paper.date ? paper.date.slice(0, 4) : '';
  const words = significantTitleWords(paper.title, 2);
  const family = paper.authors.length > 0 ? keyPart(familyName(paper.authors[0])) : '';
  const key = family ? `${family}${year}${words[0] ?? ''}` : `${words[0] ?? 'paper'}${year}${words[1] ?? ''}`;
  return key || 'paper';
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
 */
export function assignCitationKeys(papers: KeyRequest[]): Map<string, string> {
  const keys = new Map<string, string>();
  const taken = new Set<string>();
  for (const paper of [...papers].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0))) {
    if (paper.existingKey && !taken.has(paper.existingKey)) {
      keys.set(paper.id, paper.existingKey);
      taken.add(paper.existingKey);
    }
  }
  const byBase = new Map<string, KeyRequest[]>();
  for (const paper of papers) {
    if (keys.has(paper.id)) continue;
    const base = baseCitationKey(paper);
    const group = byBase.get(base);
    if (group) group.push(paper);
    else byBase.set(base, [paper]);
  }
  for (const base of [...byBase.keys()].sort()) {
    const group = byBase.get(base)!.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
    let next = 0;
    for (let i = 0; i < group.length; i++) {
      let candidate = i === 0 ? base : '';
      if (!candidate || taken.has(candidate)) {
        do candidate = base + suffix(next++);
        while (taken.has(candidate));
      }
      keys.set(group[i].id, candidate);
      taken.add(candidate);
    }
  }
  return keys;
}
