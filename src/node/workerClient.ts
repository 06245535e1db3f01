/**
 * The main-thread side of a corpus load: runs src/core/worker.ts in worker threads and turns what
 * they send into papers, topics and a search index a slice at a time, so the event loop is never
 * blocked for long. A cold load runs two workers: one parses, sends what clustering needs to the other
 * through a channel of their own, sends the papers here, indexes them and writes the cache; the other
 * clusters. Plain Node (no `vscode`): the extension and the benchmark use this same code.
 */
import * as fs from 'fs';
import type { Container, Snapshot } from '../core/cache';
import type { Corpus } from '../core/corpus';
import type { RestorePreparation } from '../core/search';
import type { Paper } from '../core/types';
import type { TopicAssignment } from '../core/topics';
import type { WorkerReply, WorkerRequest } from '../core/worker';
import type { CacheWriteReport, LoadOutcome, LoadRequest, LoadTimings } from './corpusLoader';
import { MessageChannel, type MessagePort, Worker } from './lazyBuiltins';
import { PaperLookup } from './paperLookup';
import { CacheError, checksum, loadCorpus, PaperIndex, readCachedSnapshot, SnapshotDecoder, unpackContainer, unpackSent } from './lazyCore';

export type { LoadRequest, SourceRef } from './corpusLoader';

export interface LoadedCorpus {
  corpus: Corpus;
  /** Papers by id and by citation key, filled in the background after the load. */
  byId: PaperLookup;
  byKey: PaperLookup;
  topics: TopicAssignment;
  index: PaperIndex;
  stats: LoadStats;
  /** Settles once the cache has been written (or writing failed); never rejects. */
  cacheWritten: Promise<CacheWriteReport>;
}

export interface LoadStats {
  /** True when nothing changed and the whole corpus came from the cache. */
  fromCache: boolean;
  /** Where the corpus was made: read from the cache on this thread, built in the worker, or in-process (no worker script). */
  path: 'cache' | 'worker' | 'in-process';
  /** Worker threads that built it: 2 (one parses, sends papers and index; one clusters), 1, or 0 (cache, in-process). */
  workers: number;
  files: number;
  reparsedFiles: number;
  /** Why cached data was discarded, one line each, for the log. */
  cacheProblems: string[];
  /** Time by phase: in the worker, or (path `cache`) signatures and the snapshot read on this thread. */
  phases: LoadTimings;
  /** Main thread: turning the snapshot into papers and topics, in slices. */
  decodeMs: number;
  /** Main thread: restoring the search index, in slices. */
  indexRestoreMs: number;
  /** The longest single main-thread slice of work: decoding or restoring the index. */
  longestSliceMs: number;
  /** The longest slice of snapshot decoding alone (what this module controls). */
  longestDecodeSliceMs: number;
  totalMs: number;
  inProcess: boolean;
}

export interface LoadOptions {
  /** Main-thread work per slice before yielding to the event loop. */
  sliceMs?: number;
}

const DEFAULT_SLICE_MS = 8;

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A promise with its resolve and reject, for replies that come through worker events (Promise.withResolvers, Node 22). */
function deferred<T>(): { promise: Promise<T>; resolve(value: T): void; reject(error: Error): void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((ok, fail) => ((resolve = ok), (reject = fail)));
  return { promise, resolve, reject };
}

interface WorkerResult {
  /** The papers part, when the worker sent the papers ahead of topics and index (a cold load). */
  papers?: Uint8Array;
  /** The topics part, when it comes from a worker of its own (a cold load on two workers). */
  shelf?: Promise<Uint8Array>;
  /** The index part, when the worker that parsed indexes while another clusters. */
  index?: Promise<Uint8Array>;
  /** The rest: with `papers`, a snapshot of topics (and, from one worker, the index); else the whole snapshot. */
  outcome: Promise<Omit<LoadOutcome, 'writeCache'>>;
  /** Asks for the cache to be written; called once the main thread has decoded the snapshot. */
  startWrite(): void;
  /** Stops the workers without writing the cache: what they made is not to be kept. */
  abandon(): void;
  cacheWritten: Promise<CacheWriteReport>;
}

/** A failure of the worker that parses in a cold load on two: the load runs again in one worker. */
class PapersWorkerError extends Error {}

/** The worker of a cold load on two that parses: the papers, then the index part; it writes the cache. */
interface PapersWorker {
  papers: Promise<Uint8Array>;
  /** The index part, with how the papers were made. */
  part: Promise<Extract<WorkerReply, { type: 'index' }>>;
  /** Writes the cache from (a copy of) the topics part and the index part it kept; settles when done or failed. */
  write(shelfPart: Uint8Array): Promise<CacheWriteReport>;
  stop(): void;
}

interface DecodedSnapshot {
  snapshot: Snapshot;
  index: PaperIndex;
  decodeMs: number;
  indexRestoreMs: number;
  longestSliceMs: number;
  longestDecodeSliceMs: number;
}

/** Where a snapshot file stands while it is read ({@link import('./corpusLoader').FileInProgress}). */
interface ArrivingFile {
  readonly loaded: number;
  until(end: number): Promise<void>;
}

type SnapshotSource =
  /** `arriving`: `whole` is a file still being read, decoded as far as it has come. */
  | { whole: Uint8Array; verify: boolean | 'lazy'; arriving?: ArrivingFile }
  /** `parts`: topics and index, in one container or two, as the workers finish them. */
  | { papers: Uint8Array; parts: Promise<Container>[] };

/** The byte offset up to which `needs` lie in `container`. */
function endOf(container: Container, needs: readonly string[] | 'all', total: number): number {
  if (needs === 'all' || container.sectionEnd === undefined) return total;
  let end = 0;
  for (const name of needs) end = Math.max(end, container.sectionEnd(name));
  return end;
}

/** Decodes snapshot bytes into a corpus, topics and index, yielding between slices. */
async function decodeSnapshot(
  source: SnapshotSource,
  sliceMs: number,
): Promise<DecodedSnapshot> {
  let longestSliceMs = 0;
  let decodeMs = 0;
  let indexRestoreMs = 0;
  let longestRestoreSliceMs = 0;
  const container = 'whole' in source ? unpackContainer(source.whole, 'snapshot', checksum, source.verify) : unpackSent(source.papers, 'papers');
  const arriving = 'whole' in source ? source.arriving : undefined;
  const total = 'whole' in source ? source.whole.length : 0;
  const ready = arriving && ((needs: readonly string[] | 'all'): boolean => endOf(container, needs, total) <= arriving.loaded);
  // Parts still to come, each settling to itself once its container is in.
  const pending = new Map<Promise<Container>, Promise<{ part: Container; from: Promise<Container> }>>();
  // Parts in, not yet handed to the decoder: seen between slices of other work, without awaiting them.
  const arrivedParts: { part: Container; from: Promise<Container> }[] = [];
  for (const from of 'parts' in source ? source.parts : []) {
    const arrived = from.then((part) => ({ part, from }));
    // Awaited only once the papers are decoded; a worker failing before that must not go unhandled.
    arrived.then((done) => arrivedParts.push(done), () => undefined);
    pending.set(from, arrived);
  }
  // While the index is on its way, the per-paper part of restoring it is done ahead.
  let preparation: RestorePreparation | undefined;
  let prepared = false;
  await arriving?.until(endOf(container, SnapshotDecoder.tableSections, total));
  let sliceStart = performance.now();
  const decoder = new SnapshotDecoder(container, 'parts' in source);
  let restorer: ReturnType<typeof PaperIndex.restorer> | undefined;
  let restored = false;
  // One slice of restoring work, timed as such; returns whether that work is done.
  const timedRestoreSlice = (step: (deadline: number) => boolean): boolean => {
    const started = performance.now();
    const done = step(started + sliceMs);
    const spent = performance.now() - started;
    indexRestoreMs += spent;
    longestRestoreSliceMs = Math.max(longestRestoreSliceMs, spent);
    return done;
  };
  // One slice of restoring the index; started as soon as papers and index are decoded, even while topics are awaited.
  const restoreSlice = (papers: readonly Paper[], index: unknown): void => {
    restorer ??= PaperIndex.restorer(index, papers, {}, preparation, decoder.positionsById);
    const indexRestorer = restorer;
    restored = timedRestoreSlice((deadline) => indexRestorer.step(deadline));
  };
  for (;;) {
    const done = decoder.step(sliceStart + sliceMs, ready);
    const spent = performance.now() - sliceStart;
    decodeMs += spent;
    longestSliceMs = Math.max(longestSliceMs, spent);
    if (done) break;
    const needs = decoder.nextNeeds;
    if (arriving !== undefined && needs !== undefined && !ready!(needs)) {
      await arriving.until(endOf(container, needs, total));
    } else if (decoder.waitingForPart && decoder.decodedIndex !== undefined && !restored) {
      await yieldToEventLoop();
      restoreSlice(decoder.decodedPapers, decoder.decodedIndex);
    } else if (decoder.waitingForPart && arrivedParts.length === 0 && !prepared && decoder.decodedIndex === undefined && pending.size > 0) {
      await yieldToEventLoop();
      const papersPreparation = (preparation ??= PaperIndex.prepareRestore(decoder.decodedPapers));
      prepared = timedRestoreSlice((deadline) => papersPreparation.step(deadline));
    } else if (decoder.waitingForPart) {
      if (pending.size === 0) throw new CacheError('the parts sent hold no topics or no index');
      const { part, from } = arrivedParts.shift() ?? (await Promise.race(pending.values()));
      pending.delete(from);
      const index = arrivedParts.findIndex((arrived) => arrived.from === from);
      if (index >= 0) arrivedParts.splice(index, 1);
      decoder.addPart(part);
      await yieldToEventLoop();
    } else {
      await yieldToEventLoop();
    }
    sliceStart = performance.now();
  }
  const snapshot = decoder.result();
  while (!restored) {
    await yieldToEventLoop();
    restoreSlice(snapshot.corpus.papers, snapshot.index);
  }
  const index = restorer!.result();
  return { snapshot, index, decodeMs, indexRestoreMs, longestSliceMs: Math.max(longestSliceMs, longestRestoreSliceMs), longestDecodeSliceMs: longestSliceMs };
}

/** What the worker sent, decoded as it arrives: papers ahead of the rest, or the whole snapshot. */
async function decodeAttempt(attempt: WorkerResult, sliceMs: number): Promise<DecodedSnapshot> {
  if (attempt.papers !== undefined) {
    const shelf = attempt.shelf ?? attempt.outcome.then((outcome) => outcome.snapshot);
    const parts = [shelf.then((bytes) => unpackSent(bytes, 'shelf'))];
    if (attempt.index !== undefined) parts.push(attempt.index.then((bytes) => unpackSent(bytes, 'index')));
    // Awaited only once the papers are decoded; a worker failing before that must not go unhandled.
    for (const part of parts) part.catch(() => undefined);
    return decodeSnapshot({ papers: attempt.papers, parts }, sliceMs);
  }
  return decodeSnapshot({ whole: (await attempt.outcome).snapshot, verify: false }, sliceMs);
}

/** Runs loads in worker threads, one at a time; a load waits for the previous one's cache write. */
export class CorpusWorkerClient {
  private readonly workers = new Set<Worker>();
  private previousWrite: Promise<unknown> = Promise.resolve();
  /** Set by {@link dispose}: no worker starts after it, and a load in progress rejects rather than retrying. */
  private disposed = false;

  /** `workerScript`: dist/worker.js in the extension, or any build of src/core/worker.ts. */
  constructor(private readonly workerScript: string) {}

  /**
   * Loads the corpus. Uses the worker when its script exists, else loads in-process (blocking, but
   * correct). A snapshot that fails to decode is discarded and the corpus rebuilt from the sources.
   */
  async load(request: LoadRequest, options: LoadOptions = {}): Promise<LoadedCorpus> {
    await this.previousWrite;
    const started = performance.now();
    const sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
    const inProcess = !fs.existsSync(this.workerScript);
    const full: LoadRequest = { ...request, codeVersion: this.codeVersion(request.codeVersion, inProcess) };
    const problems: string[] = [];

    // Warm start: nothing changed since the cache was written, so no worker is needed at all.
    if (!inProcess) {
      const cached = await readCachedSnapshot(full);
      problems.push(...cached.problems);
      if (cached.snapshot !== undefined) {
        try {
          const { file } = cached.snapshot;
          const decoded = await decodeSnapshot({ whole: file.bytes, verify: 'lazy', arriving: file }, sliceMs);
          const { signaturesMs, readMs } = cached.snapshot;
          return this.loaded(decoded, started, {
            fromCache: true,
            path: 'cache',
            workers: 0,
            files: cached.snapshot.files,
            reparsedFiles: 0,
            cacheProblems: problems,
            phases: { signaturesMs, cacheReadMs: readMs, parseMs: 0, mergeMs: 0, indexMs: 0, topicsMs: 0, encodeMs: 0, totalMs: signaturesMs + readMs },
            cacheWritten: Promise.resolve({ written: false, ms: 0 }),
          });
        } catch (error) {
          cached.snapshot.file.abandon();
          if (!(error instanceof CacheError)) throw error;
          problems.push(`snapshot: ${error.message}; rebuilt from the sources`);
          full.ignoreSnapshot = true;
        }
      }
    }

    let attempt: WorkerResult | undefined;
    let decoded: DecodedSnapshot;
    try {
      attempt = await this.run(full, inProcess);
      this.previousWrite = attempt.cacheWritten;
      decoded = await decodeAttempt(attempt, sliceMs);
    } catch (error) {
      // A failed worker that parses, or parts of two workers that do not fit (never expected: both come from
      // one parse): nothing they made is kept, and one worker loads again.
      const parserFailed = error instanceof PapersWorkerError;
      const split = attempt?.index !== undefined;
      const mismatched = error instanceof CacheError && split;
      if (parserFailed || split) attempt?.abandon();
      else attempt?.startWrite();
      const failed = await attempt?.outcome.catch(() => undefined);
      if (this.disposed || (!parserFailed && !mismatched && !(error instanceof CacheError && failed?.fromSnapshot))) throw error;
      problems.push(
        ...(failed?.cacheProblems ?? []),
        parserFailed
          ? `${(error as Error).message}; loaded again in one worker`
          : mismatched
            ? `the two workers' parts did not fit (${(error as Error).message}); loaded again in one worker`
            : `snapshot: ${(error as Error).message}; rebuilt from the sources`,
      );
      attempt = await this.run({ ...full, ignoreSnapshot: true }, inProcess, parserFailed || mismatched);
      this.previousWrite = attempt.cacheWritten;
      try {
        decoded = await decodeAttempt(attempt, sliceMs);
      } finally {
        attempt.startWrite();
      }
    }
    attempt.startWrite();
    const outcome = await attempt.outcome;
    return this.loaded(decoded, started, {
      fromCache: outcome.fromSnapshot,
      path: inProcess ? 'in-process' : 'worker',
      workers: inProcess ? 0 : attempt.index !== undefined ? 2 : 1,
      files: outcome.files,
      reparsedFiles: outcome.reparsedFiles,
      cacheProblems: [...problems, ...outcome.cacheProblems],
      phases: outcome.timings,
      cacheWritten: attempt.cacheWritten,
    });
  }

  private loaded(
    decoded: Awaited<ReturnType<typeof decodeSnapshot>>,
    started: number,
    info: Omit<LoadStats, 'decodeMs' | 'indexRestoreMs' | 'longestSliceMs' | 'longestDecodeSliceMs' | 'totalMs' | 'inProcess'> & { cacheWritten: Promise<CacheWriteReport> },
  ): LoadedCorpus {
    const { cacheWritten, ...stats } = info;
    return {
      corpus: decoded.snapshot.corpus,
      byId: new PaperLookup(decoded.snapshot.corpus.papers, (paper) => paper.id),
      byKey: new PaperLookup(decoded.snapshot.corpus.papers, (paper) => paper.citationKey),
      topics: decoded.snapshot.topics,
      index: decoded.index,
      cacheWritten,
      stats: {
        ...stats,
        decodeMs: decoded.decodeMs,
        indexRestoreMs: decoded.indexRestoreMs,
        longestSliceMs: decoded.longestSliceMs,
        longestDecodeSliceMs: decoded.longestDecodeSliceMs,
        totalMs: performance.now() - started,
        inProcess: stats.path === 'in-process',
      },
    };
  }

  /** The caller's version plus the worker bundle's size and mtime: what the cache is keyed by. */
  private codeVersion(version: string | undefined, inProcess: boolean): string | undefined {
    if (inProcess) return version;
    const stat = fs.statSync(this.workerScript);
    return `${version ?? ''}@${stat.size}:${Math.round(stat.mtimeMs)}`;
  }

  /**
   * The worker that parses in a cold load on two: it sends what clustering needs through `topicsPort`, the
   * papers and the index part here, then waits to write the cache.
   */
  private papersWorker(request: LoadRequest, topicsPort: MessagePort): PapersWorker {
    const worker = new Worker(this.workerScript);
    this.workers.add(worker);
    let stopped = false;
    const stop = (): void => {
      stopped = true;
      this.workers.delete(worker);
      void worker.terminate();
    };
    const papers = deferred<Uint8Array>();
    const part = deferred<Extract<WorkerReply, { type: 'index' }>>();
    let resolveWritten: ((report: CacheWriteReport) => void) | undefined;
    const fail = (error: Error): void => {
      papers.reject(error);
      part.reject(error);
      resolveWritten?.({ written: false, ms: 0, problem: error.message });
      resolveWritten = undefined;
      if (!stopped) stop();
    };
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'papers') papers.resolve(reply.bytes);
      else if (reply.type === 'index') part.resolve(reply);
      else if (reply.type === 'cacheWritten') {
        const { type: _type, ...report } = reply;
        const resolve = resolveWritten;
        resolveWritten = undefined;
        // Settles once the thread is gone, so a caller awaiting the write sees its memory freed.
        this.workers.delete(worker);
        void worker.terminate().then(() => resolve?.(report));
      } else if (reply.type === 'error') fail(new PapersWorkerError(`papers worker: ${reply.message}`));
    });
    worker.on('error', (error) => fail(new PapersWorkerError(`papers worker: ${error.message}`)));
    worker.on('exit', (code) => {
      stopped = true;
      this.workers.delete(worker);
      fail(new PapersWorkerError(`papers worker exited with code ${code}`));
    });
    papers.promise.catch(() => undefined);
    part.promise.catch(() => undefined);
    worker.postMessage({ type: 'papers', request, topicsPort } satisfies WorkerRequest, [topicsPort]);
    const write = (shelfPart: Uint8Array): Promise<CacheWriteReport> => {
      if (stopped) return Promise.resolve({ written: false, ms: 0, problem: 'papers worker stopped' });
      return new Promise<CacheWriteReport>((resolve) => {
        resolveWritten = resolve;
        worker.postMessage({ type: 'writeCache', shelfPart } satisfies WorkerRequest);
      });
    };
    return { papers: papers.promise, part: part.promise, write, stop };
  }

  /** Stops any running worker; a load in progress rejects. */
  dispose(): void {
    this.disposed = true;
    for (const worker of this.workers) void worker.terminate();
    this.workers.clear();
  }

  /** `oneWorker`: everything in one worker, whatever the settings (a retry after two workers failed or disagreed). */
  private run(request: LoadRequest, inProcess: boolean, oneWorker = false): Promise<WorkerResult> {
    if (this.disposed) return Promise.reject(new Error('corpus worker client disposed'));
    if (inProcess) {
      const { writeCache, ...outcome } = loadCorpus(request);
      const written = deferred<CacheWriteReport>();
      let started = false;
      const startWrite = (): void => {
        if (started) return;
        started = true;
        setImmediate(() => written.resolve(writeCache()));
      };
      const abandon = (): void => {
        started = true;
        written.resolve({ written: false, ms: 0, problem: 'abandoned' });
      };
      return Promise.resolve({ outcome: Promise.resolve(outcome), startWrite, cacheWritten: written.promise, abandon });
    }
    // One worker when user topics need the index to cluster, or for sources given as bytes (remote file
    // systems), which would be cloned to each worker on this thread.
    const split = !oneWorker && (request.settings.userTopics ?? []).length === 0 && !request.sources.some((source) => source.bytes !== undefined);
    if (split) return this.runSplit(request);
    return new Promise<WorkerResult>((resolve, reject) => {
      const worker = new Worker(this.workerScript);
      this.workers.add(worker);
      let settled = false;
      let writeReported = false;
      const written = deferred<CacheWriteReport>();
      const cacheWritten = written.promise;
      // Settles once the thread is gone, so a caller awaiting `cacheWritten` sees its memory freed.
      const finish = (): Promise<unknown> => {
        this.workers.delete(worker);
        return worker.terminate().catch(() => undefined);
      };
      const made = deferred<Omit<LoadOutcome, 'writeCache'>>();
      const outcome = made.promise;
      // Awaited later, or never when decoding the papers fails first: no unhandled rejection either way.
      outcome.catch(() => undefined);
      let asked = false;
      const startWrite = (): void => {
        if (asked) return;
        asked = true;
        worker.postMessage({ type: 'writeCache' } satisfies WorkerRequest);
      };
      const abandon = (): void => {
        asked = true;
        void finish();
        written.resolve({ written: false, ms: 0, problem: 'abandoned' });
      };
      const fail = (error: Error): void => {
        if (!settled) reject(error);
        settled = true;
        made.reject(error);
      };
      const settle = (result: WorkerResult): void => {
        if (!settled) resolve(result);
        settled = true;
      };
      worker.on('message', (reply: WorkerReply) => {
        if (reply.type === 'papers') {
          settle({ papers: reply.bytes, outcome, startWrite, cacheWritten, abandon });
        } else if (reply.type === 'snapshot') {
          const { type: _type, bytes, ...info } = reply;
          made.resolve({ ...info, snapshot: bytes });
          settle({ outcome, startWrite, cacheWritten, abandon });
        } else if (reply.type === 'cacheWritten') {
          const { type: _type, ...report } = reply;
          writeReported = true;
          void finish().then(() => written.resolve(report));
        } else if (reply.type === 'error') {
          void finish();
          fail(new Error(`corpus worker: ${reply.message}`));
          written.resolve({ written: false, ms: 0, problem: reply.message });
        }
      });
      worker.on('error', (error) => {
        void finish();
        fail(error);
        written.resolve({ written: false, ms: 0, problem: error.message });
      });
      worker.on('exit', (code) => {
        this.workers.delete(worker);
        fail(new Error(`corpus worker exited with code ${code}`));
        if (!writeReported) written.resolve({ written: false, ms: 0, problem: `worker exited with code ${code}` });
      });
      worker.postMessage({ type: 'load', request } satisfies WorkerRequest);
    });
  }

  /**
   * A cold load on two workers: one parses, sends what clustering needs straight to the other (a channel of
   * their own), sends the papers here and indexes them; the other clusters. Both parts are made from the one
   * parse, so they always fit; the parsing worker then writes the cache with the other's topics part.
   */
  private runSplit(request: LoadRequest): Promise<WorkerResult> {
    const started = performance.now();
    const channel = new MessageChannel();
    const parser = this.papersWorker(request, channel.port2);
    let worker: Worker;
    try {
      worker = new Worker(this.workerScript);
    } catch (error) {
      parser.stop();
      return Promise.reject(error);
    }
    this.workers.add(worker);
    const finish = (): void => {
      this.workers.delete(worker);
      void worker.terminate().catch(() => undefined);
    };
    const clustered = deferred<Extract<WorkerReply, { type: 'topics' }>>();
    const topics = clustered.promise;
    topics.catch(() => undefined);
    worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'topics') clustered.resolve(reply);
      else if (reply.type === 'error') clustered.reject(new Error(`corpus worker: ${reply.message}`));
      // Its work is done either way.
      if (reply.type === 'topics' || reply.type === 'error') finish();
    });
    worker.on('error', (error) => {
      clustered.reject(error);
      finish();
    });
    worker.on('exit', (code) => {
      this.workers.delete(worker);
      clustered.reject(new Error(`corpus worker exited with code ${code}`));
    });
    worker.postMessage({ type: 'cluster', request, papersPort: channel.port1 } satisfies WorkerRequest, [channel.port1]);

    const outcome = Promise.all([topics, parser.part]).then(
      ([clustered, part]): Omit<LoadOutcome, 'writeCache'> => ({
        snapshot: clustered.bytes,
        staged: true,
        fromSnapshot: false,
        files: part.files,
        reparsedFiles: part.reparsedFiles,
        cacheProblems: [...part.cacheProblems, ...clustered.cacheProblems],
        timings: { ...part.timings, indexMs: part.ms, topicsMs: clustered.topicsMs, totalMs: performance.now() - started },
      }),
    );
    outcome.catch(() => undefined);
    const written = deferred<CacheWriteReport>();
    let asked = false;
    // The topics part is posted as a copy (the topics restored here are views into the bytes received); the worker
    // that parsed kept its index part.
    const startWrite = (): void => {
      if (asked) return;
      asked = true;
      void Promise.all([topics, parser.part]).then(
        ([topicsPart]) => parser.write(topicsPart.bytes).then(written.resolve),
        (error: Error) => written.resolve({ written: false, ms: 0, problem: error.message }),
      );
    };
    const abandon = (): void => {
      asked = true;
      parser.stop();
      finish();
      written.resolve({ written: false, ms: 0, problem: 'abandoned' });
    };
    // A clustering worker that fails before the papers come fails the load then, not once they are decoded.
    const clusteringFailed = topics.then(() => new Promise<never>(() => undefined));
    return Promise.race([parser.papers, clusteringFailed]).then(
      (papers) => ({ papers, shelf: topics.then((part) => part.bytes), index: parser.part.then((part) => part.bytes), outcome, startWrite, cacheWritten: written.promise, abandon }),
      (error: Error) => {
        abandon();
        throw error;
      },
    );
  }
}
