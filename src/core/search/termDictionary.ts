import { FOLDED_CHAR } from './tokenize';

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;

/** FNV-1a over folded code units, the same hash the indexing loop computes on the fly. */
export function hashTerm(term: string): number {
  let hash = FNV_OFFSET;
  for (let index = 0; index < term.length; index++) hash = Math.imul(hash ^ term.charCodeAt(index), FNV_PRIME);
  return hash;
}

/**
 * Term ⇄ dense id. An open-addressing table keyed by hash and compared in place against the source text,
 * so indexing 100k abstracts allocates a string only for a term seen for the first time.
 */
export class TermDictionary {
  readonly terms: string[] = [];
  private hashes = new Int32Array(1024);
  private slots = new Int32Array(2048).fill(-1);
  /** Term ids by their first one and first two characters, for prefix expansion. */
  private readonly byFirstChar = new Map<string, number[]>();
  private readonly byFirstTwoChars = new Map<string, number[]>();

  get size(): number {
    return this.terms.length;
  }

  /** The id of `text[start, end)` folded (hash already computed over the folded units), added when new. */
  internSpan(text: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    const length = end - start;
    const fold = FOLDED_CHAR;
    let slot = hash & mask;
    for (;;) {
      const id = this.slots[slot];
      if (id < 0) break;
      if (this.hashes[id] === hash) {
        const term = this.terms[id];
        if (term.length === length) {
          let offset = 0;
          while (offset < length && term.charCodeAt(offset) === fold[text.charCodeAt(start + offset)]) offset++;
          if (offset === length) return id;
        }
      }
      slot = (slot + 1) & mask;
    }
    let term = '';
    for (let index = start; index < end; index++) term += String.fromCharCode(fold[text.charCodeAt(index)]);
    return this.insert(term, hash, slot);
  }

  /** The id of `text[start, end)` folded, or -1. */
  lookupSpan(text: string, start: number, end: number, hash: number): number {
    const mask = this.slots.length - 1;
    const length = end - start;
    const fold = FOLDED_CHAR;
    let slot = hash & mask;
    for (;;) {
      const id = this.slots[slot];
      if (id < 0) return -1;
      if (this.hashes[id] === hash) {
        const term = this.terms[id];
        if (term.length === length) {
          let offset = 0;
          while (offset < length && term.charCodeAt(offset) === fold[text.charCodeAt(start + offset)]) offset++;
          if (offset === length) return id;
        }
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Calls `onTerm(id, start, end)` for each word of `text` that is in the dictionary, until it returns true. */
  forEachKnownTerm(text: string, onTerm: (termId: number, start: number, end: number) => boolean | void): void {
    const fold = FOLDED_CHAR;
    const length = text.length;
    let index = 0;
    while (index < length) {
      let folded = fold[text.charCodeAt(index)];
      if (folded === 0) {
        index++;
        continue;
      }
      const start = index;
      let hash = FNV_OFFSET;
      do {
        hash = Math.imul(hash ^ folded, FNV_PRIME);
        index++;
        folded = index < length ? fold[text.charCodeAt(index)] : 0;
      } while (folded !== 0);
      const id = this.lookupSpan(text, start, index, hash);
      if (id >= 0 && onTerm(id, start, index) === true) return;
    }
  }

  /** The id of an already folded term, added when new. */
  intern(term: string): number {
    const hash = hashTerm(term);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const id = this.slots[slot];
      if (id < 0) return this.insert(term, hash, slot);
      if (this.hashes[id] === hash && this.terms[id] === term) return id;
      slot = (slot + 1) & mask;
    }
  }

  /** The id of a folded term, or -1. */
  lookup(term: string): number {
    const hash = hashTerm(term);
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    for (;;) {
      const id = this.slots[slot];
      if (id < 0) return -1;
      if (this.hashes[id] === hash && this.terms[id] === term) return id;
      slot = (slot + 1) & mask;
    }
  }

  /** Ids of every term that starts with `prefix` (the term itself included). */
  withPrefix(prefix: string): number[] {
    if (prefix.length === 0) return [];
    const bucket = prefix.length === 1 ? this.byFirstChar.get(prefix) : this.byFirstTwoChars.get(prefix.slice(0, 2));
    if (!bucket) return [];
    if (prefix.length <= 2) return bucket.slice();
    return bucket.filter((id) => this.terms[id].startsWith(prefix));
  }

  private insert(term: string, hash: number, slot: number): number {
    const id = this.terms.length;
    this.terms.push(term);
    if (id >= this.hashes.length) {
      const grown = new Int32Array(this.hashes.length * 2);
      grown.set(this.hashes);
      this.hashes = grown;
    }
    this.hashes[id] = hash;
    this.slots[slot] = id;
    addToBucket(this.byFirstChar, term.slice(0, 1), id);
    if (term.length >= 2) addToBucket(this.byFirstTwoChars, term.slice(0, 2), id);
    if (this.terms.length * 2 > this.slots.length) this.rehash();
    return id;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    for (let id = 0; id < this.terms.length; id++) {
      let slot = this.hashes[id] & mask;
      while (this.slots[slot] >= 0) slot = (slot + 1) & mask;
      this.slots[slot] = id;
    }
  }
}

function addToBucket(buckets: Map<string, number[]>, key: string, id: number): void {
  const bucket = buckets.get(key);
  if (bucket) bucket.push(id);
  else buckets.set(key, [id]);
}
