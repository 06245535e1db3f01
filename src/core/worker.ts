/**
 * Worker-thread entry (bundled to dist/worker.js): loads the corpus off the extension host's main
 * thread, at a lower priority than it, and posts back the encoded parts; writes the cache when told
 * to (after the main thread has decoded, so the two never compete for a core). A cold load runs on two
 * workers: one parses, sends the papers and indexes them, the other clusters the papers it is sent.
 * Protocol: see src/node/workerClient.ts.
 */
import { parentPort, receiveMessageOnPort, type MessagePort } from 'worker_threads';
import { copyOf, transferableBuffers } from './cache';
import { buildIndexPart, loadCorpus, loadPapersPart, papersPartMemory, TopicsClusterer, topicsMessageBuffers, type CacheWriteReport, type LoadRequest, type PapersMemoryMessage, type PapersPart, type TopicsMessage } from '../node/corpusLoader';
import { lowerThisThreadPriority } from '../node/threadPriority';

export type WorkerRequest =
  /** The whole load in this worker: the papers are sent ahead (a cold load), then topics and index. */
  | { type: 'load'; request: LoadRequest }
  /**
   * The worker that parses, in a cold load on two workers: it sends what clustering needs through `topicsPort`
   * (to the `cluster` worker: a large corpus's fit sample, then all the papers), replies `papers` and `index`,
   * and later writes the cache.
   */
  | { type: 'papers'; request: LoadRequest; topicsPort: MessagePort }
  /** The worker that clusters, in a cold load on two workers: it waits for the papers on `papersPort`, replies `topics`. */
  | { type: 'cluster'; request: LoadRequest; papersPort: MessagePort }
  /** In two workers (to the one that parsed): the other's topics part; the index part is the one it kept. */
  | { type: 'writeCache'; shelfPart?: Uint8Array };

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
  /** From the worker that parsed: its index part, and how the papers were made. */
  | ({ type: 'index'; bytes: Uint8Array; ms: number } & Pick<PapersPart, 'files' | 'reparsedFiles' | 'cacheProblems' | 'timings'>)
  /** From the worker that clusters: the topics part, for the papers the other one sent. */
  | { type: 'topics'; bytes: Uint8Array; topicsMs: number; cacheProblems: string[] }
  | ({ type: 'cacheWritten' } & CacheWriteReport)
  | { type: 'error'; message: string };

/** A buffer that can be transferred: exactly its view, and not needed here afterwards. */
function transferable(bytes: Uint8Array, stillNeeded: boolean): Uint8Array {
  return !stillNeeded && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : copyOf(bytes);
}

let pendingWrite: ((parts: { shelfPart?: Uint8Array }) => CacheWriteReport) | undefined;

function errorReply(error: unknown): WorkerReply {
  return { type: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

function handle(message: WorkerRequest): void {
  const port = parentPort!;
  if (message.type === 'writeCache') {
    const write = pendingWrite ?? (() => ({ written: false, ms: 0 }));
    pendingWrite = undefined;
    port.postMessage({ type: 'cacheWritten', ...write(message) } satisfies WorkerReply);
    return;
  }
  if (message.type === 'papers') {
    try {
      // Memory for the papers part, if the clustering worker has made it ready by the time it is needed: never waited for.
      const papersMemory = (): Uint8Array | undefined => {
        const received = receiveMessageOnPort(message.topicsPort)?.message as PapersMemoryMessage | undefined;
        return received?.kind === 'papersMemory' && received.bytes instanceof Uint8Array ? received.bytes : undefined;
      };
      const part = loadPapersPart(message.request, (topics) => message.topicsPort.postMessage(topics, topicsMessageBuffers(topics)), papersMemory);
      message.topicsPort.close();
      port.postMessage({ type: 'papers', bytes: part.bytes } satisfies WorkerReply, transferableBuffers([part.bytes]));
      const index = buildIndexPart(part.papers, part.distinctIds);
      // Only the writer is kept, with what the cache file needs: the parse results, and the papers and index parts
      // (in shared memory, which the main thread's papers and index read from anyway).
      const { writeCache, files, reparsedFiles, cacheProblems, timings } = part;
      pendingWrite = ({ shelfPart }) => (shelfPart !== undefined ? writeCache(shelfPart, index.bytes) : { written: false, ms: 0, problem: 'topics part missing' });
      // Not transferred, as it is kept: shared memory is shared, other memory copied (as the main thread used to send it back).
      port.postMessage({ type: 'index', bytes: index.bytes, ms: index.ms, files, reparsedFiles, cacheProblems, timings } satisfies WorkerReply);
    } catch (error) {
      port.postMessage(errorReply(error));
    }
    return;
  }
  if (message.type === 'cluster') {
    const { papersPort, request } = message;
    let clusterer: TopicsClusterer;
    try {
      clusterer = new TopicsClusterer(request);
    } catch (error) {
      papersPort.close();
      port.postMessage(errorReply(error));
      return;
    }
    // Idle until the papers come: meanwhile it readies the memory the other worker will write them into.
    const memory = papersPartMemory(request);
    if (memory !== undefined) papersPort.postMessage({ kind: 'papersMemory', bytes: memory } satisfies PapersMemoryMessage);
    papersPort.on('message', (topics: TopicsMessage) => {
      try {
        if (topics.kind === 'sample') {
          clusterer.fitSample(topics);
          return;
        }
        papersPort.close();
        const { bytes, topicsMs, cacheProblems } = clusterer.finish(topics.input);
        port.postMessage({ type: 'topics', bytes, topicsMs, cacheProblems } satisfies WorkerReply, [bytes.buffer as ArrayBuffer]);
      } catch (error) {
        papersPort.close();
        port.postMessage(errorReply(error));
      }
    });
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
    pendingWrite = () => outcome.writeCache();
    port.postMessage(reply, [bytes.buffer as ArrayBuffer]);
  } catch (error) {
    port.postMessage(errorReply(error));
  }
}

if (parentPort) {
  lowerThisThreadPriority();
  parentPort.on('message', handle);
}
