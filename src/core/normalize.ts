const ASCII_ONLY = /^[\x00-\x7f]*$/;

/** Lower-case ASCII folding: strips diacritics so `Jörn` and `Jorn` compare equal. */
export function foldToAscii(text: string): string {
  // Most titles and names are plain ASCII already; NFKD over 100k of them is the merge's largest cost.
  if (ASCII_ONLY.test(text)) return text;
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/[æÆ]/g, 'ae').replace(/[øØ]/g, 'o').replace(/[łŁ]/g, 'l');
}

/** The merge key of a title: case, accents, punctuation and spacing do not make two papers. */
export function normalizeTitle(title: string): string {
  // In lower-cased ASCII, [^a-z0-9] is exactly [^\p{L}\p{N}], and several times cheaper than the Unicode class.
  if (ASCII_ONLY.test(title)) return title.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  return foldToAscii(title)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * 32-bit FNV-1a of `text` (as a signed integer), continuing from `hash` to hash several texts as one: for
 * tables that confirm a match by comparing the strings.
 */
export function fnv1a32(text: string, hash = 0x811c9dc5 | 0): number {
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash;
}

const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];

/** 64-bit FNV-1a as 16 hex digits: stable ids on every machine, no crypto dependency (runs on the web too). */
export function stableHash(text: string): string {
  hashWords(text, hashScratch);
  return hashHex(hashScratch[0], hashScratch[1]);
}

const hashScratch = new Uint32Array(2);

function hashWords(text: string, into: Uint32Array): void {
  // Kept in int32 throughout (the same bits as the unsigned halves), so the loop never leaves integer registers.
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 11), 0x01000193);
  }
  into[0] = h1;
  into[1] = h2;
}

/** For each ASCII code: its lower-case form if it is a letter or digit, else 0 (a separator). */
const TITLE_CHAR = new Uint8Array(128).map((_, code) =>
  code >= 65 && code <= 90 ? code + 32 : (code >= 97 && code <= 122) || (code >= 48 && code <= 57) ? code : 0,
);

/** The stable id of a title, `stableHash(normalizeTitle(title))`. */
export function titleHash(title: string): string {
  titleHashWords(title, hashScratch);
  return hashHex(hashScratch[0], hashScratch[1]);
}

/**
 * The two 32-bit halves of `titleHash(title)`, high first, written to `into`: a caller grouping 100k titles
 * compares numbers and makes id strings only for distinct titles. ASCII titles are hashed without building
 * their normalised form.
 */
export function titleHashWords(title: string, into: Uint32Array): void {
  let h1 = 0x811c9dc5 | 0;
  let h2 = 0x050c5d1f;
  let pendingSpace = false;
  let started = false;
  for (let i = 0; i < title.length; i++) {
    const code = title.charCodeAt(i);
    if (code >= 0x80) return hashWords(normalizeTitle(title), into);
    const c = TITLE_CHAR[code];
    if (c === 0) {
      pendingSpace = started;
      continue;
    }
    if (pendingSpace) {
      h1 = Math.imul(h1 ^ 32, 0x01000193);
      h2 = Math.imul(h2 ^ 32 ^ (h1 >>> 11), 0x01000193);
      pendingSpace = false;
    }
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 11), 0x01000193);
    started = true;
  }
  into[0] = h1;
  into[1] = h2;
}

/** 16 lower-case hex digits as one flat string: ids are map and sort keys, where a concatenated (cons) string must first be flattened. */
export function hashHex(high: number, low: number): string {
  return String.fromCharCode(
    HEX[high >>> 28], HEX[(high >>> 24) & 15], HEX[(high >>> 20) & 15], HEX[(high >>> 16) & 15],
    HEX[(high >>> 12) & 15], HEX[(high >>> 8) & 15], HEX[(high >>> 4) & 15], HEX[high & 15],
    HEX[low >>> 28], HEX[(low >>> 24) & 15], HEX[(low >>> 20) & 15], HEX[(low >>> 16) & 15],
    HEX[(low >>> 12) & 15], HEX[(low >>> 8) & 15], HEX[(low >>> 4) & 15], HEX[low & 15],
  );
}
