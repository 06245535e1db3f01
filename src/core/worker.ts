/**
 * Worker-thread entry (bundled to dist/worker.js): loads the corpus off the extension host's main
 * thread and posts back the encoded snapshot; writes the cache when told to (after the main thread
 * has decoded, so the two never compete for a core). Protocol: see src/node/workerClient.ts.
 */
import { parentPort } from 'worker_threads';
import { copyOf } from './cache';
import { loadCorpus, type LoadRequest } from '../node/corpusLoader';

export type WorkerRequest = { type: 'load'; request: LoadRequest } | { type: 'writeCache' };

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
  | { type: 'cacheWritten'; written: boolean; ms: number; problem?: string }
  | { type: 'error'; message: string };

/** A buffer that can be transferred: exactly its view, and not needed here afterwards. */
function transferable(bytes: Uint8Array, stillNeeded: boolean): Uint8Array {
  return !stillNeeded && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : copyOf(bytes);
}

let pendingWrite: (() => ReturnType<ReturnType<typeof loadCorpus>['writeCache']>) | undefined;

function handle(message: WorkerRequest): void {
  const port = parentPort!;
  if (message.type === 'writeCache') {
    const write = pendingWrite ?? (() => ({ written: false, ms: 0 }));
    pendingWrite = undefined;
    port.postMessage({ type: 'cacheWritten', ...write() } satisfies WorkerReply);
    return;
  }
  try {
    const outcome = loadCorpus(message.request, {
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
    port.postMessage({ type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies WorkerReply);
  }
}

parentPort?.on('message', handle);
