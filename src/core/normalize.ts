/** Lower-case ASCII folding: strips diacritics so `Jörn` and `Jorn` compare equal. */
export function foldToAscii(text: string): string {
  // Most titles and names are plain ASCII already; NFKD over 100k of them is the merge's largest cost.
  if (/^[\x00-\x7f]*$/.test(text)) return text;
  return text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/[æÆ]/g, 'ae').replace(/[øØ]/g, 'o').replace(/[łŁ]/g, 'l');
}

/** The merge key of a title: case, accents, punctuation and spacing do not make two papers. */
export function normalizeTitle(title: string): string {
  return foldToAscii(title)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** 64-bit FNV-1a as 16 hex digits: stable ids on every machine, no crypto dependency (runs on the web too). */
export function stableHash(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ c ^ (h1 >>> 11), 0x01000193) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}
