/**
 * One corpus load with its on-disk cache, in plain Node: the worker thread runs this, and so can a
 * test or a fallback in-process. Returns the snapshot bytes the main thread decodes, and a function
 * that writes the cache afterwards (so writing never delays the result).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import {
  CACHE_VERSION,
  CacheError,
  containerHeaderEnd,
  crc32,
  decodeParsedFile,
  encodeParsedFile,
  fingerprintOf,
  isCount,
  isShared,
  packContainer,
  packIndexPart,
  packTopicsInput,
  papersSections,
  sectionsOf,
  sentPapersSections,
  sharedBytes,
  readManifest,
  SHELF_KIND,
  shelfSections,
  shelfSectionsByPosition,
  snapshotFingerprint,
  snapshotHeader,
  topicsInputBuffers,
  topicsInputOfPart,
  UNCHECKED,
  unpackContainer,
  unpackSent,
  unpackTopicsInput,
  type CacheManifest,
  type Checksum,
  type ManifestFile,
  type PapersSections,
  type TopicsInput,
} from '../core/cache';
import { stableHash } from '../core/normalize';
import type { Corpus } from '../core/corpus';
import { HASH_SAMPLE_BYTES, parseAndMerge, parseKey, runPipeline, sampleHash, signatureOfBytes, topicsKey, type FileSignature, type ParsedFile, type PipelineSettings, type PipelineSource } from '../core/pipeline';
import { PaperIndex } from '../core/search';
import { fitTopicSample, topicSample, topicsByPosition, type SampleFit, type TopicModel } from '../core/topics';
import type { Paper } from '../core/types';

/** Native CRC-32 where Node has it (20.15+), else the plain JavaScript one. */
export const checksum: Checksum = typeof (zlib as { crc32?: unknown }).crc32 === 'function' ? (bytes) => (zlib as unknown as { crc32: (b: Uint8Array) => number }).crc32(bytes) : crc32;

/** A corpus file: a local path the loader reads, or bytes the caller already has (remote file systems). */
export interface SourceRef {
  /** The name sources and diagnostics use. */
  file: string;
  /** Local path to read; defaults to `file`. Ignored when `bytes` is given. */
  path?: string;
  bytes?: Uint8Array;
  /** With `bytes`: the modification time, so the cache can tell versions apart. */
  mtimeMs?: number;
}

export interface LoadRequest {
  /** Sorted as the corpus should list them. */
  sources: SourceRef[];
  settings: PipelineSettings;
  /** Folder for the cache (the extension's storage); no caching without it. */
  cacheDir?: string;
  /** Fit topics anew instead of reusing the cached model. */
  recluster?: boolean;
  /** Rebuild even when the whole-corpus snapshot is valid (used after a snapshot failed to decode). */
  ignoreSnapshot?: boolean;
  /**
   * Identifies the code that parses, indexes and clusters (the extension's version); cached results
   * from other code are discarded. The running bundle's size and mtime are added to it.
   */
  codeVersion?: string;
}

export interface LoadTimings {
  signaturesMs: number;
  cacheReadMs: number;
  parseMs: number;
  mergeMs: number;
  indexMs: number;
  topicsMs: number;
  encodeMs: number;
  totalMs: number;
}

export interface LoadOutcome {
  /** Encoded {@link import('../core/cache').Snapshot}; its sections' checksums are already verified. */
  snapshot: Uint8Array;
  /** True when `snapshot` holds only topics and index ({@link SHELF_KIND}): the papers went to `onPapers`. */
  staged: boolean;
  fromSnapshot: boolean;
  files: number;
  reparsedFiles: number;
  /** Why cached data was not used (corrupt, stale, other version), for the log. */
  cacheProblems: string[];
  timings: LoadTimings;
  /** Writes what changed to the cache folder; call after the snapshot has been handed on. */
  writeCache(): CacheWriteReport;
}

export interface CacheWriteReport {
  written: boolean;
  ms: number;
  problem?: string;
}

export const MANIFEST_FILE = 'manifest.json';
export const SNAPSHOT_FILE = 'snapshot.bin';
export const TOPIC_MODEL_FILE = 'topics.bin';
const STALE_TEMPORARY_MS = 10 * 60 * 1000;

interface SignedSource {
  ref: SourceRef;
  signature: FileSignature;
  /** Bytes already read (small files are read whole for their hash), or given. */
  bytes?: Uint8Array;
  unreadable?: string;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** A file's signature from what was read of it: the whole file when small, else its head and tail. */
function signedFrom(ref: SourceRef, size: number, mtimeMs: number, head: Uint8Array, tail?: Uint8Array): SignedSource {
  if (tail === undefined) return { ref, signature: signatureOfBytes(head, mtimeMs, checksum), bytes: head };
  return { ref, signature: { size, mtimeMs, hash: sampleHash(head, tail, size, checksum) } };
}

function unreadableSource(ref: SourceRef, error: unknown): SignedSource {
  const code = error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : errorText(error);
  return { ref, signature: { size: -1, mtimeMs: 0, hash: `unreadable:${code}` }, unreadable: code };
}

/** Size, mtime and the head-and-tail hash, reading at most 8 KiB per file. */
function signSource(ref: SourceRef): SignedSource {
  if (ref.bytes !== undefined) return { ref, signature: signatureOfBytes(ref.bytes, ref.mtimeMs ?? 0, checksum), bytes: ref.bytes };
  let fd: number | undefined;
  try {
    fd = fs.openSync(ref.path ?? ref.file, 'r');
    const { size, mtimeMs } = fs.fstatSync(fd);
    if (size <= 2 * HASH_SAMPLE_BYTES) return signedFrom(ref, size, mtimeMs, readExactly(fd, 0, size));
    return signedFrom(ref, size, mtimeMs, readExactly(fd, 0, HASH_SAMPLE_BYTES), readExactly(fd, size - HASH_SAMPLE_BYTES, HASH_SAMPLE_BYTES));
  } catch (error) {
    return unreadableSource(ref, error);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** {@link signSource} through the thread pool: slower, but never blocks the calling thread on a slow disk. */
async function signSourceAsync(ref: SourceRef): Promise<SignedSource> {
  if (ref.bytes !== undefined) return signSource(ref);
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(ref.path ?? ref.file, 'r');
    const { size, mtimeMs } = await handle.stat();
    const readAt = async (position: number, length: number): Promise<Uint8Array> => {
      const bytes = new Uint8Array(length);
      const { bytesRead } = await handle!.read(bytes, 0, length, position);
      return bytes.subarray(0, bytesRead);
    };
    if (size <= 2 * HASH_SAMPLE_BYTES) return signedFrom(ref, size, mtimeMs, await readAt(0, size));
    return signedFrom(ref, size, mtimeMs, await readAt(0, HASH_SAMPLE_BYTES), await readAt(size - HASH_SAMPLE_BYTES, HASH_SAMPLE_BYTES));
  } catch (error) {
    return unreadableSource(ref, error);
  } finally {
    await handle?.close();
  }
}

function readExactly(fd: number, position: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const read = fs.readSync(fd, bytes, done, length - done, position + done);
    if (read === 0) return bytes.subarray(0, done);
    done += read;
  }
  return bytes;
}

/**
 * Reads whole files into one buffer, reused from file to file, where a buffer per file had 170 MB of fresh memory
 * faulted in at 100k papers and held until collected. The parsers copy what they keep, so each file's bytes are
 * needed only until it is parsed.
 */
export class WholeFileReader {
  private buffer = Buffer.allocUnsafeSlow(0);

  /** The bytes of `source`, valid until the next call; undefined when it cannot be read. */
  read(source: Pick<SignedSource, 'ref' | 'bytes' | 'unreadable'>): Uint8Array | undefined {
    if (source.bytes !== undefined) return source.bytes;
    if (source.unreadable !== undefined) return undefined;
    const read = this.readSigned(source.ref);
    return read.unreadable === undefined ? read.bytes : undefined;
  }

  /** The bytes of `ref` (valid until the next call), signed as {@link signSource} signs them, from one open of the file. */
  readSigned(ref: SourceRef): SignedSource {
    if (ref.bytes !== undefined) return signSource(ref);
    let fd: number | undefined;
    try {
      fd = fs.openSync(ref.path ?? ref.file, 'r');
      const { size, mtimeMs } = fs.fstatSync(fd);
      let length = 0;
      // Read to the end, past the size fstat gave: a file may grow while it is read, and /proc reports 0.
      for (let capacity = size + 1; ; capacity = 2 * this.buffer.length) {
        if (this.buffer.length < capacity) {
          const larger = Buffer.allocUnsafeSlow(capacity);
          this.buffer.copy(larger, 0, 0, length);
          this.buffer = larger;
        }
        let read: number;
        while ((read = fs.readSync(fd, this.buffer, length, this.buffer.length - length, null)) > 0) length += read;
        if (length < this.buffer.length) {
          const bytes = this.buffer.subarray(0, length);
          return { ref, signature: signatureOfBytes(bytes, mtimeMs, checksum), bytes };
        }
      }
    } catch (error) {
      return unreadableSource(ref, error);
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }
}

function entryName(file: string): string {
  return `${stableHash(file)}.parsed`;
}

function readCacheFile(cacheDir: string, name: string): Uint8Array | undefined {
  try {
    return fs.readFileSync(path.join(cacheDir, name));
  } catch {
    return undefined;
  }
}

/** Writes through a temporary file and a rename, so a crash never leaves a half-written entry. */
function writeAtomically(cacheDir: string, name: string, bytes: Uint8Array | string): void {
  const target = path.join(cacheDir, name);
  const temporary = `${target}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temporary, bytes);
  fs.renameSync(temporary, target);
}

function readManifestFile(cacheDir: string, problems: string[]): CacheManifest | null {
  const bytes = readCacheFile(cacheDir, MANIFEST_FILE);
  if (bytes === undefined) return null;
  const manifest = readManifest(Buffer.from(bytes).toString('utf8'));
  if (manifest === null) problems.push(`${MANIFEST_FILE}: unreadable or from another version; cache discarded`);
  return manifest;
}

function readTopicModel(cacheDir: string, problems: string[]): TopicModel | undefined {
  const bytes = readCacheFile(cacheDir, TOPIC_MODEL_FILE);
  if (bytes === undefined) return undefined;
  try {
    const container = unpackContainer(bytes, 'topic-model', checksum, true);
    const model = JSON.parse(Buffer.from(container.section('model')).toString('utf8')) as TopicModel;
    if (model?.version !== 1 || !Array.isArray(model.vocabulary) || !Array.isArray(model.topics)) throw new CacheError('not a topic model');
    return model;
  } catch (error) {
    problems.push(`${TOPIC_MODEL_FILE}: ${errorText(error)}; topics fitted anew`);
    return undefined;
  }
}

function sameFiles(manifest: CacheManifest, sources: SignedSource[]): boolean {
  if (manifest.files.length !== sources.length) return false;
  return manifest.files.every((entry, i) => {
    const current = sources[i];
    const a = entry.signature;
    const b = current.signature;
    return entry.file === current.ref.file && current.unreadable === undefined && a.size === b.size && a.mtimeMs === b.mtimeMs && a.hash === b.hash;
  });
}

/**
 * Identifies the code that wrote a cache: the caller's `codeVersion` (the worker client puts the
 * worker bundle's size and mtime in it), else this module's own file, so a rebuilt extension never
 * reads an older build's cache.
 */
function codeIdentity(codeVersion: string | undefined): string {
  if (codeVersion !== undefined) return codeVersion;
  try {
    const stat = fs.statSync(__filename);
    return `${stat.size}:${Math.round(stat.mtimeMs)}`;
  } catch {
    return 'unknown';
  }
}

function currentKeys(request: LoadRequest): { parse: string; topics: string } {
  return { parse: `${parseKey(request.settings)}|code:${codeIdentity(request.codeVersion)}`, topics: topicsKey(request.settings) };
}

/**
 * Main-thread signing runs in slices of this long. Signing is synchronous while the disk answers fast: a
 * file's open, stat, two 4 KiB reads and close take about 15 µs from the page cache, where each asynchronous
 * call waits for a thread-pool round trip shared with the snapshot read (1,178 files: 15-25 ms against 250-300 ms).
 */
const SIGN_SLICE_MS = 6;
/**
 * One file this slow to sign, or a few over {@link SLUGGISH_FILE_MS}, mean a slow or remote disk: the rest are then
 * signed through the thread pool. A single page-cache miss on a local disk stays under both.
 */
const SLOW_FILE_MS = 25;
const SLUGGISH_FILE_MS = 5;
const SLUGGISH_FILES = 5;
const ASYNC_SIGNING_CONCURRENCY = 32;

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** {@link signSource} for every source, yielding to the event loop between slices. */
async function signInSlices(refs: SourceRef[]): Promise<SignedSource[]> {
  const sources: SignedSource[] = [];
  let sliceStart = performance.now();
  let sluggish = 0;
  for (const ref of refs) {
    const started = performance.now();
    sources.push(signSource(ref));
    const took = performance.now() - started;
    if (took > SLUGGISH_FILE_MS) sluggish++;
    if (took > SLOW_FILE_MS || sluggish >= SLUGGISH_FILES) break;
    if (performance.now() - sliceStart >= SIGN_SLICE_MS) {
      await nextTurn();
      sliceStart = performance.now();
    }
  }
  let next = sources.length;
  sources.length = refs.length;
  await Promise.all(
    Array.from({ length: Math.min(ASYNC_SIGNING_CONCURRENCY, refs.length - next) }, async () => {
      while (next < refs.length) {
        const i = next++;
        sources[i] = await signSourceAsync(refs[i]);
      }
    }),
  );
  return sources;
}

/** Small enough that decoding can start early and keep up with the disk, large enough to need few round trips. */
const READ_PIECE_BYTES = 4 * 1024 * 1024;

/** A file read in pieces from its start into one buffer of its full size, which a decoder can follow. */
export class FileInProgress {
  /** Bytes `[0, loaded)` are read; the rest are still zero. */
  loaded = 0;
  private failure: Error | undefined;
  private readonly waiting: { end: number; resolve(): void; reject(error: Error): void }[] = [];

  /** Set by {@link abandon}: the read stops at its next piece. */
  abandoned = false;

  constructor(readonly bytes: Uint8Array) {}

  /** Stops the read (its result is no longer wanted), so the buffer and the disk are freed early. */
  abandon(): void {
    this.abandoned = true;
  }

  /** Settles once bytes `[0, end)` are read; rejects with a {@link CacheError} if the read fails first. */
  until(end: number): Promise<void> {
    if (end <= this.loaded) return Promise.resolve();
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.waiting.push({ end, resolve, reject }));
  }

  advance(loaded: number): void {
    this.loaded = loaded;
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (this.waiting[i].end > loaded) continue;
      this.waiting[i].resolve();
      this.waiting.splice(i, 1);
    }
  }

  fail(error: Error): void {
    this.failure = error;
    for (const waiter of this.waiting.splice(0)) waiter.reject(error);
  }
}

/** Starts reading `file`; the read goes on in the background until done, failed or `abandoned()`. */
async function readInPieces(file: string, abandoned: () => boolean): Promise<FileInProgress> {
  const handle = await fs.promises.open(file, 'r');
  let progress: FileInProgress;
  try {
    progress = new FileInProgress(new Uint8Array((await handle.stat()).size));
  } catch (error) {
    await handle.close();
    throw error;
  }
  const size = progress.bytes.length;
  void (async () => {
    try {
      let done = 0;
      while (done < size) {
        if (abandoned() || progress.abandoned) throw new CacheError('read abandoned');
        const { bytesRead } = await handle.read(progress.bytes, done, Math.min(READ_PIECE_BYTES, size - done), done);
        if (bytesRead === 0) throw new CacheError(`truncated while read (${done} of ${size} bytes)`);
        done += bytesRead;
        progress.advance(done);
      }
    } catch (error) {
      progress.fail(error instanceof CacheError ? error : new CacheError(`unreadable: ${errorText(error)}`));
    } finally {
      await handle.close().catch(() => undefined);
    }
  })();
  return progress;
}

export interface CachedSnapshot {
  /** The snapshot file, still being read; its header is checked, its sections not yet (decode with `'lazy'`). */
  file: FileInProgress;
  files: number;
  signaturesMs: number;
  /** Waiting for the snapshot's header after the signatures (the read starts with them) and checking it. */
  readMs: number;
}

/**
 * The warm path without a worker: when nothing changed since the cache was written, the snapshot's
 * bytes, read asynchronously; otherwise undefined and why. Never blocks the event loop for long.
 */
export async function readCachedSnapshot(request: LoadRequest): Promise<{ snapshot?: CachedSnapshot; problems: string[] }> {
  const problems: string[] = [];
  const { cacheDir } = request;
  if (cacheDir === undefined || request.recluster || request.ignoreSnapshot) return { problems };
  const keys = currentKeys(request);
  let mark = performance.now();
  let manifestText: string;
  try {
    manifestText = await fs.promises.readFile(path.join(cacheDir, MANIFEST_FILE), 'utf8');
  } catch {
    return { problems };
  }
  const manifest = readManifest(manifestText);
  if (manifest === null) return { problems: [`${MANIFEST_FILE}: unreadable or from another version; cache discarded`] };
  if (manifest.parseKey !== keys.parse || manifest.topicsKey !== keys.topics || manifest.files.length !== request.sources.length) return { problems };
  // Read while the sources are signed: both wait on the disk, and a stale snapshot is simply dropped.
  let stale = false;
  const reading = readInPieces(path.join(cacheDir, SNAPSHOT_FILE), () => stale);
  reading.catch(() => undefined);
  const sources = await signInSlices(request.sources);
  const fingerprint = fingerprintOfSigned(sources, keys);
  if (manifest.fingerprint !== fingerprint || !sameFiles(manifest, sources)) {
    stale = true;
    return { problems };
  }
  const signaturesMs = performance.now() - mark;
  mark = performance.now();
  try {
    const file = await reading;
    // Twice: before the prefix is in, only the prefix is known to be needed.
    for (let i = 0; i < 2; i++) await file.until(Math.min(file.bytes.length, containerHeaderEnd(file.bytes.subarray(0, file.loaded))));
    const container = unpackContainer(file.bytes, 'snapshot', checksum, false);
    if (snapshotFingerprint(container) !== fingerprint) throw new CacheError('written for other sources');
    return { snapshot: { file, files: sources.length, signaturesMs, readMs: performance.now() - mark }, problems };
  } catch (error) {
    stale = true;
    return { problems: [`${SNAPSHOT_FILE}: ${errorText(error)}; rebuilt from the sources`] };
  }
}

export interface LoadHooks {
  /**
   * Receives the merged papers as a `snapshot` container without topics and index (unchecked: for
   * memory, not disk) as soon as they exist; the outcome's snapshot is then only the rest ({@link LoadOutcome.staged}).
   */
  onPapers?(bytes: Uint8Array): void;
}

/** The sources signed, and what a load's cache is keyed by. */
interface SignedLoad {
  sources: SignedSource[];
  fingerprint: string;
  keys: { parse: string; topics: string };
  signaturesMs: number;
}

/** What a load's cache is keyed by: every source's signature under the parse and topics keys. */
function fingerprintOfSigned(sources: SignedSource[], keys: { parse: string; topics: string }): string {
  return fingerprintOf(
    sources.map((s) => ({ file: s.ref.file, signature: s.signature })),
    keys.parse,
    keys.topics,
  );
}

function signAll(request: LoadRequest): SignedLoad {
  const started = performance.now();
  const keys = currentKeys(request);
  const sources = request.sources.map(signSource);
  return { sources, fingerprint: fingerprintOfSigned(sources, keys), keys, signaturesMs: performance.now() - started };
}

/** Cached parse results of the files whose signature is unchanged, by file. */
function reusableParses(cacheDir: string | undefined, manifest: CacheManifest | null, signed: SignedLoad, problems: string[]): Map<string, ParsedFile> {
  const previous = new Map<string, ParsedFile>();
  if (cacheDir === undefined || manifest === null || manifest.parseKey !== signed.keys.parse) return previous;
  const manifestEntries = new Map(manifest.files.map((entry) => [entry.file, entry]));
  for (const source of signed.sources) {
    const entry = manifestEntries.get(source.ref.file);
    if (entry === undefined || source.unreadable !== undefined) continue;
    const s = entry.signature;
    if (s.size !== source.signature.size || s.mtimeMs !== source.signature.mtimeMs || s.hash !== source.signature.hash) continue;
    const bytes = readCacheFile(cacheDir, entry.entry);
    try {
      if (bytes === undefined) throw new CacheError('missing');
      previous.set(source.ref.file, decodeParsedFile(bytes, source.ref.file, source.signature, checksum));
    } catch (error) {
      problems.push(`${entry.entry} (${source.ref.file}): ${errorText(error)}; parsed again`);
    }
  }
  return previous;
}

/** The sources for the pipeline: a file parsed before is not read again, the others are read one at a time as they are parsed. */
function pipelineSources(sources: SignedSource[], previous: ReadonlyMap<string, ParsedFile>): PipelineSource[] {
  const reader = new WholeFileReader();
  return sources.map((s) => ({ file: s.ref.file, signature: s.signature, read: previous.has(s.ref.file) ? undefined : () => reader.read(s) }));
}

/**
 * The sources of a load with no parses to reuse, each signed when it is read for parsing: one open and one read
 * per file, where signing first opened each file once more to read its head and tail.
 */
class SigningReads {
  readonly sources: PipelineSource[];
  private readonly signedSources: (SignedSource | undefined)[];

  constructor(private readonly request: LoadRequest) {
    const reader = new WholeFileReader();
    this.signedSources = new Array<SignedSource | undefined>(request.sources.length);
    this.sources = request.sources.map((ref, i) => {
      const source: PipelineSource = {
        file: ref.file,
        // Replaced by the read, which the pipeline makes before it files the parse under this signature.
        signature: { size: -1, mtimeMs: 0, hash: 'unread' },
        read: () => {
          const signed = reader.readSigned(ref);
          this.signedSources[i] = signed;
          source.signature = signed.signature;
          return signed.unreadable === undefined ? signed.bytes : undefined;
        },
      };
      return source;
    });
  }

  /** The load's signatures, once every source was read (a source not read then is signed now); its time is the fingerprint's, the rest being the reads'. */
  signed(): SignedLoad {
    const started = performance.now();
    const keys = currentKeys(this.request);
    // Without the bytes, which were only lent to the parser.
    const sources = this.signedSources.map((signed, i): SignedSource => {
      if (signed === undefined) return signSource(this.request.sources[i]);
      const { bytes: _bytes, ...rest } = signed;
      return this.request.sources[i].bytes !== undefined ? signed : rest;
    });
    return { sources, fingerprint: fingerprintOfSigned(sources, keys), keys, signaturesMs: performance.now() - started };
  }
}

/** The merged papers as the part {@link LoadHooks.onPapers} receives. */
function encodePapersPart(corpus: Corpus, fingerprint: string, allocate?: (length: number) => Uint8Array): { bytes: Uint8Array; part: PapersSections } {
  const part = papersSections(corpus);
  return { bytes: packContainer('snapshot', snapshotHeader({ fingerprint }, corpus.papers.length, part.chunks), part.sections, UNCHECKED, allocate), part };
}

export interface PapersPart {
  /** A `snapshot` container of the papers alone, as {@link LoadHooks.onPapers} receives it. */
  bytes: Uint8Array;
  papers: readonly Paper[];
  /** No two papers share an id, as merging should make them: the index part can be built for sending only ({@link buildIndexPart}). */
  distinctIds: boolean;
  files: number;
  reparsedFiles: number;
  cacheProblems: string[];
  timings: Pick<LoadTimings, 'signaturesMs' | 'cacheReadMs' | 'parseMs' | 'mergeMs' | 'encodeMs'>;
  /** Writes the cache from these papers, the topics part the other thread made, and the index part. */
  writeCache(shelfPart: Uint8Array, indexPart: Uint8Array): CacheWriteReport;
}

/**
 * What the thread that parses sends the one that clusters: for a large corpus, first the sample the topic
 * model is fitted on (the fit starts while the papers are still being built, keyed and packed), then all the papers.
 */
export type TopicsMessage = { kind: 'sample'; input: TopicsInput; total: number; clusterable: number } | { kind: 'papers'; input: TopicsInput };

/**
 * Sent back the other way, by the thread that clusters while it waits: shared memory for the papers part, each
 * page already written once. A fresh page costs its first writer a fault (3-4 µs each on the machines measured,
 * 40k of them for the 100k-paper part); taken there, they are off the thread that parses, which is busy.
 */
export interface PapersMemoryMessage {
  kind: 'papersMemory';
  bytes: Uint8Array;
}

const PAGE_BYTES = 4096;

/**
 * Shared memory of the sources' total size, every page touched: the papers part takes about as many bytes as the
 * pages it is made from (166.7 MB from 170 MB at 100k papers). Undefined without shared memory.
 */
export function papersPartMemory(request: LoadRequest): Uint8Array | undefined {
  if (typeof SharedArrayBuffer !== 'function') return undefined;
  let size = 0;
  for (const source of request.sources) {
    try {
      size += source.bytes?.length ?? fs.statSync(source.path ?? source.file).size;
    } catch {
      // A file that cannot be read adds nothing to the papers.
    }
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(new SharedArrayBuffer(size));
  } catch {
    // Too large to have at once: the papers part is then allocated when it is made, as it would be anyway.
    return undefined;
  }
  for (let at = 0; at < size; at += PAGE_BYTES) bytes[at] = 0;
  return bytes;
}

/** Allocates a papers part in `memory` when it fits and would fill three quarters of it (the rest is held as long as the part), else in fresh shared memory. */
function inPapersMemory(memory: Uint8Array | undefined): (length: number) => Uint8Array {
  return (length) => (memory !== undefined && isShared(memory.buffer) && length <= memory.length && 4 * length >= 3 * memory.length ? memory.subarray(0, length) : sharedBytes(length));
}

/** The buffers of a {@link TopicsMessage}, to transfer when it is sent. */
export function topicsMessageBuffers(message: TopicsMessage): ArrayBuffer[] {
  return topicsInputBuffers(message.input);
}

/**
 * The papers of a cold load in two threads: parsed and merged here, then sent in two forms, what clustering
 * needs (to `sendTopics`, for a {@link TopicsClusterer} on the other thread) and the papers part for the
 * main thread. This thread then indexes them and, once the topics are in, writes the cache.
 */
export function loadPapersPart(request: LoadRequest, sendTopics: (message: TopicsMessage) => void, papersMemory?: () => Uint8Array | undefined): PapersPart {
  const problems: string[] = [];
  let mark = performance.now();
  const manifest = request.cacheDir !== undefined ? readManifestFile(request.cacheDir, problems) : null;
  const cacheReadMs = performance.now() - mark;
  // With no earlier parses to reuse, each file is signed from the bytes read to parse it, rather than opened twice.
  const signing = manifest === null || manifest.parseKey !== currentKeys(request).parse ? new SigningReads(request) : undefined;
  const signedUpFront = signing === undefined ? signAll(request) : undefined;
  const previous = signedUpFront !== undefined ? reusableParses(request.cacheDir, manifest, signedUpFront, problems) : new Map<string, ParsedFile>();
  const sources = signedUpFront !== undefined ? pipelineSources(signedUpFront.sources, previous) : signing!.sources;
  // Every file is read by the time the papers are grouped, so signatures signed while reading are all in by then.
  let signedLoad: SignedLoad | undefined = signedUpFront;
  const signed = (): SignedLoad => (signedLoad ??= signing!.signed());
  let sampleMs = 0;
  // The fit sample goes first, as soon as duplicates are found: the other thread fits the topics while the papers are built.
  const merged = parseAndMerge({ sources, settings: request.settings, parsed: previous, parsedWithKey: parseKey(request.settings) }, (groups) => {
    const started = performance.now();
    const sample = topicSample(
      groups.ids.map((id) => ({ id })),
      request.settings.pins,
      (group) => groups.paper(group),
    );
    if (sample !== undefined) sendTopics({ kind: 'sample', input: packTopicsInput(sample.papers, signed().fingerprint), total: sample.total, clusterable: sample.clusterable });
    sampleMs = performance.now() - started;
  });
  const { fingerprint, signaturesMs } = signed();
  mark = performance.now();
  // In shared memory, written once: the main thread decodes the papers from it, and the clustering thread reads
  // their titles and abstracts in place. A copy for each would allocate twice as much, and the memory allocated
  // drives garbage collection in this thread, which holds every paper.
  const { bytes, part } = encodePapersPart(merged.corpus, fingerprint, inPapersMemory(papersMemory?.()));
  sendTopics({ kind: 'papers', input: topicsInputOfPart(merged.corpus.papers, part, bytes, fingerprint) });
  const encodeMs = sampleMs + performance.now() - mark;
  return {
    bytes,
    papers: merged.corpus.papers,
    distinctIds: part.distinctIds,
    files: request.sources.length,
    reparsedFiles: merged.reparsed.length,
    cacheProblems: problems,
    timings: { signaturesMs, cacheReadMs, parseMs: merged.parseMs, mergeMs: merged.mergeMs - sampleMs, encodeMs },
    writeCache: (shelfPart, indexPart) =>
      writeCacheFiles(request.cacheDir, signed(), previous, manifest, merged.parsed, () => {
        const shelf = unpackSent(shelfPart, 'shelf');
        // The papers part in shared memory holds these sections already: they are encoded again only when it was sent away.
        const part = sentPapersSections(bytes) ?? papersSections(merged.corpus);
        const sections = [...part.sections, ...sectionsOf(shelf), ...sectionsOf(unpackSent(indexPart, 'index'))];
        return { snapshot: packContainer('snapshot', snapshotHeader({ fingerprint }, merged.corpus.papers.length, part.chunks), sections, checksum), model: modelOfShelf(shelf) };
      }),
  };
}

/** The topic model a topics part carries, for the cache's model file. */
function modelOfShelf(shelf: ReturnType<typeof unpackSent>): TopicModel {
  const stored = JSON.parse(Buffer.from(shelf.section('topics')).toString('utf8')) as { model?: TopicModel };
  if (stored.model === undefined) throw new CacheError('topics part without a model');
  return stored.model;
}

/**
 * Indexes papers for the index part of a staged snapshot ({@link packIndexPart}), in shared memory where there is
 * some: the main thread restores the index from it in place, and this thread writes the cache file from it.
 */
export function buildIndexPart(papers: readonly Paper[], distinctIds = false): { bytes: Uint8Array; ms: number } {
  const started = performance.now();
  // Papers of distinct ids need no index that can search, only its snapshot.
  const snapshot = distinctIds ? PaperIndex.snapshotOfDistinct(papers) : PaperIndex.build(papers).toJSON();
  const bytes = packIndexPart(snapshot, papers.length, sharedBytes);
  return { bytes, ms: performance.now() - started };
}

/**
 * Topics of the papers another thread parses ({@link loadPapersPart}), as a topics part for the main thread: a
 * large corpus's model is fitted on its sample as soon as that comes, and the earlier model from the cache folder
 * is reused instead unless the request reclusters. Not for user topics, which need the search index.
 */
export class TopicsClusterer {
  private readonly problems: string[] = [];
  private readonly previous: TopicModel | undefined;
  private fit: SampleFit | undefined;
  /** Time spent working, not waiting for the papers. */
  private workMs = 0;

  constructor(private readonly request: LoadRequest) {
    if ((request.settings.userTopics ?? []).length > 0) throw new Error('user topics need the index: cluster where the papers are indexed');
    const started = performance.now();
    this.previous = request.cacheDir !== undefined && !request.recluster ? readTopicModel(request.cacheDir, this.problems) : undefined;
    this.workMs += performance.now() - started;
  }

  private get options() {
    return { pins: this.request.settings.pins, previous: this.previous, recluster: this.request.recluster };
  }

  /** Fits the model on a large corpus's sample, unless the earlier model will serve. */
  fitSample(message: Extract<TopicsMessage, { kind: 'sample' }>): void {
    const started = performance.now();
    if (!isCount(message.total) || !isCount(message.clusterable)) throw new CacheError('malformed topics sample');
    const { papers } = unpackTopicsInput(message.input);
    this.fit = fitTopicSample({ papers, total: message.total, clusterable: message.clusterable }, this.options);
    this.workMs += performance.now() - started;
  }

  /** The topics part of all the papers, through the sample's fit when it is of these papers. */
  finish(input: TopicsInput): { bytes: Uint8Array; topicsMs: number; cacheProblems: string[] } {
    const started = performance.now();
    const { fingerprint } = input;
    const { papers } = unpackTopicsInput(input);
    const onFitUnused = (): void => void this.problems.push('topics: the model fitted on the sample sent ahead was not of these papers; fitted again on them');
    const topics = topicsByPosition(papers, this.options, { fitted: this.fit, onFitUnused });
    this.fit = undefined;
    const bytes = packContainer(SHELF_KIND, { fingerprint, papers: papers.length }, shelfSectionsByPosition(topics, undefined), UNCHECKED);
    return { bytes, topicsMs: this.workMs + performance.now() - started, cacheProblems: this.problems };
  }
}

/** {@link TopicsClusterer} given all the papers at once. */
export function clusterPapers(request: LoadRequest, topicsInput: TopicsInput): { bytes: Uint8Array; topicsMs: number; cacheProblems: string[] } {
  return new TopicsClusterer(request).finish(topicsInput);
}

/**
 * Writes what changed to the cache folder: each reparsed file's parse, the topic model, the whole snapshot
 * (`whole` makes it, only once the rest is written) and the manifest; old entries and debris go.
 */
function writeCacheFiles(
  cacheDir: string | undefined,
  signed: SignedLoad,
  previous: ReadonlyMap<string, ParsedFile>,
  manifest: CacheManifest | null,
  parsed: ReadonlyMap<string, ParsedFile>,
  whole: () => { snapshot: Uint8Array; model: TopicModel },
): CacheWriteReport {
  if (cacheDir === undefined) return { written: false, ms: 0 };
  const writeStarted = performance.now();
  const { sources, fingerprint, keys } = signed;
  const manifestEntries = new Map((manifest?.files ?? []).map((entry) => [entry.file, entry]));
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    const files: ManifestFile[] = [];
    for (const source of sources) {
      if (source.unreadable !== undefined) continue;
      const entry = entryName(source.ref.file);
      const old = manifestEntries.get(source.ref.file);
      if (!previous.has(source.ref.file) || old?.entry !== entry) writeAtomically(cacheDir, entry, encodeParsedFile(source.ref.file, parsed.get(source.ref.file)!, checksum));
      files.push({ file: source.ref.file, signature: source.signature, entry });
    }
    const { snapshot, model } = whole();
    writeAtomically(cacheDir, TOPIC_MODEL_FILE, packContainer('topic-model', {}, [['model', Buffer.from(JSON.stringify(model))]], checksum));
    writeAtomically(cacheDir, SNAPSHOT_FILE, snapshot);
    const complete = files.length === sources.length;
    const next: CacheManifest = {
      version: CACHE_VERSION,
      parseKey: keys.parse,
      topicsKey: keys.topics,
      files,
      // An unreadable source must not let the next start skip trying it again.
      fingerprint: complete ? fingerprint : `incomplete-${fingerprint}`,
    };
    writeAtomically(cacheDir, MANIFEST_FILE, JSON.stringify(next));
    const kept = new Set([...files.map((f) => f.entry), MANIFEST_FILE, SNAPSHOT_FILE, TOPIC_MODEL_FILE]);
    for (const name of fs.readdirSync(cacheDir)) {
      if (kept.has(name)) continue;
      const full = path.join(cacheDir, name);
      // Another window may be writing its own temporary file right now; only old ones are debris.
      const debris = name.endsWith('.tmp') && Date.now() - fs.statSync(full).mtimeMs > STALE_TEMPORARY_MS;
      if (name.endsWith('.parsed') || debris) fs.rmSync(full, { force: true });
    }
    return { written: true, ms: performance.now() - writeStarted };
  } catch (error) {
    return { written: false, ms: performance.now() - writeStarted, problem: errorText(error) };
  }
}

/** Loads the corpus: from the snapshot when nothing changed, else parsing only what changed. */
export function loadCorpus(request: LoadRequest, hooks: LoadHooks = {}): LoadOutcome {
  const started = performance.now();
  const problems: string[] = [];
  const { settings, cacheDir } = request;
  const signed = signAll(request);
  const { sources, fingerprint, signaturesMs } = signed;
  const { parse: currentParseKey, topics: currentTopicsKey } = signed.keys;

  let mark = performance.now();
  const manifest = cacheDir !== undefined ? readManifestFile(cacheDir, problems) : null;
  const snapshotUsable =
    manifest !== null &&
    !request.recluster &&
    !request.ignoreSnapshot &&
    manifest.parseKey === currentParseKey &&
    manifest.topicsKey === currentTopicsKey &&
    manifest.fingerprint === fingerprint &&
    sameFiles(manifest, sources);
  if (snapshotUsable && cacheDir !== undefined) {
    const bytes = readCacheFile(cacheDir, SNAPSHOT_FILE);
    try {
      if (bytes === undefined) throw new CacheError('missing');
      const container = unpackContainer(bytes, 'snapshot', checksum, true);
      if (snapshotFingerprint(container) !== fingerprint) throw new CacheError('written for other sources');
      const cacheReadMs = performance.now() - mark;
      return {
        snapshot: bytes,
        staged: false,
        fromSnapshot: true,
        files: sources.length,
        reparsedFiles: 0,
        cacheProblems: problems,
        timings: { signaturesMs, cacheReadMs, parseMs: 0, mergeMs: 0, indexMs: 0, topicsMs: 0, encodeMs: 0, totalMs: performance.now() - started },
        writeCache: () => ({ written: false, ms: 0 }),
      };
    } catch (error) {
      problems.push(`${SNAPSHOT_FILE}: ${errorText(error)}; rebuilt from the sources`);
    }
  }

  // Reuse each unchanged file's parse result; read and parse the rest.
  const previous = reusableParses(cacheDir, manifest, signed, problems);
  const previousTopics = cacheDir !== undefined && !request.recluster ? readTopicModel(cacheDir, problems) : undefined;
  const cacheReadMs = performance.now() - mark;

  let papersPart: ReturnType<typeof papersSections> | undefined;
  let earlyEncodeMs = 0;
  const result = runPipeline({
    sources: pipelineSources(sources, previous),
    settings,
    parsed: previous,
    parsedWithKey: parseKey(settings),
    previousTopics,
    recluster: request.recluster,
    onCorpus: (corpus) => {
      if (hooks.onPapers === undefined) return;
      const encodeStarted = performance.now();
      const encoded = encodePapersPart(corpus, fingerprint);
      papersPart = encoded.part;
      earlyEncodeMs = performance.now() - encodeStarted;
      hooks.onPapers(encoded.bytes);
    },
  });

  mark = performance.now();
  const papers = result.corpus.papers;
  const staged = papersPart !== undefined;
  const shelf = shelfSections(papers, result.topics, result.index.toJSON());
  // Sent in two parts (papers ahead) or one: the cache file holds everything in one.
  const whole = (): Uint8Array => {
    const part = papersPart ?? papersSections(result.corpus);
    return packContainer('snapshot', snapshotHeader({ fingerprint }, papers.length, part.chunks), [...part.sections, ...shelf], checksum);
  };
  const snapshot = staged ? packContainer(SHELF_KIND, { fingerprint, papers: papers.length }, shelf, UNCHECKED) : whole();
  // What the cache file gets: the same bytes when whole; a staged snapshot's part is sent away, not kept.
  const wholeSnapshot = staged ? undefined : snapshot;
  const encodeMs = earlyEncodeMs + performance.now() - mark;
  const writeCache = (): CacheWriteReport =>
    writeCacheFiles(cacheDir, signed, previous, manifest, result.parsed, () => ({ snapshot: wholeSnapshot ?? whole(), model: result.topics.model }));

  return {
    snapshot,
    staged,
    fromSnapshot: false,
    files: sources.length,
    reparsedFiles: result.reparsed.length,
    cacheProblems: problems,
    timings: { signaturesMs, cacheReadMs, ...result.timings, encodeMs, totalMs: performance.now() - started },
    writeCache,
  };
}
