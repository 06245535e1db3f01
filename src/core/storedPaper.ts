/**
 * Papers as a snapshot holds them, with each abstract left in the snapshot's bytes until it is read. Turning
 * every abstract into a string (about 150 MB at 100k papers) took 0.15-0.25 s of a warm start of about 1 s and
 * grew the heap, and most abstracts are never read: search reads its postings, the tree and the quick pick titles.
 */
import type { Paper, PaperSource } from './types';

interface NodeBufferView {
  toString(encoding: 'latin1' | 'utf16le', start: number, end: number): string;
}

/** Node's Buffer when there is one: its Latin-1 and UTF-16 conversions are plain copies. */
const NodeBuffer = (globalThis as { Buffer?: { from(data: ArrayBufferLike, offset: number, length: number): NodeBufferView } }).Buffer;

/** Texts stored one byte per code unit (Latin-1) or two (UTF-16LE), read back a range at a time. */
export class TextBytes {
  private readonly buffer: NodeBufferView | undefined;

  constructor(readonly bytes: Uint8Array) {
    this.buffer = NodeBuffer?.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** The Latin-1 text of bytes `[start, end)`. */
  latin1(start: number, end: number): string {
    if (this.buffer) return this.buffer.toString('latin1', start, end);
    let text = '';
    for (let at = start; at < end; at += 8192) text += String.fromCharCode(...this.bytes.subarray(at, Math.min(end, at + 8192)));
    return text;
  }

  /** The UTF-16 text of code units `[start, end)`. */
  utf16(start: number, end: number): string {
    if (this.buffer) return this.buffer.toString('utf16le', 2 * start, 2 * end);
    let text = '';
    for (let at = start; at < end; at += 8192) {
      const units: number[] = [];
      for (let unit = at; unit < Math.min(end, at + 8192); unit++) units.push(this.unit(unit, true));
      text += String.fromCharCode(...units);
    }
    return text;
  }

  /** Code unit `at` of the Latin-1 or (`wide`) UTF-16 text. */
  unit(at: number, wide: boolean): number {
    return wide ? this.bytes[2 * at] | (this.bytes[2 * at + 1] << 8) : this.bytes[at];
  }
}

/** One chunk's text blocks, as the snapshot stored them (views, not copies). */
export interface ChunkTexts {
  narrow: TextBytes;
  wide: TextBytes;
}

/** The text of `length` code units at `at` in the chunk's UTF-16 block (`wide`) or its Latin-1 one. */
export function chunkText(texts: ChunkTexts, at: number, length: number, wide: boolean): string {
  return wide ? texts.wide.utf16(at, at + length) : texts.narrow.latin1(at, at + length);
}

/**
 * A paper decoded from a snapshot. Its abstract is decoded from the chunk's bytes each time it is read (about a
 * microsecond for 1,500 characters), so memory stays what the bytes take. Every other field is an own field as
 * in a parsed paper; a spread copies all but the abstract, so copy one with {@link plainPaper}.
 */
export class StoredPaper implements Paper {
  readonly #texts: ChunkTexts;
  /** Where the abstract starts in its block, in code units. */
  readonly #abstractAt: number;
  readonly #abstractLength: number;
  readonly #abstractWide: boolean;
  /** An abstract set after decoding, which replaces the stored one. */
  #replaced: string | undefined;

  constructor(
    public id: string,
    public citationKey: string,
    public title: string,
    public authors: string[],
    public authorsTruncated: boolean,
    public authorCount: number | null,
    public organization: string | null,
    public date: string | null,
    public upvotes: number | null,
    public sources: PaperSource[],
    texts: ChunkTexts,
    abstractAt: number,
    abstractLength: number,
    abstractWide: boolean,
  ) {
    this.#texts = texts;
    this.#abstractAt = abstractAt;
    this.#abstractLength = abstractLength;
    this.#abstractWide = abstractWide;
  }

  get abstract(): string {
    if (this.#replaced !== undefined) return this.#replaced;
    return chunkText(this.#texts, this.#abstractAt, this.#abstractLength, this.#abstractWide);
  }

  set abstract(text: string) {
    this.#replaced = text;
  }

  /** The abstract's length, without decoding it. */
  get abstractLength(): number {
    return this.#replaced?.length ?? this.#abstractLength;
  }

  /** As `abstract.charCodeAt(index)` (NaN past the end), without decoding the abstract. */
  abstractCharCodeAt(index: number): number {
    if (this.#replaced !== undefined) return this.#replaced.charCodeAt(index);
    if (!(index >= 0 && index < this.#abstractLength)) return NaN;
    const block = this.#abstractWide ? this.#texts.wide : this.#texts.narrow;
    return block.unit(this.#abstractAt + index, this.#abstractWide);
  }

  /** What JSON.stringify writes: the paper as a parsed one, its abstract included. */
  toJSON(): Paper {
    return plainPaper(this);
  }
}

/** A plain copy of a paper, its abstract a string field even when `paper` is a {@link StoredPaper}. */
export function plainPaper(paper: Paper): Paper {
  return {
    id: paper.id,
    citationKey: paper.citationKey,
    title: paper.title,
    authors: paper.authors,
    authorsTruncated: paper.authorsTruncated,
    authorCount: paper.authorCount,
    organization: paper.organization,
    abstract: paper.abstract,
    date: paper.date,
    upvotes: paper.upvotes,
    sources: paper.sources,
  };
}
