/**
 * Worker-thread entry (bundled to dist/worker.js): loads the corpus off the extension host's main
 * thread, at a lower priority than it, and posts back the encoded parts; writes the cache when told
 * to (after the main thread has decoded, so the two never compete for a core). Protocol: see
 * src/node/workerClient.ts.
 */
import { parentPort } from 'worker_threads';
import { copyOf } from './cache';
import { buildIndexPart, loadCorpus, loadPapersPart, type LoadRequest, type PapersPart } from '../node/corpusLoader';
import { lowerThisThreadPriority } from '../node/threadPriority';

export type WorkerRequest =
  /**
   * `papersElsewhere`: a second worker, sent `papers` with the same request, parses and sends the papers and
   * indexes them, so this one only clusters ({@link import('../node/corpusLoader').LoadHooks.papersAndIndexElsewhere}).
   * Without it this worker sends the papers itself, ahead of topics and index.
   */
  | { type: 'load'; request: LoadRequest; papersElsewhere?: boolean }
  /** `indexPart`: the index the second worker built, for the cache file. */
  | { type: 'writeCache'; indexPart?: Uint8Array }
  /** Makes this worker the second one: it replies `papers`, then `index`. */
  | { type: 'papers'; request: LoadRequest };

export type WorkerReply =
  /** The merged papers, ahead of topics and index (a cold load): the main thread decodes them meanwhile. */
  | { type: 'papers'; bytes: Uint8Array }
  | {
      type: 'snapshot';
      bytes: Uint8Array;
      /** True when `bytes` holds only topics and index, the papers having come in a `papers` reply. */
      staged: boolean;
      fromSnapshot: boolean;
      files: number;
      reparsedFiles: number;
      cacheProblems: string[];
      timings: ReturnType<typeof loadCorpus>['timings'];
    }
  /** From the second worker: its index part, and its own phases. */
  | { type: 'index'; bytes: Uint8Array; ms: number; timings: PapersPart['timings'] }
  | { type: 'cacheWritten'; written: boolean; ms: number; problem?: string }
  | { type: 'error'; message: string };

/** A buffer that can be transferred: exactly its view, and not needed here afterwards. */
function transferable(bytes: Uint8Array, stillNeeded: boolean): Uint8Array {
  return !stillNeeded && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : copyOf(bytes);
}

let pendingWrite: ReturnType<typeof loadCorpus>['writeCache'] | undefined;

function errorReply(error: unknown): WorkerReply {
  return { type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

function handle(message: WorkerRequest): void {
  const port = parentPort!;
  if (message.type === 'writeCache') {
    const write = pendingWrite ?? (() => ({ written: false, ms: 0 }));
    pendingWrite = undefined;
    port.postMessage({ type: 'cacheWritten', ...write(message.indexPart) } satisfies WorkerReply);
    return;
  }
  if (message.type === 'papers') {
    try {
      const { bytes, papers, timings } = loadPapersPart(message.request);
      port.postMessage({ type: 'papers', bytes } satisfies WorkerReply, [bytes.buffer as ArrayBuffer]);
      const index = buildIndexPart(papers);
      port.postMessage({ type: 'index', bytes: index.bytes, ms: index.ms, timings } satisfies WorkerReply, [index.bytes.buffer as ArrayBuffer]);
    } catch (error) {
      port.postMessage(errorReply(error));
    }
    return;
  }
  try {
    const outcome = loadCorpus(message.request, {
      papersAndIndexElsewhere: message.papersElsewhere === true,
      onPapers: (bytes) => port.postMessage({ type: 'papers', bytes } satisfies WorkerReply, [bytes.buffer as ArrayBuffer]),
    });
    // A fresh whole snapshot is written to the cache after it is sent, so the worker keeps its own copy;
    // a staged one's cache file is packed from its sections instead.
    const bytes = transferable(outcome.snapshot, !outcome.fromSnapshot && !outcome.staged);
    const reply: WorkerReply = {
      type: 'snapshot',
      bytes,
      staged: outcome.staged,
      fromSnapshot: outcome.fromSnapshot,
      files: outcome.files,
      reparsedFiles: outcome.reparsedFiles,
      cacheProblems: outcome.cacheProblems,
      timings: outcome.timings,
    };
    pendingWrite = outcome.writeCache;
    port.postMessage(reply, [bytes.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage(errorReply(error));
  }
}

if (parentPort) {
  lowerThisThreadPriority();
  parentPort.on('message', handle);
}
