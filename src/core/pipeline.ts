/**
 * The whole load as one pure function: file contents → parse results → corpus → index → topics.
 * Parse results are reused per file while the file's signature stays the same, so a change to
 * one page re-parses only that page. No I/O here: the worker thread and the tests feed it bytes.
 */
import { crc32 } from './cache';
import { buildCorpus, type Corpus } from './corpus';
import { parseBytes } from './parse';
import { PaperIndex } from './search';
import { computeTopics, type TopicAssignment, type TopicModel, type UserTopic } from './topics';
import type { ParseOptions, ParseResult } from './types';

/** What identifies one version of a source file: it changed when any part differs. */
export interface FileSignature {
  size: number;
  mtimeMs: number;
  /** {@link sampleHash} of the file's bytes. */
  hash: string;
}

export interface ParsedFile {
  signature: FileSignature;
  result: ParseResult;
}

/** The settings the result depends on; a change to the parse part invalidates every cached parse. */
export interface PipelineSettings {
  /** `paperShelf.corpus.pageYear`. */
  pageYear?: number;
  userTopics?: UserTopic[];
  /** paperId → topic name, from "Move to Topic…". */
  pins?: Record<string, string>;
  /** "Today" as `YYYY-MM-DD`, for year-less dates; defaults to the real date. */
  today?: string;
}

export interface PipelineSource {
  /** The file as sources and diagnostics name it. */
  file: string;
  signature: FileSignature;
  /** The file's bytes; may be left out when `parsed` holds this file with the same signature. */
  bytes?: Uint8Array;
  /**
   * Reads the file's bytes when they are needed and `bytes` is not given (undefined: it could not be read).
   * Called once; the bytes are used only until parsing returns, so a reader may reuse one buffer for every file.
   */
  read?: () => Uint8Array | undefined;
}

export interface PipelineInput {
  /** In the order the corpus should list them (sorted by file). */
  sources: PipelineSource[];
  settings: PipelineSettings;
  /** Parse results from an earlier run, by file; used only where signature and parse key still match. */
  parsed?: ReadonlyMap<string, ParsedFile>;
  /** The parse key `parsed` was made with; a different one makes every file parse again. */
  parsedWithKey?: string;
  /** Topic model of an earlier run: papers are assigned to its topics instead of clustering again. */
  previousTopics?: TopicModel;
  recluster?: boolean;
  /** Called with the merged corpus before indexing, e.g. to send the papers on early; its time counts in no phase. */
  onCorpus?: (corpus: Corpus) => void;
}

export interface PipelineTimings {
  parseMs: number;
  mergeMs: number;
  indexMs: number;
  topicsMs: number;
}

export interface PipelineResult {
  corpus: Corpus;
  index: PaperIndex;
  topics: TopicAssignment;
  /** Every source's parse result, for the next run. */
  parsed: Map<string, ParsedFile>;
  /** The files parsed in this run (the others came from `parsed`). */
  reparsed: string[];
  timings: PipelineTimings;
}

/** Sample size at each end of a file for {@link sampleHash}. */
export const HASH_SAMPLE_BYTES = 4096;

/**
 * A cheap content hash: CRC-32 of the first and of the last 4 KiB, mixed with the length. Together with size
 * and mtime it catches edits that keep both (restored timestamps, coarse clocks) where pages change
 * (a page copied again differs at its start), while a warm start reads 8 KiB per file, not the corpus.
 * `crc`: the plain JavaScript CRC-32 by default; Node callers pass the native one (same values, 100× faster).
 */
export function sampleHash(head: Uint8Array, tail: Uint8Array, size: number, crc: (bytes: Uint8Array) => number = crc32): string {
  const high = Math.floor(size / 0x100000000);
  const h1 = (crc(head) ^ size) >>> 0;
  const h2 = (crc(tail) ^ Math.imul(high + 1, 0x9e3779b1)) >>> 0;
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/** The signature of a file held whole in memory; `crc` as for {@link sampleHash}. */
export function signatureOfBytes(bytes: Uint8Array, mtimeMs: number, crc: (bytes: Uint8Array) => number = crc32): FileSignature {
  const head = bytes.subarray(0, Math.min(bytes.length, HASH_SAMPLE_BYTES));
  const tail = bytes.length > HASH_SAMPLE_BYTES ? bytes.subarray(Math.max(HASH_SAMPLE_BYTES, bytes.length - HASH_SAMPLE_BYTES)) : new Uint8Array(0);
  return { size: bytes.length, mtimeMs, hash: sampleHash(head, tail, bytes.length, crc) };
}

export function sameSignature(a: FileSignature | undefined, b: FileSignature | undefined): boolean {
  return a !== undefined && b !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs && a.hash === b.hash;
}

function todayOf(settings: PipelineSettings): Date {
  const today = settings.today !== undefined ? new Date(`${settings.today}T12:00:00Z`) : new Date();
  return Number.isNaN(today.getTime()) ? new Date() : today;
}

/** What parse results depend on besides the bytes: the page year, or the current year it defaults from. */
export function parseKey(settings: PipelineSettings): string {
  return settings.pageYear !== undefined ? `pageYear:${settings.pageYear}` : `year:${todayOf(settings).getUTCFullYear()}`;
}

/** What topics depend on besides the papers; the corpus cache is valid only under the same key. */
export function topicsKey(settings: PipelineSettings): string {
  const pins = Object.entries(settings.pins ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify({ userTopics: (settings.userTopics ?? []).map((t) => [t.name, t.query]), pins });
}

function parseOptionsOf(settings: PipelineSettings): ParseOptions {
  return { today: todayOf(settings), ...(settings.pageYear !== undefined ? { pageYear: settings.pageYear } : {}) };
}

function missingBytes(file: string): ParseResult {
  return { entries: [], diagnostics: [{ file, line: 0, message: 'The file could not be read; nothing loaded from it.', severity: 'error' }] };
}

export interface MergedSources {
  corpus: Corpus;
  /** Every source's parse result, for the next run. */
  parsed: Map<string, ParsedFile>;
  /** The files parsed in this run (the others came from `parsed`). */
  reparsed: string[];
  parseMs: number;
  mergeMs: number;
}

/** Parses what changed, reuses what did not, and merges it all into one corpus: the part of a load before index and topics. */
export function parseAndMerge(
  input: Pick<PipelineInput, 'sources' | 'settings' | 'parsed' | 'parsedWithKey'>,
  afterGrouping?: Parameters<typeof buildCorpus>[1],
): MergedSources {
  const { settings } = input;
  const reusable = input.parsed !== undefined && input.parsedWithKey === parseKey(settings) ? input.parsed : undefined;
  const options = parseOptionsOf(settings);
  const parsed = new Map<string, ParsedFile>();
  const reparsed: string[] = [];

  let started = performance.now();
  for (const source of input.sources) {
    const previous = reusable?.get(source.file);
    if (previous !== undefined && sameSignature(previous.signature, source.signature)) {
      parsed.set(source.file, previous);
      continue;
    }
    const bytes = source.bytes ?? source.read?.();
    const result = bytes !== undefined ? parseBytes(bytes, source.file, options) : missingBytes(source.file);
    parsed.set(source.file, { signature: source.signature, result });
    reparsed.push(source.file);
  }
  const parseMs = performance.now() - started;

  started = performance.now();
  const corpus = buildCorpus([...parsed.values()].map((p) => p.result), afterGrouping);
  return { corpus, parsed, reparsed, parseMs, mergeMs: performance.now() - started };
}

/** Parses what changed, reuses what did not, and builds corpus, index and topics from all of it. */
export function runPipeline(input: PipelineInput): PipelineResult {
  const { settings } = input;
  const { corpus, parsed, reparsed, parseMs, mergeMs } = parseAndMerge(input);
  input.onCorpus?.(corpus);

  const indexStarted = performance.now();
  const index = PaperIndex.build(corpus.papers);
  const indexMs = performance.now() - indexStarted;

  const started = performance.now();
  const topics = computeTopics([...corpus.papers], {
    userTopics: settings.userTopics,
    match: (query) => index.filter(query),
    pins: settings.pins,
    previous: input.recluster ? undefined : input.previousTopics,
    recluster: input.recluster,
  });
  const topicsMs = performance.now() - started;

  return {
    corpus,
    index,
    topics,
    parsed,
    reparsed,
    timings: { parseMs, mergeMs, indexMs, topicsMs },
  };
}
