import { FOLDED_CHAR } from './tokenize';

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;
const HOT_SLOTS = 4096;

/** FNV-1a over folded code units; with {@link secondHash}, the same pair the indexing loop computes on the fly. */
export function hashTerm(term: string): number {
  let hash = FNV_OFFSET;
  for (let index = 0; index < term.length; index++) hash = Math.imul(hash ^ term.charCodeAt(index), FNV_PRIME);
  return hash;
}

export const SECOND_HASH_SEED = 0x1234567;

/** An independent multiplicative hash; the loops inline `Math.imul(h + c, 0x9e3779b1) ^ (h >>> 15)`. */
export function secondHash(term: string): number {
  let hash = SECOND_HASH_SEED;
  for (let index = 0; index < term.length; index++) hash = Math.imul(hash + term.charCodeAt(index), 0x9e3779b1) ^ (hash >>> 15);
  return hash;
}

/**
 * Term ⇄ dense id. Terms are told apart by two independent 32-bit hashes and their length, never by
 * comparing characters (a false match needs a 64-bit collision: about 1e-8 for a million terms), so the
 * lookup per token, which is what indexing time is made of, reads one table slot. A small direct-mapped
 * cache in front of the table holds the frequent terms.
 */
export class TermDictionary {
  readonly terms: string[] = [];
  /** `[hash, secondHash, length, id + 1]` per slot; id + 1 = 0 marks an empty slot. */
  private table = new Int32Array(4 * 2048);
  private readonly hot = new Int32Array(4 * HOT_SLOTS);
  /** Term ids by their first one and first two characters, for prefix expansion. */
  private readonly byFirstChar = new Map<string, number[]>();
  private readonly byFirstTwoChars = new Map<string, number[]>();

  get size(): number {
    return this.terms.length;
  }

  /** The id of `text[start, end)` folded, whose two hashes the caller computed, added when new. */
  internSpan(text: string, start: number, end: number, hash: number, second: number): number {
    const length = end - start;
    const hot = this.hot;
    const hotSlot = 4 * (hash & (HOT_SLOTS - 1));
    if (hot[hotSlot + 3] !== 0 && hot[hotSlot] === hash && hot[hotSlot + 1] === second && hot[hotSlot + 2] === length) return hot[hotSlot + 3] - 1;
    let id = this.find(hash, second, length);
    if (id < 0) {
      let term = '';
      for (let index = start; index < end; index++) term += String.fromCharCode(FOLDED_CHAR[text.charCodeAt(index)]);
      id = this.insert(term, hash, second);
    }
    hot[hotSlot] = hash;
    hot[hotSlot + 1] = second;
    hot[hotSlot + 2] = length;
    hot[hotSlot + 3] = id + 1;
    return id;
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
      let second = SECOND_HASH_SEED;
      do {
        hash = Math.imul(hash ^ folded, FNV_PRIME);
        second = Math.imul(second + folded, 0x9e3779b1) ^ (second >>> 15);
        index++;
        folded = index < length ? fold[text.charCodeAt(index)] : 0;
      } while (folded !== 0);
      const id = this.find(hash, second, index - start);
      if (id >= 0 && onTerm(id, start, index) === true) return;
    }
  }

  /** The id of an already folded term, added when new. */
  intern(term: string): number {
    const hash = hashTerm(term);
    const second = secondHash(term);
    const id = this.find(hash, second, term.length);
    return id >= 0 ? id : this.insert(term, hash, second);
  }

  /** The id of a folded term, or -1. */
  lookup(term: string): number {
    return this.find(hashTerm(term), secondHash(term), term.length);
  }

  /** Ids of every term that starts with `prefix` (the term itself included). */
  withPrefix(prefix: string): number[] {
    if (prefix.length === 0) return [];
    const bucket = prefix.length === 1 ? this.byFirstChar.get(prefix) : this.byFirstTwoChars.get(prefix.slice(0, 2));
    if (!bucket) return [];
    if (prefix.length <= 2) return bucket.slice();
    return bucket.filter((id) => this.terms[id].startsWith(prefix));
  }

  private find(hash: number, second: number, length: number): number {
    const table = this.table;
    const mask = (table.length >> 2) - 1;
    let slot = hash & mask;
    for (;;) {
      const at = 4 * slot;
      const stored = table[at + 3];
      if (stored === 0) return -1;
      if (table[at] === hash && table[at + 1] === second && table[at + 2] === length) return stored - 1;
      slot = (slot + 1) & mask;
    }
  }

  private insert(term: string, hash: number, second: number): number {
    const id = this.terms.length;
    this.terms.push(term);
    this.place(hash, second, term.length, id);
    addToBucket(this.byFirstChar, term.slice(0, 1), id);
    if (term.length >= 2) addToBucket(this.byFirstTwoChars, term.slice(0, 2), id);
    if (this.terms.length * 8 > this.table.length) this.rehash();
    return id;
  }

  private place(hash: number, second: number, length: number, id: number): void {
    const table = this.table;
    const mask = (table.length >> 2) - 1;
    let slot = hash & mask;
    while (table[4 * slot + 3] !== 0) slot = (slot + 1) & mask;
    table[4 * slot] = hash;
    table[4 * slot + 1] = second;
    table[4 * slot + 2] = length;
    table[4 * slot + 3] = id + 1;
  }

  private rehash(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    for (let at = 0; at < old.length; at += 4) if (old[at + 3] !== 0) this.place(old[at], old[at + 1], old[at + 2], old[at + 3] - 1);
  }
}

function addToBucket(buckets: Map<string, number[]>, key: string, id: number): void {
  const bucket = buckets.get(key);
  if (bucket) bucket.push(id);
  else buckets.set(key, [id]);
}
