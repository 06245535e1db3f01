import { foldedChar } from './tokenize';

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 16777619;
const HOT_SLOTS = 8192;
const EMPTY_INT32: Int32Array = new Int32Array(0);
/** Prefix buckets: by the first code unit, and by a hash of the first two. */
const FIRST_CHAR_BUCKETS = 1024;
const TWO_CHAR_BUCKETS = 8192;

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

/** The dictionary as typed arrays, for a snapshot; restoring wraps them instead of re-adding every term. */
export interface SerializedDictionary {
  termCount: number;
  /** Every term's folded code units, back to back. */
  chars: Uint16Array;
  /** Term `t` is `chars[starts[t] .. starts[t + 1])`. */
  starts: Int32Array;
  /** The open-addressing table, `[hash, secondHash, length, id + 1]` per slot. */
  table: Int32Array;
  /** Term ids by first code unit and by the first two (CSR: `ids[offsets[b] .. offsets[b + 1])`). */
  firstCharOffsets: Int32Array;
  firstCharIds: Int32Array;
  twoCharOffsets: Int32Array;
  twoCharIds: Int32Array;
}

/**
 * Term ⇄ dense id, all in typed arrays (no object or string per term). Terms are told apart by two
 * independent 32-bit hashes and their length, never by comparing characters (a false match needs a 64-bit
 * collision: about 1e-8 for a million terms), so the lookup per token, which is what indexing time is made
 * of, reads one table slot. A small direct-mapped cache in front of the table holds the frequent terms.
 */
export class TermDictionary {
  private count = 0;
  private chars: Uint16Array = new Uint16Array(4096);
  private starts: Int32Array = new Int32Array(1024);
  /** `[hash, secondHash, length, id + 1]` per slot; id + 1 = 0 marks an empty slot. */
  private table: Int32Array = new Int32Array(4 * 1024);
  private hot: Int32Array | undefined;
  /** Prefix buckets; rebuilt on first use after terms were added. */
  private firstCharOffsets: Int32Array = EMPTY_INT32;
  private firstCharIds: Int32Array = EMPTY_INT32;
  private twoCharOffsets: Int32Array = EMPTY_INT32;
  private twoCharIds: Int32Array = EMPTY_INT32;
  private bucketedCount = -1;
  /** A restored table belongs to the snapshot: copied before the first new term goes in. */
  private tableShared = false;

  get size(): number {
    return this.count;
  }

  /** The folded text of a term. */
  term(id: number): string {
    const start = this.starts[id];
    const end = this.starts[id + 1];
    if (end - start <= 64) return String.fromCharCode.apply(null, this.chars.subarray(start, end) as unknown as number[]);
    let text = '';
    for (let index = start; index < end; index++) text += String.fromCharCode(this.chars[index]);
    return text;
  }

  termLength(id: number): number {
    return this.starts[id + 1] - this.starts[id];
  }

  /** Whether term `id` begins with the folded `prefix`. */
  termStartsWith(id: number, prefix: string): boolean {
    const start = this.starts[id];
    if (this.starts[id + 1] - start < prefix.length) return false;
    const chars = this.chars;
    for (let index = 0; index < prefix.length; index++) if (chars[start + index] !== prefix.charCodeAt(index)) return false;
    return true;
  }

  /** The id of `text[start, end)` folded, whose two hashes the caller computed, added when new. */
  internSpan(text: string, start: number, end: number, hash: number, second: number): number {
    const length = end - start;
    const hot = (this.hot ??= new Int32Array(4 * HOT_SLOTS));
    const hotSlot = 4 * (hash & (HOT_SLOTS - 1));
    if (hot[hotSlot] === hash && hot[hotSlot + 1] === second && hot[hotSlot + 2] === length && hot[hotSlot + 3] !== 0) return hot[hotSlot + 3] - 1;
    let id = this.find(hash, second, length);
    if (id < 0) {
      const at = this.reserveChars(length);
      for (let index = 0; index < length; index++) this.chars[at + index] = foldedChar(text.charCodeAt(start + index));
      id = this.insert(hash, second, length);
    }
    hot[hotSlot] = hash;
    hot[hotSlot + 1] = second;
    hot[hotSlot + 2] = length;
    hot[hotSlot + 3] = id + 1;
    return id;
  }

  /** As {@link internSpan} for a span of ASCII bytes. */
  internBytes(bytes: Uint8Array, start: number, end: number, hash: number, second: number): number {
    const length = end - start;
    const hot = (this.hot ??= new Int32Array(4 * HOT_SLOTS));
    const hotSlot = 4 * (hash & (HOT_SLOTS - 1));
    if (hot[hotSlot] === hash && hot[hotSlot + 1] === second && hot[hotSlot + 2] === length && hot[hotSlot + 3] !== 0) return hot[hotSlot + 3] - 1;
    let id = this.find(hash, second, length);
    if (id < 0) {
      const at = this.reserveChars(length);
      for (let index = 0; index < length; index++) this.chars[at + index] = foldedChar(bytes[start + index]);
      id = this.insert(hash, second, length);
    }
    hot[hotSlot] = hash;
    hot[hotSlot + 1] = second;
    hot[hotSlot + 2] = length;
    hot[hotSlot + 3] = id + 1;
    return id;
  }

  /** Calls `onTerm(id, start, end)` for each word of `text` that is in the dictionary, until it returns true. */
  forEachKnownTerm(text: string, onTerm: (termId: number, start: number, end: number) => boolean | void): void {
    const length = text.length;
    let index = 0;
    while (index < length) {
      let folded = foldedChar(text.charCodeAt(index));
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
        folded = index < length ? foldedChar(text.charCodeAt(index)) : 0;
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
    if (id >= 0) return id;
    const at = this.reserveChars(term.length);
    for (let index = 0; index < term.length; index++) this.chars[at + index] = term.charCodeAt(index);
    return this.insert(hash, second, term.length);
  }

  /** The id of a folded term, or -1. */
  lookup(term: string): number {
    return this.find(hashTerm(term), secondHash(term), term.length);
  }

  /** Ids of every term that starts with `prefix` (the term itself included), ascending. */
  withPrefix(prefix: string): number[] {
    if (prefix.length === 0) return [];
    this.ensureBuckets();
    const ids: number[] = [];
    const first = prefix.charCodeAt(0);
    if (prefix.length === 1) {
      const bucket = first & (FIRST_CHAR_BUCKETS - 1);
      for (let at = this.firstCharOffsets[bucket], end = this.firstCharOffsets[bucket + 1]; at < end; at++) {
        const id = this.firstCharIds[at];
        if (this.chars[this.starts[id]] === first) ids.push(id);
      }
      return ids;
    }
    const bucket = twoCharBucket(first, prefix.charCodeAt(1));
    for (let at = this.twoCharOffsets[bucket], end = this.twoCharOffsets[bucket + 1]; at < end; at++) {
      const id = this.twoCharIds[at];
      if (this.termStartsWith(id, prefix)) ids.push(id);
    }
    return ids;
  }

  /** Typed-array views of the dictionary (with its prefix buckets), for a snapshot. */
  serialize(): SerializedDictionary {
    this.ensureBuckets();
    return {
      termCount: this.count,
      chars: this.chars.subarray(0, this.starts[this.count]),
      starts: this.starts.subarray(0, this.count + 1),
      table: this.table,
      firstCharOffsets: this.firstCharOffsets,
      firstCharIds: this.firstCharIds,
      twoCharOffsets: this.twoCharOffsets,
      twoCharIds: this.twoCharIds,
    };
  }

  /**
   * A dictionary over a snapshot's arrays (kept, not copied), or a sentence saying what is wrong with their
   * shape. Run {@link checks} before looking anything up: together they bound every later read, so a damaged
   * snapshot can give wrong terms but never a crash or a hang.
   */
  static restore(data: SerializedDictionary): TermDictionary | string {
    const { termCount, chars, starts, table, firstCharOffsets, firstCharIds, twoCharOffsets, twoCharIds } = data;
    if (!Number.isInteger(termCount) || termCount < 0) return 'term count is not a number';
    if (starts.length !== termCount + 1 || starts[0] !== 0) return `term table has ${starts.length} entries for ${termCount} terms`;
    if (starts[termCount] !== chars.length) return `term text is ${chars.length} characters, the term table says ${starts[termCount]}`;
    const slots = table.length >> 2;
    if (slots < 1 || (slots & (slots - 1)) !== 0 || table.length !== 4 * slots || termCount >= slots) return 'hash table size is not a power of two above the term count';
    for (const [offsets, ids, buckets, what] of [
      [firstCharOffsets, firstCharIds, FIRST_CHAR_BUCKETS, 'first-character'],
      [twoCharOffsets, twoCharIds, TWO_CHAR_BUCKETS, 'two-character'],
    ] as const) {
      if (offsets.length !== buckets + 1 || offsets[0] !== 0 || offsets[buckets] !== ids.length || ids.length > termCount) return `${what} prefix table is malformed`;
    }
    const dictionary = new TermDictionary();
    dictionary.count = termCount;
    dictionary.chars = chars;
    dictionary.starts = starts;
    dictionary.table = table;
    dictionary.firstCharOffsets = firstCharOffsets;
    dictionary.firstCharIds = firstCharIds;
    dictionary.twoCharOffsets = twoCharOffsets;
    dictionary.twoCharIds = twoCharIds;
    dictionary.bucketedCount = termCount;
    dictionary.tableShared = true;
    return dictionary;
  }

  /** The checks of a restored dictionary's contents, each a pass over one array: a problem, or undefined. */
  static checks(data: SerializedDictionary): Array<() => string | undefined> {
    const { termCount, starts, table, firstCharOffsets, firstCharIds, twoCharOffsets, twoCharIds } = data;
    return [
      () => {
        for (let id = 0; id < termCount; id++) if (starts[id + 1] < starts[id]) return `term ${id} ends before it starts`;
        return undefined;
      },
      () => {
        let filled = 0;
        for (let at = 3; at < table.length; at += 4) {
          const stored = table[at];
          if (stored < 0 || stored > termCount) return 'hash table names a term that does not exist';
          if (stored !== 0) filled++;
        }
        return filled === termCount ? undefined : `hash table holds ${filled} terms, expected ${termCount}`;
      },
      () => checkBuckets(firstCharOffsets, firstCharIds, FIRST_CHAR_BUCKETS, termCount, 'first-character'),
      () => checkBuckets(twoCharOffsets, twoCharIds, TWO_CHAR_BUCKETS, termCount, 'two-character'),
    ];
  }

  /** Bytes held by the dictionary's arrays. */
  get byteSize(): number {
    return (
      this.chars.byteLength +
      this.starts.byteLength +
      this.table.byteLength +
      (this.hot?.byteLength ?? 0) +
      this.firstCharOffsets.byteLength +
      this.firstCharIds.byteLength +
      this.twoCharOffsets.byteLength +
      this.twoCharIds.byteLength
    );
  }

  private find(hash: number, second: number, length: number): number {
    const table = this.table;
    const mask = (table.length >> 2) - 1;
    let slot = hash & mask;
    for (let probes = 0; probes <= mask; probes++) {
      const at = 4 * slot;
      const stored = table[at + 3];
      if (stored === 0) return -1;
      if (table[at] === hash && table[at + 1] === second && table[at + 2] === length) return stored - 1;
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  /** Room for `length` more characters at the end of `chars`; returns where they go. */
  private reserveChars(length: number): number {
    if (this.count + 2 > this.starts.length) this.starts = grownInt32(this.starts, this.starts.length * 2);
    const at = this.starts[this.count];
    if (at + length > this.chars.length) {
      const chars = new Uint16Array(Math.max(at + length, this.chars.length * 2));
      chars.set(this.chars);
      this.chars = chars;
    }
    return at;
  }

  /** Adds the term whose characters `reserveChars` placed. */
  private insert(hash: number, second: number, length: number): number {
    const id = this.count++;
    this.starts[id + 1] = this.starts[id] + length;
    if (this.tableShared) {
      this.table = this.table.slice();
      this.tableShared = false;
    }
    // At most two thirds full, so probe runs stay short.
    if (this.count * 3 > (this.table.length >> 2) * 2) this.rehash();
    this.place(hash, second, length, id);
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

  /** Counting sort of the term ids into prefix buckets, ascending within each bucket. */
  private ensureBuckets(): void {
    if (this.bucketedCount === this.count) return;
    const { count, chars, starts } = this;
    const firstCharOffsets = new Int32Array(FIRST_CHAR_BUCKETS + 1);
    const twoCharOffsets = new Int32Array(TWO_CHAR_BUCKETS + 1);
    let twoCharTerms = 0;
    for (let id = 0; id < count; id++) {
      const start = starts[id];
      const length = starts[id + 1] - start;
      if (length === 0) continue;
      firstCharOffsets[(chars[start] & (FIRST_CHAR_BUCKETS - 1)) + 1]++;
      if (length >= 2) {
        twoCharOffsets[twoCharBucket(chars[start], chars[start + 1]) + 1]++;
        twoCharTerms++;
      }
    }
    for (let bucket = 0; bucket < FIRST_CHAR_BUCKETS; bucket++) firstCharOffsets[bucket + 1] += firstCharOffsets[bucket];
    for (let bucket = 0; bucket < TWO_CHAR_BUCKETS; bucket++) twoCharOffsets[bucket + 1] += twoCharOffsets[bucket];
    const firstCharIds = new Int32Array(firstCharOffsets[FIRST_CHAR_BUCKETS]);
    const twoCharIds = new Int32Array(twoCharTerms);
    const firstCursor = firstCharOffsets.slice(0, FIRST_CHAR_BUCKETS);
    const twoCursor = twoCharOffsets.slice(0, TWO_CHAR_BUCKETS);
    for (let id = 0; id < count; id++) {
      const start = starts[id];
      const length = starts[id + 1] - start;
      if (length === 0) continue;
      firstCharIds[firstCursor[chars[start] & (FIRST_CHAR_BUCKETS - 1)]++] = id;
      if (length >= 2) twoCharIds[twoCursor[twoCharBucket(chars[start], chars[start + 1])]++] = id;
    }
    this.firstCharOffsets = firstCharOffsets;
    this.firstCharIds = firstCharIds;
    this.twoCharOffsets = twoCharOffsets;
    this.twoCharIds = twoCharIds;
    this.bucketedCount = count;
  }
}

function twoCharBucket(first: number, second: number): number {
  return (Math.imul(first, 31) + second) & (TWO_CHAR_BUCKETS - 1);
}

function checkBuckets(offsets: Int32Array, ids: Int32Array, buckets: number, termCount: number, what: string): string | undefined {
  for (let bucket = 0; bucket < buckets; bucket++) if (offsets[bucket + 1] < offsets[bucket]) return `${what} prefix table is malformed`;
  for (let at = 0; at < ids.length; at++) if (ids[at] < 0 || ids[at] >= termCount) return `${what} prefix table names a term that does not exist`;
  return undefined;
}

function grownInt32(array: Int32Array, capacity: number): Int32Array {
  const grown = new Int32Array(capacity);
  grown.set(array);
  return grown;
}
