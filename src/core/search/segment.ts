import type { Paper } from '../types';
import { SECOND_HASH_SEED, type TermDictionary } from './termDictionary';
import { foldedChar } from './tokenize';

export const TITLE = 0;
export const AUTHORS = 1;
export const ORGANIZATION = 2;
export const ABSTRACT = 3;
export const FIELD_COUNT = 4;

/**
 * One field's postings, compressed: term `t`'s docs are the bytes `postings[starts[t] .. starts[t + 1])`,
 * ascending, each as a varint of `gap * 2 + (frequency > 1)` (the gap from the previous doc, the first
 * counted from `firstDoc - 1`), followed by one byte of `frequency - 2` when the flag is set.
 */
export interface FieldPostings {
  starts: Int32Array;
  /** Docs per term (its document frequency in this segment). */
  counts: Int32Array;
  postings: Uint8Array;
}

/** Postings of a batch of consecutively numbered docs, one table per field. */
export interface Segment {
  firstDoc: number;
  /** One past the last doc. */
  endDoc: number;
  fields: FieldPostings[];
}

/** Occurrences of a term in one doc's field are counted up to this. */
const MAX_FREQUENCY = 255;

export function fieldText(paper: Paper, field: number): string {
  switch (field) {
    case TITLE:
      return typeof paper.title === 'string' ? paper.title : '';
    case AUTHORS:
      return Array.isArray(paper.authors) ? paper.authors.join(' ; ') : '';
    case ORGANIZATION:
      return typeof paper.organization === 'string' ? paper.organization : '';
    default: {
      const abstract = paper.abstract;
      return typeof abstract === 'string' ? abstract : '';
    }
  }
}

export function postingCount(postings: FieldPostings, termId: number): number {
  return termId < postings.counts.length ? postings.counts[termId] : 0;
}

/** Reusable buffers that {@link readPostings} decodes into. */
export class PostingBuffer {
  docs = new Int32Array(1024);
  frequencies = new Uint8Array(1024);

  ensure(count: number): void {
    if (count <= this.docs.length) return;
    const capacity = Math.max(count, this.docs.length * 2);
    this.docs = new Int32Array(capacity);
    this.frequencies = new Uint8Array(capacity);
  }
}

/**
 * Decodes the docs (and frequencies) of `termId` into `buffer`; returns how many. Docs at or past `endDoc`
 * end the list, so a damaged snapshot can never name a doc that does not exist.
 */
export function readPostings(segment: Segment, field: number, termId: number, buffer: PostingBuffer): number {
  const { starts, counts, postings } = segment.fields[field];
  if (termId + 1 >= starts.length || termId >= counts.length) return 0;
  buffer.ensure(counts[termId]);
  const { docs, frequencies } = buffer;
  const limit = Math.min(counts[termId], docs.length);
  const endDoc = segment.endDoc;
  let at = starts[termId];
  const end = starts[termId + 1];
  let doc = segment.firstDoc - 1;
  let count = 0;
  while (at < end && count < limit) {
    let value = postings[at++];
    if (value >= 0x80) {
      value &= 0x7f;
      let shift = 7;
      let byte: number;
      do {
        byte = postings[at++] | 0;
        value |= (byte & 0x7f) << shift;
        shift += 7;
      } while (byte >= 0x80 && shift < 28);
    }
    // A gap is never zero: one would repeat a doc, or name the one before the segment.
    if (value < 2) break;
    doc += value >>> 1;
    if (doc >= endDoc) break;
    frequencies[count] = (value & 1) === 0 ? 1 : Math.min(MAX_FREQUENCY, (postings[at++] | 0) + 2);
    docs[count++] = doc;
  }
  return count;
}

/** Scratch arrays one build reuses across its fields, so a 100k build allocates its big buffers once. */
interface BuildScratch {
  /** The stream of (term, doc, frequency) postings in doc order, then sorted by term. */
  termIds: Int32Array;
  entries: Int32Array;
  sortedTermIds: Int32Array;
  sortedEntries: Int32Array;
  bytes: Uint8Array;
  /** Postings as encoded, before they are copied out at their exact length. */
  encoded: Uint8Array;
  /** The current doc's distinct terms (open addressing, -1 empty) and their stream slots. */
  docTerms: Int32Array;
  docSlots: Int32Array;
}

/**
 * Indexes `papers` (fewer than 2^23) as docs `firstDoc, firstDoc + 1, …`, writing each doc's token count into
 * `lengths[field]`. Abstract terms with id below `stopCount` (the stop words) or of one character are left out.
 */
export function buildSegment(
  dictionary: TermDictionary,
  papers: readonly Paper[],
  firstDoc: number,
  lengths: Uint16Array[],
  stopCount: number,
  chunkCharacters = CHUNK_CHARACTERS,
): Segment {
  const fields: FieldPostings[] = [];
  const textsByField: string[][] = [];
  let characters = 0;
  for (let field = 0; field < FIELD_COUNT; field++) {
    const texts = papers.map((paper) => fieldText(paper, field));
    let fieldCharacters = 0;
    for (const text of texts) fieldCharacters += text.length;
    characters = Math.max(characters, fieldCharacters);
    textsByField.push(texts);
  }
  // A big field is built in runs of docs of about `chunkCharacters`, then merged: the sort buffers stay small
  // (cache-friendly, reused), where one run over 100k abstracts would allocate hundreds of megabytes at once.
  // About one posting per twelve characters of an abstract; the stream grows if a text is denser.
  const streamLength = Math.ceil(Math.min(characters, chunkCharacters) / 12) + 16;
  const scratch: BuildScratch = {
    termIds: new Int32Array(streamLength),
    entries: new Int32Array(streamLength),
    sortedTermIds: new Int32Array(0),
    sortedEntries: new Int32Array(0),
    bytes: new Uint8Array(4096),
    encoded: new Uint8Array(0),
    docTerms: new Int32Array(0),
    docSlots: new Int32Array(0),
  };
  for (let field = 0; field < FIELD_COUNT; field++) {
    const texts = textsByField[field];
    const stops = field === ABSTRACT ? stopCount : -1;
    const chunks: ChunkPostings[] = [];
    for (let start = 0; start < texts.length || chunks.length === 0; ) {
      let end = start;
      for (let size = 0; end < texts.length && (end === start || size + texts[end].length <= chunkCharacters); end++) size += texts[end].length;
      const built = buildField({ dictionary, texts: start === 0 && end === texts.length ? texts : texts.slice(start, end), firstDoc: firstDoc + start, lengths: lengths[field], stopCount: stops }, scratch);
      chunks.push({ firstDoc: firstDoc + start, postings: built, lastDocs: built.lastDocs });
      start = end;
    }
    const only = chunks.length === 1 ? chunks[0].postings : undefined;
    fields.push(only ? { starts: only.starts, counts: only.counts, postings: only.postings } : mergeChunks(chunks, firstDoc, dictionary.size));
  }
  return { firstDoc, endDoc: firstDoc + papers.length, fields };
}

/** ASCII byte → folded byte (lower-case letters and digits), 0 for a separator. */
const FOLDED_BYTE = ((): Uint8Array => {
  const table = new Uint8Array(256);
  for (let code = 0; code < 128; code++) table[code] = foldedChar(code);
  return table;
})();

const encoder = new TextEncoder();

/** Postings per term id digit, counted while the stream is written, for the radix sort. */
interface DigitCounts {
  low: Int32Array;
  high: Int32Array;
}

/** One field of a run of docs to index: their texts as docs `firstDoc, firstDoc + 1, …`, each one's token count written to `lengths`. */
interface FieldInput {
  dictionary: TermDictionary;
  texts: string[];
  firstDoc: number;
  lengths: Uint16Array;
  /** Term ids below this (the stop words) and one-character terms are left out; -1 keeps all. */
  stopCount: number;
}

// Each hot loop of a field's build is a function of its own. V8 optimises a long loop while it runs, and code
// after it that had not run yet then deoptimised and recompiled the whole build, up to 15 times per load.
function buildField(input: FieldInput, scratch: BuildScratch): FieldPostings & { lastDocs: Int32Array } {
  const digits: DigitCounts = { low: new Int32Array((1 << LOW_DIGIT_BITS) + 1), high: new Int32Array(1024) };
  const position = streamPostings(input, scratch, digits);
  sortStreamByTerm(scratch, position, digits);
  return encodePostings(scratch, position, input.dictionary.size);
}

/**
 * Appends each doc's distinct terms to the scratch stream as (term, doc * 256 + frequency), counting the
 * term ids' digits; returns the stream's length.
 */
function streamPostings(input: FieldInput, scratch: BuildScratch, digits: DigitCounts): number {
  const { dictionary, texts, firstDoc, lengths, stopCount } = input;
  let { termIds, entries, bytes, docTerms, docSlots } = scratch;
  const skipShortAndStop = stopCount >= 0;
  const foldByte = FOLDED_BYTE;
  let position = 0;
  const lowCounts = digits.low;
  let highCounts = digits.high;
  for (let doc = 0; doc < texts.length; doc++) {
    const text = texts[doc];
    const length = text.length;
    if (bytes.length <= length) bytes = scratch.bytes = new Uint8Array(Math.max(length + 1, bytes.length * 2));
    // A doc has fewer distinct words than half its length: at most half full, the table never overflows.
    if (docTerms.length < length + 2) {
      docTerms = scratch.docTerms = new Int32Array(nextPowerOfTwo(length + 2)).fill(-1);
      docSlots = scratch.docSlots = new Int32Array(docTerms.length);
    }
    const docMask = docTerms.length - 1;
    // Most texts are ASCII: copied out as bytes natively, they read faster than a character at a time.
    let ascii = false;
    if (length > 0) {
      const { read, written } = encoder.encodeInto(text, bytes);
      ascii = read === length && written === length;
      // A separator after the text, so the word loop below needs no bounds check.
      if (ascii) bytes[length] = 0;
    }
    const docStart = position;
    const docEntry = doc * 256;
    let tokenCount = 0;
    let index = 0;
    while (index < length) {
      let folded = ascii ? foldByte[bytes[index]] : foldedChar(text.charCodeAt(index));
      if (folded === 0) {
        index++;
        continue;
      }
      const start = index;
      let hash = 0x811c9dc5 | 0;
      let second = SECOND_HASH_SEED;
      let termId: number;
      if (ascii) {
        do {
          hash = Math.imul(hash ^ folded, 16777619);
          second = Math.imul(second + folded, 0x9e3779b1) ^ (second >>> 15);
          index++;
          folded = foldByte[bytes[index]];
        } while (folded !== 0);
        termId = dictionary.internBytes(bytes, start, index, hash, second);
      } else {
        do {
          hash = Math.imul(hash ^ folded, 16777619);
          second = Math.imul(second + folded, 0x9e3779b1) ^ (second >>> 15);
          index++;
          folded = index < length ? foldedChar(text.charCodeAt(index)) : 0;
        } while (folded !== 0);
        termId = dictionary.internSpan(text, start, index, hash, second);
      }
      if (skipShortAndStop && (termId < stopCount || index - start < 2)) continue;
      tokenCount++;
      // This doc's terms so far, in a small table that stays in the fastest cache.
      let slot = Math.imul(termId, 0x9e3779b1) & docMask;
      for (;;) {
        const key = docTerms[slot];
        if (key === termId) {
          const entry = docSlots[slot];
          if ((entries[entry] & 0xff) < MAX_FREQUENCY) entries[entry]++;
          break;
        }
        if (key === -1) {
          if (position === termIds.length) {
            const capacity = Math.ceil(termIds.length * 1.5) + 16;
            termIds = scratch.termIds = grownInt32(termIds, capacity);
            entries = scratch.entries = grownInt32(entries, capacity);
          }
          docTerms[slot] = termId;
          docSlots[slot] = position;
          termIds[position] = termId;
          // The doc and the term's frequency in it, packed: `doc * 256 + frequency`.
          entries[position] = docEntry + 1;
          position++;
          break;
        }
        slot = (slot + 1) & docMask;
      }
    }
    for (let entry = docStart; entry < position; entry++) {
      const termId = termIds[entry];
      lowCounts[(termId & LOW_DIGIT_MASK) + 1]++;
      const highDigit = (termId >>> LOW_DIGIT_BITS) + 1;
      if (highDigit >= highCounts.length) {
        const grown = new Int32Array(2 * highDigit);
        grown.set(highCounts);
        highCounts = grown;
      }
      highCounts[highDigit]++;
      let slot = Math.imul(termId, 0x9e3779b1) & docMask;
      while (docTerms[slot] !== termId) slot = (slot + 1) & docMask;
      docTerms[slot] = -1;
    }
    lengths[firstDoc + doc] = Math.min(tokenCount, 65535);
  }
  digits.high = highCounts;
  return position;
}

/**
 * Postings by term, docs ascending within each: a stable two-pass radix sort of the stream by term id,
 * which reads and writes memory in order where scattering by term would miss the cache at every posting.
 */
function sortStreamByTerm(scratch: BuildScratch, position: number, digits: DigitCounts): void {
  const { termIds, entries } = scratch;
  const lowCounts = digits.low;
  const highCounts = digits.high;
  // Sized to the stream's capacity, not to this field's postings: allocated once a build, not again for each larger field.
  if (scratch.sortedTermIds.length < position) {
    scratch.sortedTermIds = new Int32Array(termIds.length);
    scratch.sortedEntries = new Int32Array(termIds.length);
  }
  const { sortedTermIds, sortedEntries } = scratch;
  for (let bucket = 1; bucket < lowCounts.length; bucket++) lowCounts[bucket] += lowCounts[bucket - 1];
  for (let bucket = 1; bucket < highCounts.length; bucket++) highCounts[bucket] += highCounts[bucket - 1];
  scatterByDigit(termIds, entries, sortedTermIds, sortedEntries, position, lowCounts, 0, LOW_DIGIT_MASK);
  scatterByDigit(sortedTermIds, sortedEntries, termIds, entries, position, highCounts, LOW_DIGIT_BITS, 0x7fffffff);
}

/** One pass of the radix sort: each posting to the next free place of its digit `(termId >>> shift) & mask`. */
function scatterByDigit(
  fromTermIds: Int32Array,
  fromEntries: Int32Array,
  toTermIds: Int32Array,
  toEntries: Int32Array,
  position: number,
  offsets: Int32Array,
  shift: number,
  mask: number,
): void {
  for (let entry = 0; entry < position; entry++) {
    const termId = fromTermIds[entry];
    const at = offsets[(termId >>> shift) & mask]++;
    toTermIds[at] = termId;
    toEntries[at] = fromEntries[entry];
  }
}

/**
 * The sorted stream encoded as {@link FieldPostings} in one pass, with each term's last doc: the stream is in
 * term order, so each term's bytes follow the last term's and its start is known as it is written.
 */
function encodePostings(scratch: BuildScratch, position: number, termCount: number): FieldPostings & { lastDocs: Int32Array } {
  const { termIds, entries } = scratch;
  // At most 5 bytes a posting: a gap below 2^23 docs makes a varint of up to 4, and one for the frequency.
  if (scratch.encoded.length < 5 * position) scratch.encoded = new Uint8Array(5 * termIds.length);
  const encoded = scratch.encoded;
  const starts = new Int32Array(termCount + 1);
  const counts = new Int32Array(termCount);
  const lastDocs = new Int32Array(termCount);
  let at = 0;
  for (let entry = 0, previousTerm = -1, previousDoc = -1; entry < position; entry++) {
    const termId = termIds[entry];
    if (termId !== previousTerm) {
      previousTerm = termId;
      previousDoc = -1;
    }
    const packed = entries[entry];
    const doc = packed >>> 8;
    const frequency = packed & 0xff;
    let value = 2 * (doc - previousDoc) + (frequency > 1 ? 1 : 0);
    previousDoc = doc;
    lastDocs[termId] = doc;
    counts[termId]++;
    while (value >= 0x80) {
      encoded[at++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    encoded[at++] = value;
    if (frequency > 1) encoded[at++] = frequency - 2;
    starts[termId + 1] = at;
  }
  // A term with no postings here starts (and ends) where the one before it ended.
  for (let termId = 0; termId < termCount; termId++) if (starts[termId + 1] < starts[termId]) starts[termId + 1] = starts[termId];
  return { starts, counts, postings: encoded.slice(0, at), lastDocs };
}

/** A field's postings built over a run of docs from `firstDoc`, with each term's last doc (counted from `firstDoc`). */
interface ChunkPostings {
  firstDoc: number;
  postings: FieldPostings;
  lastDocs: Int32Array;
}

/**
 * One field's postings from chunks of consecutive docs: each term's bytes are copied chunk after chunk, the
 * first gap of each chunk re-counted from the term's last doc in the chunks before.
 */
function mergeChunks(chunks: ChunkPostings[], firstDoc: number, termCount: number): FieldPostings {
  const starts = new Int32Array(termCount + 1);
  const counts = new Int32Array(termCount);
  for (let pass = 0; pass < 2; pass++) {
    const output = pass === 1 ? new Uint8Array(starts[termCount]) : undefined;
    for (let termId = 0; termId < termCount; termId++) {
      let at = starts[termId];
      let previous = firstDoc - 1;
      let count = 0;
      for (const chunk of chunks) {
        const { starts: chunkStarts, counts: chunkCounts, postings } = chunk.postings;
        if (termId >= chunkCounts.length || chunkCounts[termId] === 0) continue;
        let from = chunkStarts[termId];
        const end = chunkStarts[termId + 1];
        let value = 0;
        let byte: number;
        let shift = 0;
        do {
          byte = postings[from++];
          value |= (byte & 0x7f) << shift;
          shift += 7;
        } while (byte >= 0x80);
        let rebased = 2 * (chunk.firstDoc - 1 + (value >>> 1) - previous) + (value & 1);
        previous = chunk.firstDoc + chunk.lastDocs[termId];
        count += chunkCounts[termId];
        if (!output) {
          at += varintSize(rebased) + end - from;
          continue;
        }
        while (rebased >= 0x80) {
          output[at++] = (rebased & 0x7f) | 0x80;
          rebased >>>= 7;
        }
        output[at++] = rebased;
        output.set(postings.subarray(from, end), at);
        at += end - from;
      }
      if (output) continue;
      starts[termId + 1] = at;
      counts[termId] = count;
    }
    if (output) return { starts, counts, postings: output };
  }
  throw new Error('unreachable');
}

const LOW_DIGIT_BITS = 10;
const CHUNK_CHARACTERS = 16_000_000;
const LOW_DIGIT_MASK = (1 << LOW_DIGIT_BITS) - 1;

function nextPowerOfTwo(value: number): number {
  let power = 1024;
  while (power < value) power *= 2;
  return power;
}

function varintSize(value: number): number {
  return value < 0x80 ? 1 : value < 0x4000 ? 2 : value < 0x200000 ? 3 : value < 0x10000000 ? 4 : 5;
}

function grownInt32(array: Int32Array, capacity: number): Int32Array {
  const grown = new Int32Array(capacity);
  grown.set(array);
  return grown;
}
