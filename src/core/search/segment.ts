import type { Paper } from '../types';
import { SECOND_HASH_SEED, type TermDictionary } from './termDictionary';
import { FOLDED_CHAR } from './tokenize';

export const TITLE = 0;
export const AUTHORS = 1;
export const ORGANIZATION = 2;
export const ABSTRACT = 3;
export const FIELD_COUNT = 4;

/** Compressed-sparse-row postings: the docs of term t are `docs[offsets[t] .. offsets[t + 1])`, ascending. */
export interface FieldPostings {
  offsets: Int32Array;
  docs: Int32Array;
  /** Occurrences of the term in the doc's field, capped at 255. */
  freqs: Uint8Array;
}

/** Postings of a batch of consecutively numbered docs, one table per field. */
export interface Segment {
  firstDoc: number;
  /** One past the last doc. */
  endDoc: number;
  fields: FieldPostings[];
}

export function fieldText(paper: Paper, field: number): string {
  switch (field) {
    case TITLE:
      return typeof paper.title === 'string' ? paper.title : '';
    case AUTHORS:
      return Array.isArray(paper.authors) ? paper.authors.join(' ; ') : '';
    case ORGANIZATION:
      return typeof paper.organization === 'string' ? paper.organization : '';
    default:
      return typeof paper.abstract === 'string' ? paper.abstract : '';
  }
}

/** Whether `doc` is in the postings of `termId`, by binary search. */
export function postingsHave(postings: FieldPostings, termId: number, doc: number): boolean {
  if (termId + 1 >= postings.offsets.length) return false;
  let low = postings.offsets[termId];
  let high = postings.offsets[termId + 1] - 1;
  const docs = postings.docs;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const found = docs[middle];
    if (found === doc) return true;
    if (found < doc) low = middle + 1;
    else high = middle - 1;
  }
  return false;
}

export function postingCount(postings: FieldPostings, termId: number): number {
  return termId + 1 < postings.offsets.length ? postings.offsets[termId + 1] - postings.offsets[termId] : 0;
}

/**
 * Indexes `papers` as docs `firstDoc, firstDoc + 1, …`, writing each doc's token count into `lengths[field]`.
 * Abstract terms with id below `stopCount` (the stop words) or of one character are left out.
 */
export function buildSegment(
  dictionary: TermDictionary,
  papers: readonly Paper[],
  firstDoc: number,
  lengths: Uint16Array[],
  stopCount: number,
): Segment {
  const fields: FieldPostings[] = [];
  for (let field = 0; field < FIELD_COUNT; field++) {
    const texts = papers.map((paper) => fieldText(paper, field));
    fields.push(buildField(dictionary, texts, firstDoc, lengths[field], field === ABSTRACT ? stopCount : -1));
  }
  return { firstDoc, endDoc: firstDoc + papers.length, fields };
}

function buildField(dictionary: TermDictionary, texts: string[], firstDoc: number, lengths: Uint16Array, stopCount: number): FieldPostings {
  let characters = 0;
  for (const text of texts) characters += text.length;
  // About one distinct term per ten characters; the stream grows if a text is denser.
  let stream = new Int32Array(Math.ceil(characters / 10) + 16);
  let streamFreqs = new Uint8Array(stream.length);
  const docEnds = new Int32Array(texts.length);
  let documentFrequency = new Int32Array(Math.max(1024, dictionary.size * 2));
  let lastDocOfTerm = new Int32Array(documentFrequency.length).fill(-1);
  let streamSlotOfTerm = new Int32Array(documentFrequency.length);
  const skipShortAndStop = stopCount >= 0;
  const fold = FOLDED_CHAR;
  let position = 0;
  for (let doc = 0; doc < texts.length; doc++) {
    const text = texts[doc];
    const length = text.length;
    let tokenCount = 0;
    let index = 0;
    while (index < length) {
      let folded = fold[text.charCodeAt(index)];
      if (folded === 0) {
        index++;
        continue;
      }
      const start = index;
      let hash = 0x811c9dc5 | 0;
      let second = SECOND_HASH_SEED;
      do {
        hash = Math.imul(hash ^ folded, 16777619);
        second = Math.imul(second + folded, 0x9e3779b1) ^ (second >>> 15);
        index++;
        folded = index < length ? fold[text.charCodeAt(index)] : 0;
      } while (folded !== 0);
      const termId = dictionary.internSpan(text, start, index, hash, second);
      if (skipShortAndStop && (termId < stopCount || index - start < 2)) continue;
      tokenCount++;
      if (termId >= lastDocOfTerm.length) {
        const capacity = Math.max(termId + 1, lastDocOfTerm.length * 2);
        documentFrequency = grownInt32(documentFrequency, capacity, 0);
        lastDocOfTerm = grownInt32(lastDocOfTerm, capacity, -1);
        streamSlotOfTerm = grownInt32(streamSlotOfTerm, capacity, 0);
      }
      if (lastDocOfTerm[termId] === doc) {
        const slot = streamSlotOfTerm[termId];
        if (streamFreqs[slot] < 255) streamFreqs[slot]++;
        continue;
      }
      if (position === stream.length) {
        stream = grownInt32(stream, Math.ceil(stream.length * 1.5), 0);
        const freqs = new Uint8Array(stream.length);
        freqs.set(streamFreqs);
        streamFreqs = freqs;
      }
      lastDocOfTerm[termId] = doc;
      streamSlotOfTerm[termId] = position;
      stream[position] = termId;
      streamFreqs[position] = 1;
      position++;
      documentFrequency[termId]++;
    }
    docEnds[doc] = position;
    lengths[firstDoc + doc] = Math.min(tokenCount, 65535);
  }
  const termCount = dictionary.size;
  const offsets = new Int32Array(termCount + 1);
  for (let termId = 0; termId < termCount; termId++) offsets[termId + 1] = offsets[termId] + (documentFrequency[termId] | 0);
  const cursor = offsets.slice(0, termCount);
  const docs = new Int32Array(position);
  const freqs = new Uint8Array(position);
  let entry = 0;
  for (let doc = 0; doc < texts.length; doc++) {
    for (const end = docEnds[doc]; entry < end; entry++) {
      const at = cursor[stream[entry]]++;
      docs[at] = firstDoc + doc;
      freqs[at] = streamFreqs[entry];
    }
  }
  return { offsets, docs, freqs };
}

function grownInt32(array: Int32Array, capacity: number, fill: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(capacity);
  grown.set(array);
  if (fill !== 0) grown.fill(fill, array.length);
  return grown;
}
