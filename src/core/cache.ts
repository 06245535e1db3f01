/**
 * The on-disk cache of a loaded corpus, as bytes: what a warm start reads instead of parsing.
 * Everything read back is validated (magic, version, checksums, JSON.parse in try, shapes);
 * anything unexpected makes the whole entry invalid, never half-trusted. No I/O here.
 *
 * Container: "PSHC" | u32 version | u32 header length | u32 header checksum | header JSON | pad | sections.
 * The header lists the sections (name, offset, length, checksum) and the kind's own fields.
 */
import type { Corpus } from './corpus';
import { fnv1a32, stableHash } from './normalize';
import type { FileSignature, ParsedFile } from './pipeline';
import type { Topic, TopicAssignment, TopicKind, TopicModel, TopicPaper, TopicsByPosition } from './topics';
import { chunkText, StoredPaper, TextBytes, type ChunkTexts } from './storedPaper';
import type { BibliographicExtras, Diagnostic, Paper, PaperSource, ParseResult, SourceFormat } from './types';

/** Bump whenever the layout or the meaning of any cached field changes. */
export const CACHE_VERSION = 5;
const MAGIC = [0x50, 0x53, 0x48, 0x43]; // "PSHC"
const PREFIX_BYTES = 16;
const ALIGN = 8;
/** Papers per metadata section: each one is decoded in a single main-thread slice. */
export const PAPERS_PER_CHUNK = 1000;

export type Checksum = (bytes: Uint8Array) => number;

export class CacheError extends Error {}

/** For containers handed between threads in memory, never stored: their checksums are not computed. */
export const UNCHECKED: Checksum = () => 0;

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (the zlib one) in plain JavaScript; Node callers pass the native `zlib.crc32` instead. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

interface SectionEntry {
  name: string;
  offset: number;
  length: number;
  checksum: number;
}

interface ContainerHeader {
  kind: string;
  sections: SectionEntry[];
  [field: string]: unknown;
}

export interface Container {
  header: ContainerHeader;
  /** The bytes of a section; throws {@link CacheError} when it is missing. */
  section(name: string): Uint8Array;
  has(name: string): boolean;
  /** Where a section ends in the container's bytes (for a file still being read); containers in memory leave it out. */
  sectionEnd?(name: string): number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

interface NodeBufferClass {
  from(data: ArrayBufferLike, offset: number, length: number): { toString(encoding: string): string; write(text: string, offset: number, encoding: string): number };
  from(data: string, encoding: string): Uint8Array;
  byteLength(text: string, encoding: string): number;
}
/** Node's Buffer when there is one: its Latin-1, UTF-16 and UTF-8 conversions are plain copies or SIMD. */
const NodeBufferClass = (globalThis as { Buffer?: NodeBufferClass }).Buffer;

function utf8Text(bytes: Uint8Array): string {
  return NodeBufferClass?.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') ?? decoder.decode(bytes);
}

function latin1Text(bytes: Uint8Array): string {
  return new TextBytes(bytes).latin1(0, bytes.length);
}

/**
 * Writes strings into `bytes` one after another: one byte per character (Latin-1 strings, what V8 stores one
 * byte per character), or with `wide` two, UTF-16LE, lone surrogates included, so they come back exactly.
 */
function textWriter(bytes: Uint8Array, wide: boolean): (text: string) => void {
  let at = 0;
  const buffer = NodeBufferClass?.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer) return (text) => void (at += buffer.write(text, at, wide ? 'utf16le' : 'latin1'));
  return (text) => {
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (!wide) bytes[at++] = unit;
      else {
        bytes[at++] = unit & 0xff;
        bytes[at++] = unit >>> 8;
      }
    }
  };
}

function utf16Text(bytes: Uint8Array): string {
  if (bytes.length % 2 !== 0) throw new CacheError('UTF-16 text of odd length');
  return new TextBytes(bytes).utf16(0, bytes.length / 2);
}

function padded(length: number): number {
  return Math.ceil(length / ALIGN) * ALIGN;
}

/**
 * How much of a container must be in before it can be unpacked, judged from the bytes `arrived` so far:
 * the whole header, or, before the fixed prefix that gives its length is in, that prefix.
 */
export function containerHeaderEnd(arrived: Uint8Array): number {
  if (arrived.length < PREFIX_BYTES) return PREFIX_BYTES;
  return PREFIX_BYTES + new DataView(arrived.buffer, arrived.byteOffset, arrived.byteLength).getUint32(8, true);
}

/** A section written straight into its place in the container (a block of texts): its bytes are never made apart and copied. */
export interface SectionWriter {
  readonly length: number;
  write(into: Uint8Array): void;
}

export type SectionSource = Uint8Array | SectionWriter;

function sectionBytes(source: SectionSource): Uint8Array {
  if (source instanceof Uint8Array) return source;
  const bytes = new Uint8Array(source.length);
  source.write(bytes);
  return bytes;
}

/** Memory that both the worker and the threads it sends a part to can read: the part is neither copied nor moved. */
export function sharedBytes(length: number): Uint8Array {
  return typeof SharedArrayBuffer === 'function' ? new Uint8Array(new SharedArrayBuffer(length)) : new Uint8Array(length);
}

/**
 * Lays out sections after a header; `fields` go into the header beside the section table. Written sections go
 * straight into place when unchecked (parts sent in memory); a checksum needs their bytes first.
 */
export function packContainer(
  kind: string,
  fields: Record<string, unknown>,
  sections: [string, SectionSource][],
  checksum: Checksum,
  allocate: (length: number) => Uint8Array = (length) => new Uint8Array(length),
): Uint8Array {
  const sources = checksum === UNCHECKED ? sections : sections.map(([name, source]): [string, Uint8Array] => [name, sectionBytes(source)]);
  const entries: SectionEntry[] = [];
  let offset = 0;
  for (const [name, source] of sources) {
    entries.push({ name, offset, length: source.length, checksum: source instanceof Uint8Array ? checksum(source) : 0 });
    offset = padded(offset + source.length);
  }
  const headerBytes = encoder.encode(JSON.stringify({ ...fields, kind, sections: entries }));
  const dataStart = padded(PREFIX_BYTES + headerBytes.length);
  const out = allocate(dataStart + offset);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint32(4, CACHE_VERSION, true);
  view.setUint32(8, headerBytes.length, true);
  view.setUint32(12, checksum(headerBytes), true);
  out.set(headerBytes, PREFIX_BYTES);
  for (let i = 0; i < sources.length; i++) {
    const source = sources[i][1];
    const at = dataStart + entries[i].offset;
    if (source instanceof Uint8Array) out.set(source, at);
    else source.write(out.subarray(at, at + source.length));
  }
  return out;
}

/**
 * Reads a container, checking magic, version, kind and the header's checksum. Sections' checksums:
 * `true` checks all now, `'lazy'` checks each when first read (so the main thread spreads the work
 * over its slices), `false` trusts them (bytes a worker already checked).
 */
export function unpackContainer(bytes: Uint8Array, kind: string, checksum: Checksum, verifySections: boolean | 'lazy'): Container {
  if (bytes.length < PREFIX_BYTES || MAGIC.some((b, i) => bytes[i] !== b)) throw new CacheError('not a Paper Shelf cache file');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version !== CACHE_VERSION) throw new CacheError(`cache version ${version}, expected ${CACHE_VERSION}`);
  const headerLength = view.getUint32(8, true);
  if (PREFIX_BYTES + headerLength > bytes.length) throw new CacheError('truncated header');
  const headerBytes = bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength);
  if (checksum(headerBytes) !== view.getUint32(12, true)) throw new CacheError('header checksum mismatch');
  const header = parseJson(headerBytes, 'header') as ContainerHeader;
  if (!isRecord(header) || header.kind !== kind || !Array.isArray(header.sections)) throw new CacheError(`not a ${kind} cache file`);
  const dataStart = padded(PREFIX_BYTES + headerLength);
  const byName = new Map<string, Uint8Array>();
  const unverified = new Map<string, number>();
  for (const entry of header.sections) {
    if (!isRecord(entry) || typeof entry.name !== 'string' || !isCount(entry.offset) || !isCount(entry.length) || !isCount(entry.checksum)) {
      throw new CacheError('malformed section table');
    }
    const start = dataStart + entry.offset;
    if (start + entry.length > bytes.length) throw new CacheError(`section ${entry.name} is truncated`);
    const section = bytes.subarray(start, start + entry.length);
    if (verifySections === true && checksum(section) !== entry.checksum) throw new CacheError(`section ${entry.name}: checksum mismatch`);
    byName.set(entry.name, section);
    if (verifySections === 'lazy') unverified.set(entry.name, entry.checksum);
  }
  return {
    header,
    has: (name) => byName.has(name),
    sectionEnd: (name) => {
      const section = byName.get(name);
      if (section === undefined) throw new CacheError(`section ${name} is missing`);
      return section.byteOffset - bytes.byteOffset + section.length;
    },
    section: (name) => {
      const section = byName.get(name);
      if (section === undefined) throw new CacheError(`section ${name} is missing`);
      const expected = unverified.get(name);
      if (expected !== undefined) {
        if (checksum(section) !== expected) throw new CacheError(`section ${name}: checksum mismatch`);
        unverified.delete(name);
      }
      return section;
    },
  };
}

/** A copy in a fresh buffer; `slice()` would not do, as on a Node Buffer it returns a view. */
export function copyOf(bytes: Uint8Array): Uint8Array {
  return new Uint8Array(bytes);
}

function parseJson(bytes: Uint8Array, what: string): unknown {
  try {
    return JSON.parse(utf8Text(bytes));
  } catch (error) {
    throw new CacheError(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function jsonBytes(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

/** {@link jsonBytes} as a section written straight into place, where its UTF-8 length can be had without encoding it. */
function jsonSection(value: unknown): SectionSource {
  const json = JSON.stringify(value);
  const length = NodeBufferClass?.byteLength(json, 'utf8');
  return length === undefined ? encoder.encode(json) : { length, write: (into) => void encoder.encodeInto(json, into) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function isNullableString(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

function isNullableNumber(value: unknown): value is number | null {
  return value === null || (typeof value === 'number' && Number.isFinite(value));
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

function expect(condition: boolean, what: string): asserts condition {
  if (!condition) malformed(what);
}

/** Throws for a malformed `what`; called where the check is hot, so that the message is made only when it fails. */
function malformed(what: string): never {
  throw new CacheError(`malformed ${what}`);
}

// ---------------------------------------------------------------------------------------------
// Values with typed arrays and long strings (a search index): a small JSON skeleton, and each
// array or long string in its own section, so each can be restored in its own main-thread slice.

type TypedArray = Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;
type TypedArrayConstructor = { new (buffer: ArrayBuffer, offset: number, length: number): TypedArray; BYTES_PER_ELEMENT: number };

const TYPED_ARRAYS: Record<string, TypedArrayConstructor> = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
};
const TYPED_MARK = '$typedArray';
const STRING_MARK = '$longString';
/** Strings at least this long leave the skeleton for a section of their own. */
const LONG_STRING = 16 * 1024;

/** Splits a JSON-able value into a skeleton (section `prefix`) and sections `${prefix}.${n}`. */
export function packValue(value: unknown, prefix: string): [string, Uint8Array][] {
  const parts: [string, Uint8Array][] = [];
  const json = JSON.stringify(value, function (this: unknown, _key: string, item: unknown) {
    if (ArrayBuffer.isView(item) && !(item instanceof DataView)) {
      const name = `${prefix}.${parts.length}`;
      parts.push([name, new Uint8Array(item.buffer, item.byteOffset, item.byteLength)]);
      return { [TYPED_MARK]: Object.prototype.toString.call(item).slice(8, -1), section: name };
    }
    if (typeof item === 'string' && item.length >= LONG_STRING) {
      const name = `${prefix}.${parts.length}`;
      parts.push([name, encoder.encode(item)]);
      return { [STRING_MARK]: true, section: name };
    }
    return item;
  });
  return [[prefix, encoder.encode(json ?? 'null')], ...parts];
}

interface Placeholder {
  holder: Record<string, unknown> | unknown[];
  key: string | number;
  marker: Record<string, unknown>;
}

/**
 * The inverse of {@link packValue}, as a list of small tasks: parse the skeleton, then restore a few
 * sections per task. Typed arrays are copied out of the container's bytes.
 */
class ValueUnpacker {
  value: unknown;
  private readonly placeholders: Placeholder[] = [];
  private next = 0;

  /** The array being copied over several {@link restoreSome} calls, and how far. */
  private copy: Uint8Array | undefined;
  private copied = 0;

  /** `views`: arrays may stay views into the container's bytes (a part sent in memory), else they are copied. */
  constructor(
    private readonly container: Container,
    private readonly prefix: string,
    private readonly views = false,
  ) {}

  tasks(): (() => void)[] {
    return [() => this.parseSkeleton(), () => this.restoreSome()];
  }

  get done(): boolean {
    return this.next >= this.placeholders.length;
  }

  private parseSkeleton(): void {
    const root = { value: parseJson(this.container.section(this.prefix), this.prefix) };
    const visit = (holder: Record<string, unknown> | unknown[], key: string | number): void => {
      const item = (holder as Record<string | number, unknown>)[key];
      if (Array.isArray(item)) {
        for (let i = 0; i < item.length; i++) if (typeof item[i] === 'object' && item[i] !== null) visit(item, i);
      } else if (isRecord(item)) {
        if (typeof item.section === 'string' && (typeof item[TYPED_MARK] === 'string' || item[STRING_MARK] === true)) {
          this.placeholders.push({ holder, key, marker: item });
          return;
        }
        for (const child of Object.keys(item)) if (typeof item[child] === 'object' && item[child] !== null) visit(item, child);
      }
    };
    visit(root, 'value');
    this.value = root.value;
  }

  /**
   * Restores sections until about 2 MB of text or 4 MB of array copies are done, so one task stays short
   * (on the main thread, a 15 MB copy at once also set off a full garbage collection inside the task).
   * A large array is copied over several calls.
   */
  private restoreSome(): void {
    let budget = 2 * 1024 * 1024;
    while (this.next < this.placeholders.length && budget > 0) {
      const { holder, key, marker } = this.placeholders[this.next];
      const bytes = this.container.section(marker.section as string);
      if (marker[STRING_MARK] === true) {
        (holder as Record<string | number, unknown>)[key] = decodeText(bytes, marker.section as string);
        budget -= bytes.length;
        this.next++;
        continue;
      }
      const type = typedArrayType(marker, bytes);
      if (this.views && bytes.byteOffset % type.BYTES_PER_ELEMENT === 0) {
        // The caller said a view keeps no more alive than a copy would.
        (holder as Record<string | number, unknown>)[key] = new type(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.length / type.BYTES_PER_ELEMENT);
        this.next++;
        continue;
      }
      // A copy, not a view: a view would keep the whole container in memory as long as the value lives.
      this.copy ??= new Uint8Array(bytes.length);
      const end = Math.min(bytes.length, this.copied + 2 * budget);
      this.copy.set(bytes.subarray(this.copied, end), this.copied);
      budget -= (end - this.copied) / 2;
      this.copied = end;
      if (end < bytes.length) continue;
      (holder as Record<string | number, unknown>)[key] = new type(this.copy.buffer as ArrayBuffer, 0, bytes.length / type.BYTES_PER_ELEMENT);
      this.copy = undefined;
      this.copied = 0;
      this.next++;
    }
  }
}

function decodeText(bytes: Uint8Array, what: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new CacheError(`${what} is not UTF-8`);
  }
}

function typedArrayType(marker: Record<string, unknown>, bytes: Uint8Array): TypedArrayConstructor {
  const type = TYPED_ARRAYS[marker[TYPED_MARK] as string];
  if (type === undefined) throw new CacheError('unknown typed array');
  if (bytes.length % type.BYTES_PER_ELEMENT !== 0) throw new CacheError('typed array of odd length');
  return type;
}

/** The inverse of {@link packValue} in one go (tests, and callers off the main thread). */
export function unpackValue(container: Container, prefix: string): unknown {
  const unpacker = new ValueUnpacker(container, prefix);
  const [parse, restore] = unpacker.tasks();
  parse();
  while (!unpacker.done) restore();
  return unpacker.value;
}

// ---------------------------------------------------------------------------------------------
// One source file's parse result.

export function encodeParsedFile(file: string, parsed: ParsedFile, checksum: Checksum): Uint8Array {
  return packContainer('parsed', { file, signature: parsed.signature }, [['result', jsonBytes(parsed.result)]], checksum);
}

function isSignature(value: unknown): value is FileSignature {
  return isRecord(value) && isCount(value.size) && typeof value.mtimeMs === 'number' && typeof value.hash === 'string';
}

const FORMATS: readonly SourceFormat[] = ['hf-daily-papers', 'flatiron-publications', 'bibtex', 'csl-json'];
const SEVERITIES = ['error', 'warning', 'info'];

function isSource(value: unknown): value is PaperSource {
  return isRecord(value) && typeof value.file === 'string' && FORMATS.includes(value.format as SourceFormat) && isCount(value.line) && isNullableString(value.pageDate);
}

function isDiagnostic(value: unknown): value is Diagnostic {
  return isRecord(value) && typeof value.file === 'string' && isCount(value.line) && typeof value.message === 'string' && SEVERITIES.includes(value.severity as string);
}

function isParseResult(value: unknown): value is ParseResult {
  if (!isRecord(value) || !Array.isArray(value.entries) || !Array.isArray(value.diagnostics)) return false;
  return (
    value.diagnostics.every(isDiagnostic) &&
    value.entries.every(
      (e: unknown) =>
        isRecord(e) &&
        typeof e.title === 'string' &&
        isStringArray(e.authors) &&
        typeof e.authorsTruncated === 'boolean' &&
        isNullableNumber(e.authorCount) &&
        isNullableString(e.organization) &&
        typeof e.abstract === 'string' &&
        isNullableString(e.date) &&
        isNullableNumber(e.upvotes) &&
        isSource(e.source),
    )
  );
}

/** A cached parse result, only when it is intact and was made from `file` as it is now (`signature`). */
export function decodeParsedFile(bytes: Uint8Array, file: string, signature: FileSignature, checksum: Checksum): ParsedFile {
  const container = unpackContainer(bytes, 'parsed', checksum, true);
  const { header } = container;
  expect(header.file === file && isSignature(header.signature), 'parse result header');
  const cached = header.signature as FileSignature;
  if (cached.size !== signature.size || cached.mtimeMs !== signature.mtimeMs || cached.hash !== signature.hash) throw new CacheError(`stale parse result for ${file}`);
  const result = parseJson(container.section('result'), 'parse result');
  expect(isParseResult(result), 'parse result');
  return { signature: cached, result };
}

// ---------------------------------------------------------------------------------------------
// The loaded corpus: what the main thread needs to show the shelf.

export interface Snapshot {
  corpus: Corpus;
  topics: TopicAssignment;
  /** `PaperIndex.toJSON()`: plain JSON, typed arrays allowed. */
  index: unknown;
}

export interface SnapshotIdentity {
  /** Identifies the sources, their signatures and the settings the snapshot was built from. */
  fingerprint: string;
}

/**
 * A paper's record in a snapshot. Its authors are its count of the positions its chunk's author section lists
 * in turn, each a position in the snapshot's name table (the names each chunk brings, appended chunk by chunk);
 * dates are positions in its date table (-1: no date).
 */
type PaperRow = [
  id: string,
  citationKey: string,
  authors: number,
  authorsTruncated: 0 | 1,
  authorCount: number | null,
  organization: string | null,
  date: number,
  upvotes: number | null,
  sources: [file: number, format: number, line: number, pageDate: number][],
];

/**
 * Strings stored once and named by position: a corpus repeats author names and dates thousands of times, and
 * decoding each as its own string made most of the strings (and the garbage collection) of a warm start.
 * Found through a hash of their characters in a table of positions: a Map keyed by 700k freshly parsed
 * strings, each hashed by V8 on first use, took twice as long, on the thread that parses.
 */
class StringTable {
  readonly strings: string[] = [];
  private slots = new Int32Array(1024).fill(-1);
  // Papers come page by page, and a page's papers share its file and mostly its dates: the last text is tried first.
  private lastText: string | undefined;
  private lastPosition = -1;

  positionOf(text: string): number {
    if (text === this.lastText) return this.lastPosition;
    this.lastText = text;
    this.lastPosition = this.find(text);
    return this.lastPosition;
  }

  private find(text: string): number {
    const slot = this.slotOf(text);
    if (this.slots[slot] !== -1) return this.slots[slot];
    this.slots[slot] = this.strings.length;
    this.strings.push(text);
    if (2 * this.strings.length > this.slots.length) this.grow();
    return this.strings.length - 1;
  }

  /** The slot holding `text`, or the empty slot where it goes. */
  private slotOf(text: string): number {
    const mask = this.slots.length - 1;
    for (let slot = fnv1a32(text) & mask; ; slot = (slot + 1) & mask) {
      const position = this.slots[slot];
      if (position === -1 || this.strings[position] === text) return slot;
    }
  }

  private grow(): void {
    this.slots = new Int32Array(2 * this.slots.length).fill(-1);
    this.strings.forEach((text, position) => (this.slots[this.slotOf(text)] = position));
  }
}

/** A code unit above 0xFF: the string needs V8's two-byte representation. */
const BEYOND_LATIN1 = /[^\u0000-\u00ff]/;

function isLatin1(text: string): boolean {
  return !BEYOND_LATIN1.test(text);
}

/**
 * Texts in two blocks, Latin-1 texts (one byte per character) in one and the others (UTF-16) in the other:
 * any text, or a whole block, decodes as a plain copy of its bytes (a block of ids as one string of which
 * each id is a cheap slice; a paper's title or abstract as a string of its own, when it is read). Fills each
 * text's length and block (`wide`); each block is written where it goes, not joined first (which would make,
 * and drop, a second copy of every text).
 */
function textBlockWriters(texts: string[], lengths: Uint32Array, wide: Uint8Array): TextBlockWriters {
  let narrowLength = 0;
  let wideLength = 0;
  texts.forEach((text, i) => {
    lengths[i] = text.length;
    if (isLatin1(text)) narrowLength += text.length;
    else {
      wide[i] = 1;
      wideLength += text.length;
    }
  });
  const writer = (inWide: boolean, length: number): SectionWriter => ({
    length,
    write: (into) => {
      const write = textWriter(into, inWide);
      texts.forEach((text, i) => wide[i] === (inWide ? 1 : 0) && write(text));
    },
  });
  return { narrow: writer(false, narrowLength), wideText: writer(true, 2 * wideLength) };
}

/** {@link textBlockWriters}' blocks made now, with the texts' lengths and flags. */
function textBlock(texts: string[]): TextBlock & { lengths: Uint32Array; wide: Uint8Array } {
  const lengths = new Uint32Array(texts.length);
  const wide = new Uint8Array(texts.length);
  const writers = textBlockWriters(texts, lengths, wide);
  return { lengths, wide, narrow: sectionBytes(writers.narrow), wideText: sectionBytes(writers.wideText) };
}

/** The papers' sections of a snapshot, and the text blocks among them (for {@link topicsInputOfPart}). */
export interface PapersSections {
  sections: [string, SectionSource][];
  chunks: number;
  texts: { lengths: Uint32Array; wide: Uint8Array };
  /** No two papers share an id (found while ordering them by id). */
  distinctIds: boolean;
}

/** The papers' sections of a snapshot: chunks of compact rows plus their titles and abstracts as text blocks. */
export function papersSections(corpus: Corpus): PapersSections {
  const { papers } = corpus;
  const files = new StringTable();
  const names = new StringTable();
  const dates = new StringTable();
  const dateOf = (date: string | null): number => (date === null ? -1 : dates.positionOf(date));
  const sections: [string, SectionSource][] = [];
  // Per paper: the UTF-16 lengths of title and abstract, and whether each lives in the wide block.
  const texts = paperTexts(papers);
  let chunks = 0;
  for (let start = 0; start < papers.length; start += PAPERS_PER_CHUNK, chunks++) {
    const chunk = papers.slice(start, start + PAPERS_PER_CHUNK);
    const namesBefore = names.strings.length;
    let authorSlots = 0;
    for (const p of chunk) authorSlots += p.authors.length;
    const authors = new Int32Array(authorSlots);
    let at = 0;
    const rows: PaperRow[] = [];
    for (const p of chunk) {
      const sources = p.sources.map((s): PaperRow[8][number] => [files.positionOf(s.file), FORMATS.indexOf(s.format), s.line, dateOf(s.pageDate)]);
      for (const name of p.authors) authors[at++] = names.positionOf(name);
      rows.push([p.id, p.citationKey, p.authors.length, p.authorsTruncated ? 1 : 0, p.authorCount, p.organization, dateOf(p.date), p.upvotes, sources]);
    }
    const block = texts.blocks[chunks];
    // Each chunk brings the names it first uses, so no one slice of decoding parses the whole name table.
    sections.push(
      [`papers.${chunks}`, jsonSection(rows)],
      [`names.${chunks}`, jsonBytes(names.strings.slice(namesBefore))],
      [`authors.${chunks}`, new Uint8Array(authors.buffer)],
      [`text.${chunks}.narrow`, block.narrow],
      [`text.${chunks}.wide`, block.wideText],
    );
  }
  const { order, distinct } = idOrder(papers);
  // The small tables first: a decoder reading the file as it arrives needs them before any chunk.
  const tables: [string, Uint8Array][] = [
    ['files', jsonBytes(files.strings)],
    ['dates', jsonBytes(dates.strings)],
    ['textLengths', new Uint8Array(texts.lengths.buffer)],
    ['textWide', texts.wide],
    ['diagnostics', jsonBytes(corpus.diagnostics)],
    ['extras', jsonBytes([...corpus.extras])],
    ['papersById', new Uint8Array(order.buffer)],
  ];
  return { sections: [...tables, ...sections], chunks, texts: { lengths: texts.lengths, wide: texts.wide }, distinctIds: distinct };
}

/**
 * Positions of `papers` in id order (as `<` compares), and whether no two papers share an id (which the sort
 * finds out on the way). Unique ids sort natively, as numbers when they are hex (as paper ids are) and as
 * strings otherwise, several times faster than through a comparator; repeated ids (never in a merged corpus)
 * take the comparator.
 */
export function idOrder(papers: readonly Pick<Paper, 'id'>[]): { order: Int32Array; distinct: boolean } {
  const hex = hexIdOrder(papers);
  return hex !== null ? { order: hex, distinct: true } : stringIdOrder(papers);
}

/** Input positions below this pack with a 32-bit number into one exactly representable double. */
const POSITION_LIMIT = 2 ** 21;

/**
 * The order of unique ids of 16 lower-case hex digits each (as corpus.ts's paperId makes them): for them `<` is
 * the order of their two 32-bit halves, which sort as numbers, natively. Null for any other ids.
 */
function hexIdOrder(papers: readonly Pick<Paper, 'id'>[]): Int32Array | null {
  if (papers.length >= POSITION_LIMIT) return null;
  const high = new Float64Array(papers.length);
  const low = new Float64Array(papers.length);
  for (let i = 0; i < papers.length; i++) {
    const id = papers[i].id;
    if (id.length !== 16) return null;
    let first = 0;
    let second = 0;
    for (let at = 0; at < 16; at++) {
      const code = id.charCodeAt(at);
      const digit = code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 102 ? code - 87 : -1;
      if (digit < 0) return null;
      if (at < 8) first = first * 16 + digit;
      else second = second * 16 + digit;
    }
    high[i] = first * POSITION_LIMIT + i;
    low[i] = second;
  }
  high.sort();
  const order = Int32Array.from(high, (key) => key % POSITION_LIMIT);
  // Equal first halves (about one pair in 100k ids) are ordered by their second halves.
  for (let start = 0; start < order.length; ) {
    const first = Math.floor(high[start] / POSITION_LIMIT);
    let end = start + 1;
    while (end < order.length && Math.floor(high[end] / POSITION_LIMIT) === first) end++;
    if (end - start > 1) {
      const run = Array.from(order.subarray(start, end)).sort((a, b) => low[a] - low[b]);
      if (run.some((position, r) => r > 0 && low[position] === low[run[r - 1]])) return null;
      order.set(run, start);
    }
    start = end;
  }
  return order;
}

function stringIdOrder(papers: readonly Pick<Paper, 'id'>[]): { order: Int32Array; distinct: boolean } {
  const positionOf = new Map<string, number>();
  for (let i = 0; i < papers.length; i++) positionOf.set(papers[i].id, i);
  if (positionOf.size === papers.length) return { order: Int32Array.from([...positionOf.keys()].sort(), (id) => positionOf.get(id) as number), distinct: true };
  return { order: Int32Array.from(papers.map((_, i) => i).sort((a, b) => (papers[a].id < papers[b].id ? -1 : papers[a].id > papers[b].id ? 1 : a - b))), distinct: false };
}

/**
 * The sections that need topics and the index: what a worker can send after the papers; `index` undefined
 * leaves it out. Each paper's topic is stored by its position, as {@link shelfSectionsByPosition} takes it.
 */
export function shelfSections(papers: readonly Pick<Paper, 'id'>[], topics: TopicAssignment, index: unknown): [string, Uint8Array][] {
  const topicIndex = new Map(topics.topics.map((topic, i) => [topic.id, i]));
  const topicOfPaper = new Int32Array(papers.length);
  papers.forEach((paper, i) => {
    const topicId = topics.topicOf.get(paper.id);
    topicOfPaper[i] = topicId === undefined ? -1 : (topicIndex.get(topicId) ?? -1);
  });
  return shelfSectionsByPosition({ model: topics.model, topics: topics.topics.map(({ paperIds: _ids, ...topic }) => topic), topicOfPaper }, index);
}

/** {@link shelfSections} of topics placed by position ({@link topicsByPosition}): the same sections. */
export function shelfSectionsByPosition(topics: TopicsByPosition, index: unknown): [string, Uint8Array][] {
  return [
    ['topics', jsonBytes({ model: topics.model, topics: topics.topics })],
    ['topicOfPaper', new Uint8Array(topics.topicOfPaper.buffer, topics.topicOfPaper.byteOffset, topics.topicOfPaper.byteLength)],
    ...(index === undefined ? [] : packValue(index, 'index')),
  ];
}

/** The two blocks {@link textBlockWriters} writes. */
interface TextBlock {
  narrow: Uint8Array;
  wideText: Uint8Array;
}

interface TextBlockWriters {
  narrow: SectionWriter;
  wideText: SectionWriter;
}

/**
 * What clustering needs of the papers, for the thread that clusters: ids, titles and abstracts as text blocks
 * (the titles and abstracts exactly as the papers part holds them).
 */
export interface TopicsInput {
  /** The papers' fingerprint, for the topics part made from them. */
  fingerprint: string;
  papers: number;
  /** All ids in one block: 100k ids are about 2M characters, far from V8's string length limit. */
  ids: TextBlock & { lengths: Uint32Array; wide: Uint8Array };
  /** Per paper: the lengths of title and abstract, and whether each is UTF-16 (1) or Latin-1 (0). */
  lengths: Uint32Array;
  wide: Uint8Array;
  /** The titles and abstracts of {@link PAPERS_PER_CHUNK} papers a block, as in the papers part. */
  blocks: TextBlock[];
}

/** The titles and abstracts of papers, {@link PAPERS_PER_CHUNK} papers a block: lengths and flags now, each block written where it goes. */
function paperTexts(papers: readonly { title: string; abstract: string }[]): { lengths: Uint32Array; wide: Uint8Array; blocks: TextBlockWriters[] } {
  const lengths = new Uint32Array(2 * papers.length);
  const wide = new Uint8Array(2 * papers.length);
  const blocks: TextBlockWriters[] = [];
  for (let start = 0; start < papers.length; start += PAPERS_PER_CHUNK) {
    const texts = papers.slice(start, start + PAPERS_PER_CHUNK).flatMap((paper) => [paper.title, paper.abstract]);
    blocks.push(textBlockWriters(texts, lengths.subarray(2 * start, 2 * start + texts.length), wide.subarray(2 * start, 2 * start + texts.length)));
  }
  return { lengths, wide, blocks };
}

function idBlock(papers: readonly { id: string }[]): TopicsInput['ids'] {
  return textBlock(papers.map((paper) => paper.id));
}

/** A topics input made from the papers themselves (a sample, or papers with no papers part at hand). */
export function packTopicsInput(papers: readonly TopicPaper[], fingerprint: string): TopicsInput {
  const { lengths, wide, blocks } = paperTexts(papers);
  return { fingerprint, papers: papers.length, ids: idBlock(papers), lengths, wide, blocks: blocks.map((block) => ({ narrow: sectionBytes(block.narrow), wideText: sectionBytes(block.wideText) })) };
}

/**
 * The topics input of papers whose papers part was just packed: its text blocks serve where they are (in shared
 * memory, the other thread reads them in place), and its tables, which the part has copied, can be transferred.
 */
export function topicsInputOfPart(papers: readonly Paper[], sections: PapersSections, part: Uint8Array, fingerprint: string): TopicsInput {
  const container = unpackSent(part, 'papers');
  // Without shared memory the blocks are copied: views would move the whole part away with them.
  const inPlace = isShared(part.buffer);
  const block = (name: string): Uint8Array => (inPlace ? container.section(name) : container.section(name).slice());
  const blocks = Array.from({ length: sections.chunks }, (_, chunk) => ({ narrow: block(`text.${chunk}.narrow`), wideText: block(`text.${chunk}.wide`) }));
  return { fingerprint, papers: papers.length, ids: idBlock(papers), lengths: sections.texts.lengths, wide: sections.texts.wide, blocks };
}

/**
 * The sections of a papers part as they were packed, while the part can still be read here: in shared memory,
 * which sending leaves in place (a part in memory of its own is transferred away when sent).
 */
export function sentPapersSections(part: Uint8Array): { sections: [string, SectionSource][]; chunks: number } | undefined {
  if (!isShared(part.buffer)) return undefined;
  const container = unpackSent(part, 'papers');
  const chunks = container.header.chunks;
  return isCount(chunks) ? { sections: sectionsOf(container), chunks } : undefined;
}

/** The buffers of a {@link TopicsInput}, to transfer when it is sent. */
export function topicsInputBuffers(input: TopicsInput): ArrayBuffer[] {
  const { ids } = input;
  const arrays: ArrayBufferView[] = [ids.lengths, ids.wide, ids.narrow, ids.wideText, input.lengths, input.wide, ...input.blocks.flatMap((block) => [block.narrow, block.wideText])];
  return transferableBuffers(arrays);
}

/** The buffers of these arrays that can be transferred: shared memory is not moved but shared. */
export function transferableBuffers(arrays: ArrayBufferView[]): ArrayBuffer[] {
  return [...new Set(arrays.map((array) => array.buffer))].filter((buffer): buffer is ArrayBuffer => !isShared(buffer));
}

export function isShared(buffer: ArrayBufferLike): boolean {
  return typeof SharedArrayBuffer === 'function' && buffer instanceof SharedArrayBuffer;
}

/** The papers a {@link TopicsInput} holds; throws {@link CacheError} when it is malformed or its texts do not add up. */
export function unpackTopicsInput(input: TopicsInput): { papers: TopicPaper[] } {
  const { papers: n, ids, lengths, wide: wideFlags, blocks } = input;
  expect(typeof input.fingerprint === 'string' && isCount(n) && Array.isArray(blocks) && blocks.length === Math.ceil(n / PAPERS_PER_CHUNK), 'topics input header');
  expect(lengths instanceof Uint32Array && lengths.length === 2 * n && isFlags(wideFlags, 2 * n), 'topics input lengths');
  expect(ids?.lengths instanceof Uint32Array && ids.lengths.length === n && isFlags(ids.wide, n), 'topics input ids');
  expect(ids.narrow instanceof Uint8Array && ids.wideText instanceof Uint8Array, 'topics input ids');
  const idTexts = new BlockTexts(ids.narrow, ids.wideText, ids.lengths, ids.wide);
  const papers: TopicPaper[] = new Array(n);
  blocks.forEach((block, b) => {
    expect(block?.narrow instanceof Uint8Array && block.wideText instanceof Uint8Array, 'topics input texts');
    const texts: ChunkTexts = { narrow: new TextBytes(block.narrow), wide: new TextBytes(block.wideText) };
    const cursor = new BlockCursor(lengths, wideFlags);
    const end = Math.min(n, (b + 1) * PAPERS_PER_CHUNK);
    for (let i = b * PAPERS_PER_CHUNK; i < end; i++) papers[i] = new PartPaper(idTexts.next(i), texts, cursor.place(2 * i), cursor.place(2 * i + 1), lengths, wideFlags, 2 * i);
    expect(cursor.narrowAt === block.narrow.length && 2 * cursor.wideAt === block.wideText.length, 'topics input texts');
  });
  expect(idTexts.done, 'topics input ids');
  return { papers };
}

/**
 * A paper as the clustering thread reads it from a papers part: title and abstract are decoded from the part's bytes
 * when read, each a string of its own. Whole blocks decoded at once were 150 MB of strings at 100k papers, of which
 * assignment reads the first 80 words of each abstract, and reading characters through slices of them was slower.
 */
class PartPaper implements TopicPaper {
  constructor(
    readonly id: string,
    private readonly texts: ChunkTexts,
    private readonly titleAt: number,
    private readonly abstractAt: number,
    private readonly lengths: Uint32Array,
    private readonly wideFlags: Uint8Array,
    /** The title's slot; the abstract's is the next. */
    private readonly slot: number,
  ) {}

  get title(): string {
    return this.text(this.slot, this.titleAt, this.lengths[this.slot]);
  }

  get abstract(): string {
    return this.text(this.slot + 1, this.abstractAt, this.lengths[this.slot + 1]);
  }

  abstractOpening(length: number): string {
    return this.text(this.slot + 1, this.abstractAt, Math.min(length, this.lengths[this.slot + 1]));
  }

  private text(slot: number, at: number, length: number): string {
    return chunkText(this.texts, at, length, this.wideFlags[slot] === 1);
  }
}

function isFlags(flags: unknown, length: number): boolean {
  return flags instanceof Uint8Array && flags.length === length && flags.every((flag) => flag <= 1);
}

/** Where each text {@link textBlockWriters} wrote starts in its block (Latin-1 or UTF-16), taken slot by slot in order. */
class BlockCursor {
  /** Code units of each block placed so far. */
  narrowAt = 0;
  wideAt = 0;

  constructor(
    readonly lengths: Uint32Array,
    readonly wideFlags: Uint8Array,
  ) {}

  /** Where the text of `slot`, the next one in its block, starts in that block, in code units. */
  place(slot: number): number {
    const length = this.lengths[slot];
    if (this.wideFlags[slot] === 1) return (this.wideAt += length) - length;
    return (this.narrowAt += length) - length;
  }
}

/** Reads back, slot by slot in order, the texts {@link textBlockWriters} wrote into one Latin-1 and one UTF-16 block. */
class BlockTexts {
  private readonly narrow: string;
  private readonly wide: string;
  private readonly cursor: BlockCursor;

  constructor(narrowBytes: Uint8Array, wideBytes: Uint8Array, lengths: Uint32Array, wideFlags: Uint8Array) {
    this.narrow = latin1Text(narrowBytes);
    this.wide = utf16Text(wideBytes);
    this.cursor = new BlockCursor(lengths, wideFlags);
  }

  /** The text of `slot`, which must be the next one in its block. */
  next(slot: number): string {
    const at = this.cursor.place(slot);
    const end = at + this.cursor.lengths[slot];
    return this.cursor.wideFlags[slot] === 1 ? this.wide.slice(at, end) : this.narrow.slice(at, end);
  }

  /** True when the texts read are exactly what the blocks hold. */
  get done(): boolean {
    return this.cursor.narrowAt === this.narrow.length && this.cursor.wideAt === this.wide.length;
  }
}

/** Kind of the container holding only the search index, built by a thread of its own. */
export const INDEX_KIND = 'snapshot-index';

/** The index's sections of a snapshot, packed for sending: `index`, `index.0`, … */
export function packIndexPart(index: unknown, papers: number, allocate?: (length: number) => Uint8Array): Uint8Array {
  return packContainer(INDEX_KIND, { papers }, packValue(index, 'index'), UNCHECKED, allocate);
}

/** The sections of a container, in order (e.g. an index part, to put into the cache file). */
export function sectionsOf(container: Container): [string, Uint8Array][] {
  const entries = container.header.sections as { name: string }[];
  return entries.map(({ name }) => [name, container.section(name)]);
}

/** The header fields of a snapshot's papers part (and of a whole snapshot). */
export function snapshotHeader(identity: SnapshotIdentity, papers: number, chunks: number): Record<string, unknown> {
  return { fingerprint: identity.fingerprint, papers, chunks };
}

/** A whole snapshot in one container, as the cache file holds it. */
export function encodeSnapshot(snapshot: Snapshot, identity: SnapshotIdentity, checksum: Checksum): Uint8Array {
  const { sections, chunks } = papersSections(snapshot.corpus);
  sections.push(...shelfSections(snapshot.corpus.papers, snapshot.topics, snapshot.index));
  return packContainer('snapshot', snapshotHeader(identity, snapshot.corpus.papers.length, chunks), sections, checksum);
}

/** Kind of the container holding only topics and index, sent after a `snapshot` container of papers alone. */
export const SHELF_KIND = 'snapshot-shelf';

/** Opens a part a worker sent in memory ({@link UNCHECKED}): the papers, or the topics and index. */
export function unpackSent(bytes: Uint8Array, part: 'papers' | 'shelf' | 'index'): Container {
  return unpackContainer(bytes, part === 'papers' ? 'snapshot' : part === 'shelf' ? SHELF_KIND : INDEX_KIND, UNCHECKED, false);
}

/** The fingerprint a snapshot's header carries, without decoding it. */
export function snapshotFingerprint(container: Container): string | undefined {
  return typeof container.header.fingerprint === 'string' ? container.header.fingerprint : undefined;
}

function int32View(bytes: Uint8Array, count: number, what: string): Int32Array {
  expect(bytes.length === count * 4, what);
  const aligned = bytes.byteOffset % 4 === 0 ? bytes : copyOf(bytes);
  return new Int32Array(aligned.buffer, aligned.byteOffset, count);
}

const TOPIC_KINDS: readonly TopicKind[] = ['auto', 'user', 'other', 'pinned'];

interface DecodeTask {
  run(): boolean;
  needs: readonly string[] | 'all';
}

/**
 * Decodes a snapshot a slice at a time, so the main thread never blocks for long:
 * call {@link step} with a deadline until it returns true, then take {@link result}.
 * Throws {@link CacheError} on anything malformed.
 */
export class SnapshotDecoder {
  private readonly paperCount: number;
  private readonly chunks: number;
  private readonly papers: Paper[] = [];
  /** Each paper's position by id, filled as the papers are decoded: a cold load's topics come last, and look papers up through it. */
  private readonly positionOfId = new Map<string, number>();
  private readonly files: string[];
  private readonly names: string[] = [];
  private readonly dates: string[];
  private readonly textLengths: Uint32Array;
  private readonly textWide: Uint8Array;
  /** Each task is a few milliseconds of work (one returning false runs again), with the sections it reads. */
  private readonly tasks: DecodeTask[] = [];
  private nextTask = 0;
  private rest: Omit<Corpus, 'papers'> | undefined;
  private topics: TopicAssignment | undefined;
  private index: ValueUnpacker | undefined;
  private topicsAdded = false;
  private indexDecoded = false;
  private snapshot: Snapshot | undefined;

  /**
   * `container`: a whole snapshot, or with `partsLater` only its papers (`papersSections`): the topics and
   * the index then come through {@link addPart}, so decoding papers can start while they are computed.
   */
  constructor(
    private readonly container: Container,
    partsLater = false,
  ) {
    const { header } = container;
    expect(isCount(header.papers) && isCount(header.chunks) && header.chunks === Math.ceil((header.papers as number) / PAPERS_PER_CHUNK), 'snapshot header');
    this.paperCount = header.papers as number;
    this.chunks = header.chunks as number;
    const files = parseJson(container.section('files'), 'files');
    expect(isStringArray(files), 'file table');
    this.files = files;
    const dates = parseJson(container.section('dates'), 'dates');
    expect(isStringArray(dates), 'date table');
    this.dates = dates;
    const lengths = container.section('textLengths');
    expect(lengths.length === this.paperCount * 8, 'text table');
    const aligned = lengths.byteOffset % 4 === 0 ? lengths : copyOf(lengths);
    this.textLengths = new Uint32Array(aligned.buffer, aligned.byteOffset, this.paperCount * 2);
    this.textWide = container.section('textWide');
    expect(this.textWide.length === this.paperCount * 2, 'text table');
    for (let chunk = 0; chunk < this.chunks; chunk++) {
      this.tasks.push({ run: () => (this.decodeChunk(chunk), true), needs: [`papers.${chunk}`, `names.${chunk}`, `authors.${chunk}`, `text.${chunk}.narrow`, `text.${chunk}.wide`] });
    }
    this.tasks.push({ run: () => ((this.rest = this.decodeDiagnosticsAndExtras()), true), needs: ['diagnostics', 'extras'] });
    if (!partsLater) this.addPart(container);
  }

  /** The sections the constructor reads: what must be in before a decoder can be made of a file still arriving. */
  static readonly tableSections: readonly string[] = ['files', 'dates', 'textLengths', 'textWide'];

  /** The sections the next task reads (`'all'`: any of them), or undefined when no task is left or waiting for a part. */
  get nextNeeds(): readonly string[] | 'all' | undefined {
    return this.tasks[this.nextTask]?.needs;
  }

  /** The papers decoded so far: all of them once {@link waitingForPart} or done. */
  get decodedPapers(): readonly Paper[] {
    return this.papers;
  }

  /** The decoded papers' positions by id, the map the topics are looked up through: an index restored over them can share it. */
  get positionsById(): ReadonlyMap<string, number> {
    return this.positionOfId;
  }

  /** The index's stored form once its part is decoded (before the topics, when they come later), else undefined. */
  get decodedIndex(): unknown {
    return this.indexDecoded && this.papers.length === this.paperCount ? this.index!.value : undefined;
  }

  /** True when every task so far is done and the topics or the index have not been handed over yet. */
  get waitingForPart(): boolean {
    return this.nextTask >= this.tasks.length && !(this.topicsAdded && this.index !== undefined);
  }

  /**
   * Hands over topics, the index, or both, for the same papers: a {@link SHELF_KIND} container (topics, with or
   * without the index) or an {@link INDEX_KIND} one; parts are decoded in the order they come.
   */
  addPart(part: Container): void {
    const whole = part === this.container;
    if (whole || part.has('topics')) {
      if (this.topicsAdded) throw new Error('SnapshotDecoder: topics handed over twice');
      // A part made on another thread must be for these papers: the fingerprints tell.
      expect(whole || (part.header.papers === this.paperCount && part.header.fingerprint === this.container.header.fingerprint), 'shelf header');
      this.topicsAdded = true;
      this.tasks.push({ run: () => ((this.topics = this.decodeTopicModel(part)), true), needs: 'all' });
      this.tasks.push({ run: () => this.assignTopicsSome(), needs: 'all' });
    }
    if (whole || part.has('index')) {
      if (this.index !== undefined) throw new Error('SnapshotDecoder: index handed over twice');
      expect(whole || part.header.papers === this.paperCount, 'index part header');
      // Views, not copies: a part sent in memory holds nothing else of size, and a whole snapshot's bytes stay
      // alive anyway, as the papers read their abstracts from them.
      const index = (this.index = new ValueUnpacker(part, 'index', true));
      const [parseIndex, restoreIndex] = index.tasks();
      const restored = (): boolean => {
        restoreIndex();
        return (this.indexDecoded = index.done);
      };
      this.tasks.push({ run: () => (parseIndex(), true), needs: 'all' }, { run: restored, needs: 'all' });
    }
  }

  /**
   * Decodes until `deadline` (a `performance.now()` time) passes; true once everything is decoded. `ready`: for a
   * file still arriving, whether a task's sections are in; when they are not, returns false before that task.
   */
  step(deadline: number, ready?: (needs: readonly string[] | 'all') => boolean): boolean {
    while (this.nextTask < this.tasks.length) {
      const task = this.tasks[this.nextTask];
      if (ready !== undefined && !ready(task.needs)) return false;
      if (task.run()) this.nextTask++;
      if (performance.now() >= deadline && this.nextTask < this.tasks.length) return false;
    }
    if (!this.topicsAdded || this.index === undefined) return false;
    this.snapshot ??= { corpus: { papers: this.papers, ...this.rest! }, topics: this.topics!, index: this.index!.value };
    return true;
  }

  result(): Snapshot {
    if (this.snapshot === undefined) throw new Error('SnapshotDecoder.result() before step() returned true');
    return this.snapshot;
  }

  private decodeChunk(chunk: number): void {
    const rows = parseJson(this.container.section(`papers.${chunk}`), `papers chunk ${chunk}`);
    const first = chunk * PAPERS_PER_CHUNK;
    expect(Array.isArray(rows) && rows.length === Math.min(PAPERS_PER_CHUNK, this.paperCount - first), `papers chunk ${chunk}`);
    const wideBytes = this.container.section(`text.${chunk}.wide`);
    expect(wideBytes.length % 2 === 0, `texts of papers chunk ${chunk}`);
    const texts: ChunkTexts = { narrow: new TextBytes(this.container.section(`text.${chunk}.narrow`)), wide: new TextBytes(wideBytes) };
    const narrowLength = texts.narrow.bytes.length;
    const wideLength = wideBytes.length / 2;
    const cursor = new BlockCursor(this.textLengths, this.textWide);
    const newNames = parseJson(this.container.section(`names.${chunk}`), `names of papers chunk ${chunk}`);
    expect(isStringArray(newNames), `names of papers chunk ${chunk}`);
    for (const name of newNames) this.names.push(name);
    const authorSection = this.container.section(`authors.${chunk}`);
    expect(authorSection.length % 4 === 0, `authors of papers chunk ${chunk}`);
    const authorPositions = int32View(authorSection, authorSection.length / 4, `authors of papers chunk ${chunk}`);
    let nextAuthor = 0;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i] as PaperRow;
      const n = first + i;
      const wellFormed =
        Array.isArray(row) &&
        row.length === 9 &&
        typeof row[0] === 'string' &&
        typeof row[1] === 'string' &&
        isCount(row[2]) &&
        (row[3] === 0 || row[3] === 1) &&
        isNullableNumber(row[4]) &&
        isNullableString(row[5]) &&
        this.isDate(row[6]) &&
        isNullableNumber(row[7]) &&
        Array.isArray(row[8]);
      // Each message is made only when its check fails: made for every paper, they were 10-20 % of decoding.
      if (!wellFormed) malformed(`paper ${n}`);
      const sources = row[8].map((s): PaperSource => {
        if (!(Array.isArray(s) && s.length === 4 && isCount(s[0]) && s[0] < this.files.length && FORMATS[s[1]] !== undefined && isCount(s[2]) && this.isDate(s[3]))) malformed(`sources of paper ${n}`);
        return { file: this.files[s[0]], format: FORMATS[s[1]], line: s[2], pageDate: this.dateAt(s[3]) };
      });
      if (!(nextAuthor + row[2] <= authorPositions.length)) malformed(`authors of paper ${n}`);
      const authors = new Array<string>(row[2]);
      for (let a = 0; a < authors.length; a++) {
        const position = authorPositions[nextAuthor++];
        if (!(position >= 0 && position < this.names.length)) malformed(`authors of paper ${n}`);
        authors[a] = this.names[position];
      }
      const titleAt = cursor.place(2 * n);
      const abstractAt = cursor.place(2 * n + 1);
      if (!(cursor.narrowAt <= narrowLength && cursor.wideAt <= wideLength)) malformed(`texts of paper ${n}`);
      const title = chunkText(texts, titleAt, this.textLengths[2 * n], this.textWide[2 * n] === 1);
      this.papers.push(
        new StoredPaper(row[0], row[1], title, authors, row[3] === 1, row[4], row[5], this.dateAt(row[6]), row[7], sources, texts, abstractAt, this.textLengths[2 * n + 1], this.textWide[2 * n + 1] === 1),
      );
      this.positionOfId.set(row[0], n);
    }
    expect(cursor.narrowAt === narrowLength && cursor.wideAt === wideLength, `texts of papers chunk ${chunk}`);
    expect(nextAuthor === authorPositions.length, `authors of papers chunk ${chunk}`);
  }

  /** A position in the date table, or -1 for no date. */
  private isDate(position: unknown): position is number {
    return position === -1 || (isCount(position) && position < this.dates.length);
  }

  private dateAt(position: number): string | null {
    return position === -1 ? null : this.dates[position];
  }

  private decodeDiagnosticsAndExtras(): Omit<Corpus, 'papers'> {
    const diagnostics = parseJson(this.container.section('diagnostics'), 'diagnostics');
    expect(Array.isArray(diagnostics) && diagnostics.every(isDiagnostic), 'diagnostics');
    const extrasEntries = parseJson(this.container.section('extras'), 'extras');
    expect(Array.isArray(extrasEntries) && extrasEntries.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && isRecord(e[1])), 'extras');
    return { diagnostics, extras: new Map<string, BibliographicExtras>(extrasEntries as [string, BibliographicExtras][]) };
  }

  private topicOfPaper: Int32Array | undefined;
  private papersById: Int32Array | undefined;
  private assigned = 0;

  private decodeTopicModel(shelf: Container): TopicAssignment {
    const stored = parseJson(shelf.section('topics'), 'topics');
    expect(isRecord(stored) && isRecord(stored.model) && Array.isArray(stored.topics), 'topics');
    const topics: Topic[] = (stored.topics as unknown[]).map((t) => {
      expect(isRecord(t) && typeof t.id === 'string' && typeof t.label === 'string' && TOPIC_KINDS.includes(t.kind as TopicKind) && isStringArray(t.topTerms), 'topic');
      return { ...(t as unknown as Topic), paperIds: [] };
    });
    const topicOfPaper = int32View(shelf.section('topicOfPaper'), this.paperCount, 'topic table');
    const papersById = int32View(this.container.section('papersById'), this.paperCount, 'id order');
    let assigned = 0;
    for (let n = 0; n < topicOfPaper.length; n++) {
      expect(topicOfPaper[n] < topics.length, 'topic table');
      if (topicOfPaper[n] >= 0) assigned++;
    }
    this.topicOfPaper = topicOfPaper;
    this.papersById = papersById;
    const topicOf = new StoredTopicOf(this.papers, this.positionOfId, topicOfPaper, topics.map((topic) => topic.id), assigned);
    return { model: stored.model as unknown as TopicModel, topicOf, topics };
  }

  /** Fills each topic's paperIds, 5,000 papers per task. */
  private assignTopicsSome(): boolean {
    const { topics } = this.topics!;
    const byId = this.papersById!;
    const topicOfPaper = this.topicOfPaper!;
    const end = Math.min(byId.length, this.assigned + 5_000);
    // In id order, which keeps every topic's paperIds sorted as computeTopics returns them.
    for (let i = this.assigned; i < end; i++) {
      const n = byId[i];
      expect(n >= 0 && n < this.paperCount, 'id order');
      const t = topicOfPaper[n];
      if (t >= 0) topics[t].paperIds.push(this.papers[n].id);
    }
    this.assigned = end;
    return end === byId.length;
  }
}

/**
 * paperId -> topic id of a decoded snapshot, read from the papers' topic numbers through the decoder's map of
 * paper positions, which it fills as the papers come: in a cold load the topics come last, and filling a map of
 * 100k topic ids once they were in took 60-110 ms after the workers had finished. Iterating builds that map once.
 */
class StoredTopicOf implements ReadonlyMap<string, string> {
  readonly #papers: readonly Paper[];
  readonly #positionOfId: ReadonlyMap<string, number>;
  readonly #topicOfPaper: Int32Array;
  readonly #topicIds: string[];
  readonly #assigned: number;
  #map: Map<string, string> | undefined;

  /** `assigned`: how many papers have a topic (a number of `topicOfPaper` at or above 0). */
  constructor(papers: readonly Paper[], positionOfId: ReadonlyMap<string, number>, topicOfPaper: Int32Array, topicIds: string[], assigned: number) {
    this.#papers = papers;
    this.#positionOfId = positionOfId;
    this.#topicOfPaper = topicOfPaper;
    this.#topicIds = topicIds;
    this.#assigned = assigned;
  }

  /** As a map's: papers that share an id (never in a merged corpus) count once. */
  get size(): number {
    return this.#positionOfId.size === this.#papers.length ? this.#assigned : this.map().size;
  }

  get(paperId: string): string | undefined {
    const position = this.#positionOfId.get(paperId);
    if (position === undefined) return undefined;
    const topic = this.#topicOfPaper[position];
    return topic >= 0 ? this.#topicIds[topic] : undefined;
  }

  has(paperId: string): boolean {
    return this.get(paperId) !== undefined;
  }

  forEach(callback: (topicId: string, paperId: string, map: ReadonlyMap<string, string>) => void, thisArg?: unknown): void {
    this.map().forEach((topicId, paperId) => callback.call(thisArg, topicId, paperId, this));
  }

  entries(): MapIterator<[string, string]> {
    return this.map().entries();
  }

  keys(): MapIterator<string> {
    return this.map().keys();
  }

  values(): MapIterator<string> {
    return this.map().values();
  }

  [Symbol.iterator](): MapIterator<[string, string]> {
    return this.map().entries();
  }

  /** The map in paper order, as computeTopics's own is: made on first iteration. */
  private map(): Map<string, string> {
    if (this.#map === undefined) {
      this.#map = new Map();
      for (let n = 0; n < this.#topicOfPaper.length; n++) {
        const topic = this.#topicOfPaper[n];
        if (topic >= 0) this.#map.set(this.#papers[n].id, this.#topicIds[topic]);
      }
    }
    return this.#map;
  }
}

// ---------------------------------------------------------------------------------------------
// The manifest: which sources the cache describes, and which of its files hold what.

export interface ManifestFile {
  file: string;
  signature: FileSignature;
  /** Name of the parse-result entry in the cache folder. */
  entry: string;
}

export interface CacheManifest {
  version: number;
  parseKey: string;
  topicsKey: string;
  files: ManifestFile[];
  /** The fingerprint of the snapshot file written with this manifest. */
  fingerprint: string;
}

/** The manifest if `text` is one of this version, else null (never throws). */
export function readManifest(text: string): CacheManifest | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isRecord(value) || value.version !== CACHE_VERSION || typeof value.parseKey !== 'string' || typeof value.topicsKey !== 'string') return null;
  if (typeof value.fingerprint !== 'string' || !Array.isArray(value.files)) return null;
  const files = value.files as unknown[];
  if (!files.every((f) => isRecord(f) && typeof f.file === 'string' && typeof f.entry === 'string' && /^[\w.-]+$/.test(f.entry) && isSignature(f.signature))) return null;
  return value as unknown as CacheManifest;
}

/** Identifies sources (in order, with signatures) plus the settings keys; equal fingerprints mean the same corpus. */
export function fingerprintOf(files: { file: string; signature: FileSignature }[], parseKey: string, topicsKey: string): string {
  const text = JSON.stringify([CACHE_VERSION, parseKey, topicsKey, files.map((f) => [f.file, f.signature.size, f.signature.mtimeMs, f.signature.hash])]);
  return `${stableHash(text)}-${crc32(encoder.encode(text)).toString(16)}-${text.length.toString(16)}`;
}
