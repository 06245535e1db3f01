import * as assert from 'assert';
import { seededRandom } from '../../src/core/topics/kmeans';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CACHE_VERSION, CacheError, crc32, encodeSnapshot, type SectionSource, sharedBytes, UNCHECKED, papersSections, topicsInputBuffers, topicsInputOfPart, type Snapshot, decodeParsedFile, encodeParsedFile, idOrder, packContainer, packTopicsInput, readManifest, SnapshotDecoder, type TopicsInput, unpackContainer, unpackSent, unpackTopicsInput } from '../../src/core/cache';
import { paper, plainCorpus, plainTopics } from './paperFactory';
import { plainPaper } from '../../src/core/storedPaper';
import { runPipeline, signatureOfBytes } from '../../src/core/pipeline';
import { buildIndexPart, clusterPapers, FileInProgress, loadCorpus, WholeFileReader, loadPapersPart, papersPartMemory, MANIFEST_FILE, SNAPSHOT_FILE, type LoadOutcome, TopicsClusterer, type TopicsMessage, topicsMessageBuffers } from '../../src/node/corpusLoader';
import { CorpusWorkerClient } from '../../src/node/workerClient';
import { writeCorpus } from '../../bench/generate';
import { listCorpusFiles } from '../../src/node/corpusFiles';
import type { Paper } from '../../src/core/types';
import type { Topic, TopicModel } from '../../src/core/topics';
import { PaperIndex } from '../../src/core/search';

const SEEDS = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'seeds');
const WORKER = path.join(__dirname, '..', '..', 'src', 'core', 'worker.js');
const SETTINGS = { today: '2026-11-22' };
const PERTURB_DIFF = 'PerturbDiff: Functional Diffusion for Single-Cell Perturbation Modeling';

interface Workspace {
  dir: string;
  cacheDir: string;
  files: string[];
}

function workspace(): Workspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paper-shelf-cache-test-'));
  const pages = path.join(dir, 'papers');
  fs.mkdirSync(pages);
  const files = fs
    .readdirSync(SEEDS)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => {
      fs.copyFileSync(path.join(SEEDS, name), path.join(pages, name));
      return path.join(pages, name);
    });
  return { dir, cacheDir: path.join(dir, 'cache'), files };
}

function load(ws: Workspace, extra: { recluster?: boolean } = {}): LoadOutcome {
  return loadCorpus({ sources: ws.files.map((file) => ({ file })), settings: SETTINGS, cacheDir: ws.cacheDir, ...extra });
}

function titlesOf(outcome: LoadOutcome): string[] {
  const decoder = new SnapshotDecoder(unpackContainer(outcome.snapshot, 'snapshot', crc32, true));
  while (!decoder.step(Infinity));
  return decoder.result().corpus.papers.map((p) => p.title);
}

/** `parts`, decoded from parts sent in memory, equal the snapshot file the cache write left: the 96 seed papers. */
function assertSameAsCachedWhole(parts: Snapshot, ws: Workspace): void {
  const whole = new SnapshotDecoder(unpackContainer(fs.readFileSync(path.join(ws.cacheDir, SNAPSHOT_FILE)), 'snapshot', crc32, true));
  assert.strictEqual(whole.step(Infinity), true);
  const cached = whole.result();
  assert.deepStrictEqual(plainCorpus(parts.corpus), plainCorpus(cached.corpus));
  assert.deepStrictEqual(plainTopics(parts.topics), plainTopics(cached.topics));
  assert.deepStrictEqual(parts.index, cached.index);
  assert.strictEqual(parts.corpus.papers.length, 96);
  assert.ok(parts.corpus.papers.some((p) => p.title === PERTURB_DIFF));
}

/** Loads once and writes the cache, as the worker does. */
function primed(ws: Workspace): LoadOutcome {
  const first = load(ws);
  assert.strictEqual(first.writeCache().written, true);
  return first;
}

/** Where a section of a cache file starts, from its header (so a test can damage that section). */
function sectionOffset(file: string, name: string): number {
  const bytes = fs.readFileSync(file);
  const headerLength = bytes.readUInt32LE(8);
  const header = JSON.parse(bytes.subarray(16, 16 + headerLength).toString('utf8')) as { sections: { name: string; offset: number }[] };
  const dataStart = Math.ceil((16 + headerLength) / 8) * 8;
  return dataStart + header.sections.find((s) => s.name === name)!.offset;
}

/** `load()` rejects with `error`, and no promise is left rejected without a handler, up to the next turn. */
async function rejectsLeavingNoUnhandledRejection(load: () => Promise<unknown>, error: RegExp): Promise<void> {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };
  process.on('unhandledRejection', onUnhandled);
  try {
    await assert.rejects(load(), error);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepStrictEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
}

/** Worker threads the client still runs (its private set, read for the test). */
function runningWorkers(client: CorpusWorkerClient): number {
  return (client as unknown as { workers: Set<unknown> }).workers.size;
}

/**
 * A worker script in `dir`: the real worker, except that each message first runs `intercept` (JavaScript with
 * `message`, `handler`, `parentPort` and the original `post` in scope), which may answer it and return.
 */
function interceptingWorker(dir: string, name: string, intercept: string): string {
  const script = path.join(dir, name);
  fs.writeFileSync(
    script,
    `const { parentPort } = require('worker_threads');
const on = parentPort.on.bind(parentPort);
const post = parentPort.postMessage.bind(parentPort);
parentPort.on = (event, handler) => on(event, (message) => {
${intercept}
  handler(message);
});
require(${JSON.stringify(WORKER)});`,
  );
  return script;
}

function corrupt(file: string, at: (size: number) => number): void {
  const bytes = fs.readFileSync(file);
  const i = at(bytes.length);
  bytes[i] ^= 0x5a;
  fs.writeFileSync(file, bytes);
}

/** The papers of a topics input as plain values: their texts are read from the input's bytes when asked. */
function topicPapersOf(input: TopicsInput): { id: string; title: string; abstract: string }[] {
  return unpackTopicsInput(input).papers.map(({ id, title, abstract }) => ({ id, title, abstract }));
}

describe('corpus cache', () => {
  let ws: Workspace;
  beforeEach(() => {
    ws = workspace();
  });
  afterEach(() => {
    fs.rmSync(ws.dir, { recursive: true, force: true });
  });

  it('serves an unchanged corpus from the snapshot, identical to the fresh load', () => {
    const first = primed(ws);
    assert.strictEqual(first.fromSnapshot, false);
    assert.strictEqual(first.reparsedFiles, 5);
    const second = load(ws);
    assert.strictEqual(second.fromSnapshot, true);
    assert.deepStrictEqual(second.cacheProblems, []);
    assert.deepStrictEqual(titlesOf(second), titlesOf(first));
    assert.ok(titlesOf(second).includes(PERTURB_DIFF));
  });

  it('re-parses only the source file that changed, and shows its new content', () => {
    primed(ws);
    const changed = ws.files[1];
    fs.writeFileSync(changed, fs.readFileSync(changed, 'utf8').replace('PerturbDiff: Functional Diffusion', 'PerturbDiff: Functional Flow Matching'));
    const after = load(ws);
    assert.strictEqual(after.fromSnapshot, false);
    assert.strictEqual(after.reparsedFiles, 1);
    assert.ok(titlesOf(after).includes('PerturbDiff: Functional Flow Matching for Single-Cell Perturbation Modeling'));
    assert.ok(!titlesOf(after).includes(PERTURB_DIFF));
  });

  it('notices an edit that keeps both size and modification time, by the content hash', () => {
    const changed = ws.files[1];
    // Whole seconds, so restoring the time after the edit is exact on every file system.
    const time = 1_750_000_000;
    fs.utimesSync(changed, time, time);
    primed(ws);
    const before = fs.statSync(changed);
    const text = fs.readFileSync(changed, 'utf8');
    fs.writeFileSync(changed, text.replace('PerturbDiff: Functional Diffusion', 'PerturbDiff: Functional Diffusiom'));
    fs.utimesSync(changed, time, time);
    assert.strictEqual(fs.statSync(changed).size, before.size);
    assert.strictEqual(fs.statSync(changed).mtimeMs, before.mtimeMs);
    const after = load(ws);
    assert.strictEqual(after.fromSnapshot, false);
    assert.strictEqual(after.reparsedFiles, 1);
    assert.ok(titlesOf(after).includes('PerturbDiff: Functional Diffusiom for Single-Cell Perturbation Modeling'));
  });

  it('drops a removed source file and adds a new one', () => {
    primed(ws);
    const removed = ws.files.pop()!;
    fs.rmSync(removed);
    const added = path.join(path.dirname(removed), 'new.txt');
    fs.writeFileSync(added, '1 Publications\n\nA Freshly Added Paper on Caches\n\nAda Lovelace, Alan Turing\n\nWe study caches.\n\nShow Abstract\nMarch 3, 2025\n');
    ws.files.push(added);
    const after = load(ws);
    assert.strictEqual(after.fromSnapshot, false);
    assert.strictEqual(after.reparsedFiles, 1);
    const titles = titlesOf(after);
    assert.ok(titles.includes('A Freshly Added Paper on Caches'));
    assert.ok(!titles.includes('Langevin Flows for Modeling Neural Latent Dynamics'), 'only 004 lists it');
    assert.ok(titles.includes('Stochastic Interpolants: A Unifying Framework for Flows and Diffusions'), '003 lists it too');
  });

  it('ignores a corrupt snapshot and rebuilds from the sources', () => {
    const first = primed(ws);
    const snapshotFile = path.join(ws.cacheDir, SNAPSHOT_FILE);
    corrupt(snapshotFile, () => sectionOffset(snapshotFile, 'papers.0') + 5);
    const after = load(ws);
    assert.strictEqual(after.fromSnapshot, false);
    assert.strictEqual(after.reparsedFiles, 0, 'the per-file parse results are still intact');
    assert.match(after.cacheProblems.join('\n'), /snapshot\.bin: section papers\.0: checksum mismatch; rebuilt from the sources/);
    assert.deepStrictEqual(titlesOf(after), titlesOf(first));
  });

  it('ignores a truncated snapshot, a garbage manifest and a corrupt parse result', () => {
    const first = primed(ws);
    const snapshot = path.join(ws.cacheDir, SNAPSHOT_FILE);
    fs.truncateSync(snapshot, Math.floor(fs.statSync(snapshot).size / 2));
    let after = load(ws);
    assert.strictEqual(after.fromSnapshot, false);
    assert.match(after.cacheProblems.join('\n'), /truncated/);
    assert.deepStrictEqual(titlesOf(after), titlesOf(first));
    after.writeCache();

    const entry = fs.readdirSync(ws.cacheDir).find((name) => name.endsWith('.parsed'))!;
    corrupt(path.join(ws.cacheDir, entry), (size) => Math.floor(size / 2));
    fs.writeFileSync(path.join(ws.cacheDir, SNAPSHOT_FILE), 'not a cache');
    after = load(ws);
    assert.strictEqual(after.reparsedFiles, 1);
    assert.match(after.cacheProblems.join('\n'), /\.parsed \(.*\): section result: checksum mismatch; parsed again/);
    assert.deepStrictEqual(titlesOf(after), titlesOf(first));

    fs.writeFileSync(path.join(ws.cacheDir, MANIFEST_FILE), '{"version": 1, "files": [');
    after = load(ws);
    assert.strictEqual(after.fromSnapshot, false);
    assert.strictEqual(after.reparsedFiles, 5);
    assert.match(after.cacheProblems.join('\n'), /manifest\.json: unreadable or from another version; cache discarded/);
    assert.deepStrictEqual(titlesOf(after), titlesOf(first));
  });

  it('discards a cache written by another cache version', () => {
    primed(ws);
    const manifestFile = path.join(ws.cacheDir, MANIFEST_FILE);
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, version: 999 }));
    const after = load(ws);
    assert.strictEqual(after.fromSnapshot, false);
    assert.strictEqual(after.reparsedFiles, 5);
  });

  it('rebuilds when the settings the snapshot depends on change', () => {
    primed(ws);
    const pinned = loadCorpus({ sources: ws.files.map((file) => ({ file })), settings: { ...SETTINGS, pins: { x: 'Mine' } }, cacheDir: ws.cacheDir });
    assert.strictEqual(pinned.fromSnapshot, false);
    assert.strictEqual(pinned.reparsedFiles, 0);
    const otherYear = loadCorpus({ sources: ws.files.map((file) => ({ file })), settings: { ...SETTINGS, pageYear: 2020 }, cacheDir: ws.cacheDir });
    assert.strictEqual(otherYear.reparsedFiles, 5);
  });

  it('loads through the worker thread the same corpus as in-process, then from the cache', async () => {
    const client = new CorpusWorkerClient(WORKER);
    try {
      const request = { sources: ws.files.map((file) => ({ file })), settings: SETTINGS, cacheDir: ws.cacheDir };
      const cold = await client.load(request);
      assert.strictEqual(cold.stats.inProcess, false);
      assert.strictEqual(cold.stats.fromCache, false);
      assert.strictEqual((await cold.cacheWritten).written, true);
      // Writing the cache hands the index part to the other worker; the index in use here must not lose its arrays.
      assert.strictEqual(cold.index.search('PerturbDiff', { limit: 1 })[0]?.paper.title, PERTURB_DIFF);
      const warm = await client.load(request);
      assert.strictEqual(warm.stats.fromCache, true);
      assert.strictEqual(warm.stats.path, 'cache', 'a warm start needs no worker');
      assert.deepStrictEqual(plainCorpus(warm.corpus), plainCorpus(cold.corpus));
      assert.deepStrictEqual(new Map(warm.topics.topicOf), new Map(cold.topics.topicOf));
      const hit = warm.index.search('PerturbDiff', { limit: 1 })[0];
      assert.strictEqual(hit?.paper.title, PERTURB_DIFF);
      for (const loaded of [cold, warm]) {
        assert.strictEqual(loaded.byId.size, 96);
        assert.strictEqual(loaded.byId.get(hit.paper.id)?.title, PERTURB_DIFF);
        assert.strictEqual(loaded.byKey.get(hit.paper.citationKey)?.title, PERTURB_DIFF);
      }
    } finally {
      client.dispose();
    }
  });
  it('parses and indexes in one worker while the other clusters what it sent, with the same papers, topics and answers as in-process', async () => {
    const client = new CorpusWorkerClient(WORKER);
    try {
      const cold = await client.load({ sources: ws.files.map((file) => ({ file })), settings: SETTINGS });
      const reference = runPipeline({ sources: ws.files.map((file) => ({ file, signature: signatureOfBytes(fs.readFileSync(file), 0), bytes: fs.readFileSync(file) })), settings: SETTINGS });
      assert.ok(cold.stats.phases.indexMs > 0 && cold.stats.phases.topicsMs > 0, 'each worker\'s phase is reported');
      assert.strictEqual(cold.stats.workers, 2);
      assert.deepStrictEqual(plainCorpus(cold.corpus), plainCorpus(reference.corpus));
      assert.deepStrictEqual(new Map(cold.topics.topicOf), new Map(reference.topics.topicOf));
      assert.deepStrictEqual(cold.stats.cacheProblems, []);
      for (const query of ['PerturbDiff', 'grokking', 'author:tu', 'diffusion OR "score matching"', 'year:2025 -survey']) {
        assert.deepStrictEqual(
          cold.index.search(query, { limit: 20 }).map((hit) => hit.paper.id),
          reference.index.search(query, { limit: 20 }).map((hit) => hit.paper.id),
          query,
        );
      }
      assert.deepStrictEqual(cold.index.toJSON(), reference.index.toJSON());
    } finally {
      client.dispose();
    }
  });

  it('clusters with the index in the same worker when user topics need it, and files their papers', async () => {
    const client = new CorpusWorkerClient(WORKER);
    try {
      const settings = { ...SETTINGS, userTopics: [{ name: 'Perturbation', query: 'perturbation' }] };
      const request = { sources: ws.files.map((file) => ({ file })), settings, cacheDir: ws.cacheDir };
      const cold = await client.load(request);
      assert.strictEqual(cold.stats.workers, 1, 'user topics need the index where the clustering runs');
      const perturbDiff = cold.corpus.papers.find((p) => p.title === PERTURB_DIFF)!;
      const topic = cold.topics.topics.find((t) => t.id === cold.topics.topicOf.get(perturbDiff.id));
      assert.deepStrictEqual([topic?.label, topic?.kind], ['Perturbation', 'user']);
      assert.strictEqual(cold.index.search('PerturbDiff', { limit: 1 })[0]?.paper.id, perturbDiff.id);
      assert.strictEqual((await cold.cacheWritten).written, true);
      const warm = await client.load(request);
      assert.strictEqual(warm.stats.path, 'cache');
      assert.strictEqual(warm.index.search('PerturbDiff', { limit: 1 })[0]?.paper.id, perturbDiff.id);
    } finally {
      client.dispose();
    }
  });

  it('rebuilds through the worker when a source changed since the cache was written, and reports no problem', async () => {
    const client = new CorpusWorkerClient(WORKER);
    try {
      const request = { sources: ws.files.map((file) => ({ file })), settings: SETTINGS, cacheDir: ws.cacheDir };
      await (await client.load(request)).cacheWritten;
      const changed = ws.files[1];
      fs.writeFileSync(changed, fs.readFileSync(changed, 'utf8').replace('PerturbDiff: Functional Diffusion', 'PerturbDiff: Functional Flow Matching'));
      const after = await client.load(request);
      assert.strictEqual(after.stats.path, 'worker');
      assert.strictEqual(after.stats.reparsedFiles, 1);
      assert.deepStrictEqual(after.stats.cacheProblems, []);
      const titles = after.corpus.papers.map((p) => p.title);
      assert.ok(titles.includes('PerturbDiff: Functional Flow Matching for Single-Cell Perturbation Modeling'));
      assert.ok(!titles.includes(PERTURB_DIFF));
      assert.strictEqual(titles.length, 96);
    } finally {
      client.dispose();
    }
  });

  it('checks each section on a warm start and rebuilds through the worker when one is corrupt', async () => {
    const client = new CorpusWorkerClient(WORKER);
    try {
      const request = { sources: ws.files.map((file) => ({ file })), settings: SETTINGS, cacheDir: ws.cacheDir };
      const cold = await client.load(request);
      await cold.cacheWritten;
      const snapshotFile = path.join(ws.cacheDir, SNAPSHOT_FILE);
      corrupt(snapshotFile, () => sectionOffset(snapshotFile, 'text.0.narrow') + 10);
      const after = await client.load(request);
      assert.strictEqual(after.stats.fromCache, false);
      assert.strictEqual(after.stats.path, 'worker');
      assert.strictEqual(after.stats.reparsedFiles, 0);
      assert.match(after.stats.cacheProblems.join('\n'), /snapshot: section text\.0\.narrow: checksum mismatch; rebuilt from the sources/);
      assert.deepStrictEqual(plainCorpus(after.corpus), plainCorpus(cold.corpus));
      await after.cacheWritten;
      const again = await client.load(request);
      assert.strictEqual(again.stats.path, 'cache');
    } finally {
      client.dispose();
    }
  });
});

describe('a worker that fails after sending the papers', () => {
  it('rejects the load with the worker\'s message and leaves no unhandled rejection behind', async () => {
    const ws = workspace();
    const script = path.join(ws.dir, 'failing-worker.js');
    // The real loader sends the papers, and at once the worker reports an error instead of the rest.
    fs.writeFileSync(
      script,
      `const { parentPort } = require('worker_threads');
const { loadCorpus } = require(${JSON.stringify(path.join(__dirname, '..', '..', 'src', 'node', 'corpusLoader.js'))});
parentPort.on('message', (message) => {
  if (message.type !== 'load') return;
  loadCorpus(message.request, {
    onPapers: (bytes) => {
      parentPort.postMessage({ type: 'papers', bytes });
      parentPort.postMessage({ type: 'error', message: 'indexing failed 5c1d' });
    },
  });
});`,
    );
    const client = new CorpusWorkerClient(script);
    try {
      // User topics keep the whole load in one worker, the one this script replaces.
      const settings = { ...SETTINGS, userTopics: [{ name: 'Perturbation', query: 'perturbation' }] };
      await rejectsLeavingNoUnhandledRejection(() => client.load({ sources: ws.files.map((file) => ({ file })), settings }, { sliceMs: 0 }), /corpus worker: indexing failed 5c1d/);
    } finally {
      client.dispose();
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  });
});

describe('a snapshot sent in two parts', () => {
  it('hands over the papers before topics and index exist, and the two parts decode to the cached whole', () => {
    const ws = workspace();
    try {
      const sent: Uint8Array[] = [];
      const outcome = loadCorpus({ sources: ws.files.map((file) => ({ file })), settings: SETTINGS, cacheDir: ws.cacheDir }, { onPapers: (bytes) => sent.push(bytes) });
      assert.strictEqual(sent.length, 1);
      assert.strictEqual(outcome.staged, true);

      const staged = new SnapshotDecoder(unpackSent(sent[0], 'papers'), true);
      assert.strictEqual(staged.step(Infinity), false, 'not done without topics and index');
      assert.strictEqual(staged.waitingForPart, true);
      staged.addPart(unpackSent(outcome.snapshot, 'shelf'));
      assert.strictEqual(staged.waitingForPart, false);
      assert.strictEqual(staged.step(Infinity), true);

      assert.strictEqual(outcome.writeCache().written, true);
      assertSameAsCachedWhole(staged.result(), ws);
    } finally {
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  });

  it('refuses a topics-and-index part made for a different number of papers', () => {
    const ws = workspace();
    try {
      const sent: Uint8Array[] = [];
      loadCorpus({ sources: ws.files.slice(0, 2).map((file) => ({ file })), settings: SETTINGS }, { onPapers: (bytes) => sent.push(bytes) });
      const other = loadCorpus({ sources: ws.files.map((file) => ({ file })), settings: SETTINGS }, { onPapers: () => undefined });
      const decoder = new SnapshotDecoder(unpackSent(sent[0], 'papers'), true);
      decoder.step(Infinity);
      assert.throws(() => decoder.addPart(unpackSent(other.snapshot, 'shelf')), /malformed shelf header/);
    } finally {
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  });
});

describe('a snapshot made by two threads', () => {
  it('decodes papers and index from the thread that parsed, topics from the one that clustered what it was sent, to the cached whole the first writes', () => {
    const ws = workspace();
    try {
      const request = { sources: ws.files.map((file) => ({ file })), settings: SETTINGS, cacheDir: ws.cacheDir };
      const messages: TopicsMessage[] = [];
      const papersPart = loadPapersPart(request, (message) => messages.push(message));
      assert.deepStrictEqual(messages.map((message) => message.kind), ['papers'], 'what clustering needs is sent once, and no sample below 20,000 papers');
      assert.ok(papersPart.bytes.buffer instanceof SharedArrayBuffer, 'the papers part is made in shared memory');
      assert.ok(messages[0].input.blocks.every((block) => block.narrow.buffer === papersPart.bytes.buffer && block.wideText.buffer === papersPart.bytes.buffer), 'the clustering thread reads titles and abstracts in place');
      assert.ok(!topicsMessageBuffers(messages[0]).includes(papersPart.bytes.buffer as unknown as ArrayBuffer), 'shared memory is not in the transfer list');
      assert.strictEqual(papersPart.distinctIds, true, 'merged papers share no id');
      const indexPart = buildIndexPart(papersPart.papers, papersPart.distinctIds);
      assert.deepStrictEqual(indexPart.bytes, buildIndexPart(papersPart.papers).bytes, 'the same part as from an index that can search');
      assert.ok(indexPart.bytes.buffer instanceof SharedArrayBuffer, 'the index part is made in shared memory: the thread that built it writes the cache from it, and nothing sends it back');
      const clustered = clusterPapers(request, messages[0].input);
      const shelf = unpackSent(clustered.bytes, 'shelf');
      assert.strictEqual(shelf.has('index'), false, 'the clustering thread leaves the index to the other');

      // The index part first, as when the indexing worker finishes first: decoded before the topics come.
      const decoder = new SnapshotDecoder(unpackSent(papersPart.bytes, 'papers'), true);
      assert.strictEqual(decoder.step(Infinity), false);
      decoder.addPart(unpackSent(indexPart.bytes, 'index'));
      assert.strictEqual(decoder.step(Infinity), false);
      assert.strictEqual(decoder.waitingForPart, true);
      const early = decoder.decodedIndex;
      assert.notStrictEqual(early, undefined, 'the index is decoded while the topics are awaited');
      decoder.addPart(shelf);
      assert.strictEqual(decoder.step(Infinity), true);
      assert.strictEqual(decoder.result().index, early);

      assert.strictEqual(papersPart.writeCache(clustered.bytes.slice(), indexPart.bytes.slice()).written, true);
      assertSameAsCachedWhole(decoder.result(), ws);
      // Parses and model the thread that parsed wrote serve a load that cannot use the snapshot: nothing parsed again, same topics.
      const again = loadCorpus({ ...request, ignoreSnapshot: true });
      assert.deepStrictEqual(again.cacheProblems, []);
      assert.strictEqual(again.reparsedFiles, 0);
      const reloaded = new SnapshotDecoder(unpackContainer(again.snapshot, 'snapshot', crc32, true));
      assert.strictEqual(reloaded.step(Infinity), true);
      assert.deepStrictEqual(new Map(reloaded.result().topics.topicOf), new Map(decoder.result().topics.topicOf));
      assert.deepStrictEqual(
        reloaded.result().topics.topics.map((topic) => topic.label),
        decoder.result().topics.topics.map((topic) => topic.label),
      );
    } finally {
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  });

  it('fits a large corpus\'s topics on the sample sent ahead, to the same topics part as a fit on all the papers', function () {
    this.timeout(120000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paper-shelf-large-'));
    try {
      writeCorpus({ papers: 21000, seed: 5 }, dir);
      const request = { sources: listCorpusFiles([dir]).files.map((file) => ({ file })), settings: SETTINGS };
      const messages: TopicsMessage[] = [];
      const papersPart = loadPapersPart(request, (message) => messages.push(message));
      assert.deepStrictEqual(messages.map((message) => message.kind), ['sample', 'papers']);
      const [sample, all] = messages as [Extract<TopicsMessage, { kind: 'sample' }>, Extract<TopicsMessage, { kind: 'papers' }>];
      assert.deepStrictEqual([sample.input.papers, sample.total, sample.clusterable], [5000, papersPart.papers.length, papersPart.papers.length]);
      assert.ok(papersPart.papers.length > 20000, `${papersPart.papers.length} papers`);

      const ahead = new TopicsClusterer(request);
      ahead.fitSample(sample);
      const fitAhead = ahead.finish(all.input);
      assert.ok(Buffer.from(fitAhead.bytes).equals(Buffer.from(clusterPapers(request, all.input).bytes)), 'the same topics part as a fit on all the papers');
      assert.deepStrictEqual(fitAhead.cacheProblems, [], 'nothing to report: the fit sent ahead was used');
      // A sample chosen without the pin this clusterer is asked to honour: its fit is not used, and the log says so.
      const pinned = unpackTopicsInput(sample.input).papers[0].id;
      const mismatched = new TopicsClusterer({ ...request, settings: { ...SETTINGS, pins: { [pinned]: 'Reading list' } } });
      mismatched.fitSample(sample);
      assert.deepStrictEqual(mismatched.finish(all.input).cacheProblems, ['topics: the model fitted on the sample sent ahead was not of these papers; fitted again on them']);

      // The fit sent ahead is what finish uses: a doctored one, which no paper resembles enough, sends all to Other.
      const doctored = new TopicsClusterer(request);
      doctored.fitSample(sample);
      const fit = (doctored as unknown as { fit: { model: { minSimilarity: number } } }).fit;
      fit.model.minSimilarity = 2;
      const decoder = new SnapshotDecoder(unpackSent(papersPart.bytes, 'papers'), true);
      decoder.addPart(unpackSent(doctored.finish(all.input).bytes, 'shelf'));
      decoder.addPart(unpackSent(buildIndexPart(papersPart.papers).bytes, 'index'));
      assert.strictEqual(decoder.step(Infinity), true);
      assert.deepStrictEqual(decoder.result().topics.topics.map((topic) => [topic.id, topic.paperIds.length]), [['other', papersPart.papers.length]]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stores each author name, file and date once, and the papers name them by position', () => {
    const source = (file: string, pageDate: string | null) => [{ file, format: 'hf-daily-papers' as const, line: 1, pageDate }];
    const papers = [
      paper('a1', { authors: ['Ada Lovelace', 'Charles Babbage'], date: '2024-01-02', sources: source('p1.txt', '2024-01-02') }),
      paper('b2', { authors: ['Ada Lovelace'], date: '2024-01-03', sources: source('p1.txt', '2024-01-02') }),
      paper('c3', { authors: ['Charles Babbage', 'Mary Somerville'], date: null, sources: source('p2.txt', null) }),
      paper('d4', { authors: [], date: '2024-01-02', sources: source('p1.txt', '2024-01-02') }),
    ];
    const sections = papersSections({ papers, diagnostics: [], extras: new Map() });
    const bytes = packContainer('snapshot', { fingerprint: 'f', papers: papers.length, chunks: sections.chunks }, sections.sections, crc32);
    const container = unpackContainer(bytes, 'snapshot', crc32, true);
    const table = (of: typeof container, name: string): unknown => JSON.parse(Buffer.from(of.section(name)).toString('utf8'));
    assert.deepStrictEqual(table(container, 'names.0'), ['Ada Lovelace', 'Charles Babbage', 'Mary Somerville']);
    assert.deepStrictEqual(table(container, 'files'), ['p1.txt', 'p2.txt']);
    assert.deepStrictEqual(table(container, 'dates'), ['2024-01-02', '2024-01-03']);
    assert.deepStrictEqual([...new Int32Array(Uint8Array.from(container.section('authors.0')).buffer)], [0, 1, 0, 1, 2]);
    const decoder = new SnapshotDecoder(container, true);
    decoder.step(Infinity);
    assert.deepStrictEqual(decoder.decodedPapers.map(plainPaper), papers);

    // A later chunk brings only the names it is the first to use.
    const many = Array.from({ length: 1500 }, (_, i) => paper(`p${i}`, { authors: i === 1200 ? ['Mary Somerville', 'Emmy Noether'] : ['Ada Lovelace', 'Mary Somerville'] }));
    const chunked = packContainer('snapshot', { fingerprint: 'f', papers: many.length, chunks: 2 }, papersSections({ papers: many, diagnostics: [], extras: new Map() }).sections, crc32);
    const chunkedContainer = unpackContainer(chunked, 'snapshot', crc32, true);
    assert.deepStrictEqual([table(chunkedContainer, 'names.0'), table(chunkedContainer, 'names.1')], [['Ada Lovelace', 'Mary Somerville'], ['Emmy Noether']]);
    const chunkedDecoder = new SnapshotDecoder(chunkedContainer, true);
    chunkedDecoder.step(Infinity);
    assert.deepStrictEqual(chunkedDecoder.decodedPapers.map(plainPaper), many);
  });

  it('copies the text blocks for the clustering thread when the papers part is not in shared memory, so sending them leaves the part whole', () => {
    const papers = [paper('a1', { title: 'Plain title', abstract: 'Plain abstract.' }), paper('b2', { title: 'Ünïcode – title', abstract: 'Another.' })];
    const sections = papersSections({ papers, diagnostics: [], extras: new Map() });
    const part = packContainer('snapshot', { fingerprint: 'f', papers: 2, chunks: sections.chunks }, sections.sections, UNCHECKED);
    const input = topicsInputOfPart(papers, sections, part, 'f');
    assert.ok(!topicsInputBuffers(input).includes(part.buffer as ArrayBuffer), 'the part itself is not transferred');
    assert.deepStrictEqual(topicPapersOf(input), papers.map(({ id, title, abstract }) => ({ id, title, abstract })));
    const shared = packContainer('snapshot', { fingerprint: 'f', papers: 2, chunks: sections.chunks }, papersSections({ papers, diagnostics: [], extras: new Map() }).sections, UNCHECKED, sharedBytes);
    assert.deepStrictEqual(Uint8Array.from(shared), part, 'the same bytes in shared memory');
  });

  it('sends the clustering thread every paper\'s id, title and abstract exactly, whatever their characters', () => {
    const special = [
      paper('a1', { title: 'Plain title', abstract: 'Plain abstract.' }),
      paper('b2', { title: 'Ünïcode – “quotes” and 𝔸 beyond the first plane', abstract: '' }),
      paper('c3', { title: 'Café', abstract: 'Latin-1 é, then a lone surrogate \ud800 kept as it is.' }),
    ];
    const small = packTopicsInput([...special, paper('ü4', { title: 'Id beyond ASCII', abstract: 'Still Latin-1.' })], 'f-7a1c');
    assert.strictEqual(small.fingerprint, 'f-7a1c');
    assert.deepStrictEqual([...small.wide], [0, 0, 1, 0, 0, 1, 0, 0], 'only texts beyond Latin-1 are stored two bytes a character');
    assert.deepStrictEqual([...small.ids.wide], [0, 0, 0, 0]);
    assert.deepStrictEqual(topicPapersOf(small), [...special, paper('ü4', { title: 'Id beyond ASCII', abstract: 'Still Latin-1.' })].map(({ id, title, abstract }) => ({ id, title, abstract })));
    // The start of an abstract, read alone: code units as `slice` counts them, from one-byte and two-byte texts.
    const astral = packTopicsInput([paper('d5', { title: 'Astral', abstract: 'ab𝔸cd, then more.' }), ...special], 'f-astral');
    assert.deepStrictEqual(
      unpackTopicsInput(astral).papers.map((p) => [p.abstractOpening!(3), p.abstractOpening!(6), p.abstractOpening!(1000)]),
      [['ab\ud835', 'ab𝔸cd', 'ab𝔸cd, then more.'], ['Pla', 'Plain ', 'Plain abstract.'], ['', '', ''], ['Lat', 'Latin-', 'Latin-1 é, then a lone surrogate \ud800 kept as it is.']],
    );
    assert.deepStrictEqual(unpackTopicsInput(packTopicsInput([], 'empty')), { papers: [] });
    // 2,500 papers: three blocks of texts, the special ones in the last, which is shorter.
    const many = [...Array.from({ length: 2497 }, (_, i) => paper(`p${i}`, { title: `Title ${i}`, abstract: `Abstract number ${i}.` })), ...special];
    const input = packTopicsInput(many, 'f-many');
    assert.strictEqual(input.blocks.length, 3);
    assert.deepStrictEqual(topicPapersOf(input), many.map(({ id, title, abstract }) => ({ id, title, abstract })));
  });

  it('refuses topics input that is malformed or whose texts do not add up to its lengths', () => {
    const input = packTopicsInput([paper('a1', { title: 'Title', abstract: 'Abstract' })], 'f');
    assert.throws(() => unpackTopicsInput({ ...input, lengths: Uint32Array.from([5, 9]) }), /malformed topics input texts/);
    assert.throws(() => unpackTopicsInput({ ...input, ids: { ...input.ids, lengths: Uint32Array.from([3]) } }), /malformed topics input ids/);
    assert.throws(() => unpackTopicsInput({ ...input, papers: 2 }), /malformed topics input lengths/);
    assert.throws(() => unpackTopicsInput({ ...input, papers: 1001 }), /malformed topics input header/);
    assert.throws(() => unpackTopicsInput({ ...input, wide: Uint8Array.from([0, 2]) }), /malformed topics input lengths/);
    assert.throws(() => unpackTopicsInput({ ...input, blocks: [{ narrow: input.blocks[0].narrow } as TopicsInput['blocks'][number]] }), /malformed topics input texts/);
    assert.throws(() => unpackTopicsInput({ ...input, fingerprint: 7 as unknown as string }), /malformed topics input header/);
  });

  it('refuses a topics part whose fingerprint is not the papers\', though their count matches', () => {
    const ws = workspace();
    try {
      const request = { sources: ws.files.map((file) => ({ file })), settings: SETTINGS };
      const papersPart = loadPapersPart(request, () => undefined);
      const clustered = clusterPapers(request, packTopicsInput(papersPart.papers, 'another fingerprint'));
      const decoder = new SnapshotDecoder(unpackSent(papersPart.bytes, 'papers'), true);
      decoder.step(Infinity);
      assert.throws(() => decoder.addPart(unpackSent(clustered.bytes, 'shelf')), /malformed shelf header/);
    } finally {
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  });

  it('opens each source once when no earlier parse can be reused, signing it from the bytes it parses, to the same cache files as signing first', () => {
    const ws = workspace();
    // The module object itself: the loader looks `openSync` up on it at each call.
    const nodeFs = require('fs') as typeof fs;
    const openSync = nodeFs.openSync;
    const opened: string[] = [];
    try {
      // A source that cannot be read is signed, and reported, as when signed first.
      const sources = [...ws.files, path.join(ws.dir, 'papers', 'missing.txt')].map((file) => ({ file }));
      const request = { sources, settings: SETTINGS, cacheDir: ws.cacheDir };
      const cacheFiles = (): Map<string, Buffer> => new Map(fs.readdirSync(ws.cacheDir).sort().map((name) => [name, fs.readFileSync(path.join(ws.cacheDir, name))]));
      nodeFs.openSync = ((file: fs.PathLike, ...rest: unknown[]) => {
        opened.push(String(file));
        return (openSync as (...args: unknown[]) => number)(file, ...rest);
      }) as typeof fs.openSync;
      const messages: TopicsMessage[] = [];
      const papersPart = loadPapersPart(request, (message) => messages.push(message));
      nodeFs.openSync = openSync;
      assert.deepStrictEqual(
        opened.filter((file) => !file.startsWith(ws.cacheDir)),
        sources.map((source) => source.file),
        'each source opened once, in order',
      );
      assert.strictEqual(papersPart.timings.signaturesMs < papersPart.timings.parseMs, true);
      const clustered = clusterPapers(request, messages[0].input);
      assert.strictEqual(papersPart.writeCache(clustered.bytes, buildIndexPart(papersPart.papers).bytes).written, true);
      const signedWhileRead = cacheFiles();
      fs.rmSync(ws.cacheDir, { recursive: true, force: true });
      const signedFirst = loadCorpus(request);
      assert.strictEqual(signedFirst.writeCache().written, true);
      const fromOne = cacheFiles();
      assert.deepStrictEqual([...signedWhileRead.keys()], [...fromOne.keys()]);
      for (const [name, bytes] of signedWhileRead) assert.ok(bytes.equals(fromOne.get(name)!), `${name} differs`);
      const manifest = JSON.parse(fs.readFileSync(path.join(ws.cacheDir, MANIFEST_FILE), 'utf8')) as { files: { file: string }[]; fingerprint: string };
      assert.deepStrictEqual(manifest.files.map((entry) => entry.file), ws.files, 'the file that cannot be read has no parse filed');
      assert.match(manifest.fingerprint, /^incomplete-/);

      // With the manifest those parses are filed under, the sources are signed first, and none is read again.
      opened.length = 0;
      nodeFs.openSync = ((file: fs.PathLike, ...rest: unknown[]) => {
        opened.push(String(file));
        return (openSync as (...args: unknown[]) => number)(file, ...rest);
      }) as typeof fs.openSync;
      const again = loadPapersPart(request, () => undefined);
      nodeFs.openSync = openSync;
      assert.strictEqual(again.reparsedFiles, 1, 'only the file that cannot be read, which has no parse to reuse');
      assert.deepStrictEqual(
        opened.filter((file) => !file.startsWith(ws.cacheDir)),
        sources.map((source) => source.file),
        'each source opened once, to sign it',
      );
    } finally {
      nodeFs.openSync = openSync;
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  });

  it('makes the papers part in the memory the clustering thread readied when the part fills most of it, else in fresh shared memory', () => {
    const ws = workspace();
    try {
      const request = { sources: ws.files.map((file) => ({ file })), settings: SETTINGS };
      const memory = papersPartMemory(request)!;
      assert.ok(memory.buffer instanceof SharedArrayBuffer);
      assert.strictEqual(memory.length, ws.files.reduce((sum, file) => sum + fs.statSync(file).size, 0), 'the sources\' total size');
      const plain = loadPapersPart(request, () => undefined);
      const length = plain.bytes.length;
      const partIn = (offered: Uint8Array | undefined): Uint8Array => loadPapersPart(request, () => undefined, () => offered).bytes;
      for (const size of [length, Math.floor((4 * length) / 3)]) {
        const offered = new Uint8Array(new SharedArrayBuffer(size));
        const part = partIn(offered);
        assert.strictEqual(part.buffer, offered.buffer, `${size} bytes offered for a part of ${length}`);
        assert.deepStrictEqual(part, plain.bytes);
      }
      for (const offered of [new Uint8Array(new SharedArrayBuffer(length - 1)), new Uint8Array(new SharedArrayBuffer(Math.ceil((4 * length) / 3) + 4)), new Uint8Array(length + 8), undefined]) {
        const part = partIn(offered);
        assert.notStrictEqual(part.buffer, offered?.buffer, `${offered?.length} bytes offered for a part of ${length}`);
        assert.ok(part.buffer instanceof SharedArrayBuffer);
        assert.strictEqual(part.buffer.byteLength, length);
        assert.deepStrictEqual(part, plain.bytes);
      }
    } finally {
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  });

  it('writes, from two threads, the same cache files byte for byte as one thread does', () => {
    const ws = workspace();
    try {
      const request = { sources: ws.files.map((file) => ({ file })), settings: SETTINGS, cacheDir: ws.cacheDir };
      const cacheFiles = (): Map<string, Buffer> => new Map(fs.readdirSync(ws.cacheDir).sort().map((name) => [name, fs.readFileSync(path.join(ws.cacheDir, name))]));
      const messages: TopicsMessage[] = [];
      const papersPart = loadPapersPart(request, (message) => messages.push(message));
      const clustered = clusterPapers(request, messages[0].input);
      assert.strictEqual(papersPart.writeCache(clustered.bytes, buildIndexPart(papersPart.papers).bytes).written, true);
      const fromTwo = cacheFiles();
      fs.rmSync(ws.cacheDir, { recursive: true, force: true });
      assert.strictEqual(loadCorpus(request).writeCache().written, true);
      const fromOne = cacheFiles();
      assert.deepStrictEqual([...fromTwo.keys()], [...fromOne.keys()]);
      assert.ok(fromTwo.has(SNAPSHOT_FILE) && fromTwo.has('topics.bin') && fromTwo.has(MANIFEST_FILE) && fromTwo.size === 3 + ws.files.length);
      for (const [name, bytes] of fromTwo) assert.ok(bytes.equals(fromOne.get(name)!), `${name} differs`);

      // Without shared memory the papers part is transferred to the main thread when sent: its sections are encoded again.
      fs.rmSync(ws.cacheDir, { recursive: true, force: true });
      const shared = globalThis.SharedArrayBuffer;
      let unshared: ReturnType<typeof loadPapersPart>;
      try {
        (globalThis as { SharedArrayBuffer?: unknown }).SharedArrayBuffer = undefined;
        unshared = loadPapersPart(request, () => undefined);
      } finally {
        globalThis.SharedArrayBuffer = shared;
      }
      assert.ok(!(unshared.bytes.buffer instanceof SharedArrayBuffer));
      structuredClone(unshared.bytes.buffer, { transfer: [unshared.bytes.buffer as ArrayBuffer] });
      assert.strictEqual(unshared.bytes.byteLength, 0, 'the part was transferred away');
      assert.strictEqual(unshared.writeCache(clustered.bytes, buildIndexPart(unshared.papers).bytes).written, true);
      const fromUnshared = cacheFiles();
      assert.deepStrictEqual([...fromUnshared.keys()], [...fromOne.keys()]);
      for (const [name, bytes] of fromUnshared) assert.ok(bytes.equals(fromOne.get(name)!), `${name} differs without shared memory`);
    } finally {
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  });

  it('rejects the load with the clustering worker\'s message, stops both workers, and leaves no unhandled rejection', async () => {
    const ws = workspace();
    // The one that clusters fails once it has the papers.
    const script = interceptingWorker(
      ws.dir,
      'failing-cluster-worker.js',
      `  if (message.type === 'cluster') return message.papersPort.once('message', () => parentPort.postMessage({ type: 'error', message: 'clustering failed 9b4e' }));`,
    );
    const client = new CorpusWorkerClient(script);
    try {
      const request = { sources: ws.files.map((file) => ({ file })), settings: SETTINGS, cacheDir: ws.cacheDir };
      await rejectsLeavingNoUnhandledRejection(() => client.load(request, { sliceMs: 0 }), /corpus worker: clustering failed 9b4e/);
      assert.strictEqual(runningWorkers(client), 0, 'both workers are stopped');
    } finally {
      client.dispose();
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  });

  it('rejects the load as soon as the clustering worker fails, without waiting for papers that may never come', async function () {
    this.timeout(20_000);
    const ws = workspace();
    // The worker that parses never answers; the one that clusters fails at once.
    const script = interceptingWorker(
      ws.dir,
      'early-failing-cluster-worker.js',
      `  if (message.type === 'papers') return;
  if (message.type === 'cluster') return parentPort.postMessage({ type: 'error', message: 'clustering failed 41c7' });`,
    );
    const client = new CorpusWorkerClient(script);
    try {
      const request = { sources: ws.files.map((file) => ({ file })), settings: SETTINGS, cacheDir: ws.cacheDir };
      await rejectsLeavingNoUnhandledRejection(() => client.load(request), /corpus worker: clustering failed 41c7/);
      assert.strictEqual(runningWorkers(client), 0, 'both workers are stopped');
    } finally {
      client.dispose();
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  });
});

describe('a snapshot file decoded while it is read', () => {
  it('decodes each chunk once its sections are in, never earlier, to the same result as the whole file', () => {
    const ws = workspace();
    try {
      primed(ws);
      const whole = fs.readFileSync(path.join(ws.cacheDir, SNAPSHOT_FILE));
      const reference = new SnapshotDecoder(unpackContainer(whole, 'snapshot', crc32, true));
      assert.strictEqual(reference.step(Infinity), true);

      // The buffer a read fills from the start; 'lazy' checksums fail for any section read before it is in.
      const arriving = new Uint8Array(whole.length);
      let loaded = 0;
      const arrive = (end: number): void => {
        arriving.set(whole.subarray(loaded, end), loaded);
        loaded = end;
      };
      arrive(4096);
      const container = unpackContainer(arriving, 'snapshot', crc32, 'lazy');
      const endOf = (needs: readonly string[] | 'all'): number => (needs === 'all' ? whole.length : Math.max(...needs.map((name) => container.sectionEnd!(name))));
      assert.ok(endOf(SnapshotDecoder.tableSections) < whole.length / 4, 'the tables a decoder starts with lie near the start');
      arrive(Math.max(loaded, endOf(SnapshotDecoder.tableSections)));
      const decoder = new SnapshotDecoder(container);
      let waits = 0;
      while (!decoder.step(Infinity, (needs) => endOf(needs) <= loaded)) {
        const needs = decoder.nextNeeds!;
        assert.ok(endOf(needs) > loaded, 'a step stops only for sections not yet in');
        waits++;
        arrive(Math.min(whole.length, loaded + 1000));
      }
      assert.ok(waits > 10, `waited ${waits} times`);
      assert.deepStrictEqual(decoder.result(), reference.result());
    } finally {
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  });

  it('tells who waits for bytes when they arrive, and fails them all with the read\'s error', async () => {
    const file = new FileInProgress(new Uint8Array(100));
    const order: string[] = [];
    const first = file.until(40).then(() => order.push('40'));
    const second = file.until(90).then(() => order.push('90'));
    file.advance(50);
    await first;
    assert.deepStrictEqual(order, ['40']);
    await file.until(50);
    const failed = file.until(100);
    file.fail(new CacheError('truncated while read (60 of 100 bytes)'));
    await assert.rejects(second, /truncated while read/);
    await assert.rejects(failed, CacheError);
    await assert.rejects(file.until(70), /truncated while read/);
    assert.deepStrictEqual(order, ['40']);
  });
});

describe('a warm start from a cache file larger than one read', () => {
  it('decodes the snapshot while it is still being read, to the corpus, topics and index of the cold load', async function () {
    this.timeout(60000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paper-shelf-big-cache-'));
    const client = new CorpusWorkerClient(WORKER);
    try {
      writeCorpus({ papers: 6000, seed: 11 }, path.join(dir, 'papers'));
      const request = { sources: listCorpusFiles([path.join(dir, 'papers')]).files.map((file) => ({ file })), settings: SETTINGS, cacheDir: path.join(dir, 'cache') };
      const cold = await client.load(request);
      assert.strictEqual(cold.stats.workers, 2);
      assert.strictEqual((await cold.cacheWritten).written, true);
      const snapshotBytes = fs.statSync(path.join(dir, 'cache', SNAPSHOT_FILE)).size;
      assert.ok(snapshotBytes > 2 * 4 * 1024 * 1024, `the snapshot (${snapshotBytes} bytes) spans three or more 4 MiB reads`);

      const warm = await client.load(request, { sliceMs: 1 });
      assert.strictEqual(warm.stats.path, 'cache');
      assert.deepStrictEqual(warm.stats.cacheProblems, []);
      assert.deepStrictEqual(plainCorpus(warm.corpus), plainCorpus(cold.corpus));
      assert.deepStrictEqual(plainTopics(warm.topics), plainTopics(cold.topics));
      assert.deepStrictEqual(warm.index.toJSON(), cold.index.toJSON());
      const someTitle = cold.corpus.papers[4321].title;
      assert.strictEqual(warm.index.search(`"${someTitle}"`, { limit: 1 })[0]?.paper.title, someTitle);
    } finally {
      client.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a worker client disposed during a load', () => {
  /** Checks `condition` on every turn of the event loop until it holds. */
  async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it('rejects a load whose workers have not started, and starts none', async () => {
    const ws = workspace();
    const client = new CorpusWorkerClient(WORKER);
    try {
      const loading = client.load({ sources: ws.files.map((file) => ({ file })), settings: SETTINGS, cacheDir: ws.cacheDir });
      client.dispose();
      await assert.rejects(loading, /corpus worker client disposed/);
      assert.strictEqual(runningWorkers(client), 0);
    } finally {
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  });

  it('rejects a load on two workers in progress rather than loading again in one', async () => {
    const ws = workspace();
    const client = new CorpusWorkerClient(WORKER);
    try {
      const loading = client.load({ sources: ws.files.map((file) => ({ file })), settings: SETTINGS, cacheDir: ws.cacheDir });
      loading.catch(() => undefined);
      await until(() => runningWorkers(client) === 2, 'both workers');
      client.dispose();
      await assert.rejects(loading);
      assert.strictEqual(runningWorkers(client), 0);
      assert.strictEqual(fs.existsSync(path.join(ws.cacheDir, SNAPSHOT_FILE)), false, 'nothing loaded and cached after the dispose');
    } finally {
      fs.rmSync(ws.dir, { recursive: true, force: true });
    }
  });
});

describe('a parsing worker that fails', () => {
  type FailurePoint = 'before papers' | 'after the clustering input' | 'after papers';

  /** The real worker, except that the one that parses fails at `when`. */
  function failingParsingWorker(dir: string, when: FailurePoint): string {
    return interceptingWorker(
      dir,
      'failing-parsing-worker.js',
      `  if (message.type === 'papers' && ${JSON.stringify(when)} === 'before papers') throw new Error('out of memory 7e21');
  if (message.type === 'papers' && ${JSON.stringify(when)} === 'after the clustering input') {
    // The other worker gets what it needs and clusters; this one fails before the papers are sent here.
    const send = message.topicsPort.postMessage.bind(message.topicsPort);
    message.topicsPort.postMessage = (input, transfer) => {
      send(input, transfer);
      throw new Error('out of memory 7e21');
    };
  } else if (message.type === 'papers') {
    parentPort.postMessage = (reply, transfer) => {
      if (reply.type === 'index') return post({ type: 'error', message: 'out of memory 7e21' });
      return post(reply, transfer);
    };
  }`,
    );
  }

  for (const when of ['before papers', 'after the clustering input', 'after papers'] as FailurePoint[]) {
    it(`loads in one worker when the one that parses fails ${when}, and says so`, async () => {
      const ws = workspace();
      const client = new CorpusWorkerClient(failingParsingWorker(ws.dir, when));
      try {
        const request = { sources: ws.files.map((file) => ({ file })), settings: SETTINGS, cacheDir: ws.cacheDir };
        const cold = await client.load(request, { sliceMs: 0 });
        assert.strictEqual(cold.stats.workers, 1);
        assert.ok(cold.stats.cacheProblems.some((problem) => /papers worker.*out of memory 7e21.*loaded again in one worker/s.test(problem)), cold.stats.cacheProblems.join('; '));
        assert.strictEqual(cold.corpus.papers.length, 96);
        assert.strictEqual(cold.index.search('PerturbDiff', { limit: 1 })[0]?.paper.title, PERTURB_DIFF);
        assert.strictEqual((await cold.cacheWritten).written, true);
        const warm = await client.load(request);
        assert.strictEqual(warm.stats.path, 'cache');
        assert.deepStrictEqual(plainCorpus(warm.corpus), plainCorpus(cold.corpus));
      } finally {
        client.dispose();
        fs.rmSync(ws.dir, { recursive: true, force: true });
      }
    });
  }
});

describe('reading source files whole', () => {
  it('gives each file its exact bytes through one reused buffer, reads past the size the file had when opened, and gives undefined for one that cannot be read', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'paper-shelf-reader-test-'));
    try {
      const write = (name: string, text: string): string => {
        fs.writeFileSync(path.join(dir, name), text);
        return path.join(dir, name);
      };
      const reader = new WholeFileReader();
      const readText = (file: string): string | undefined => {
        const bytes = reader.read({ ref: { file } });
        return bytes && Buffer.from(bytes).toString('utf8');
      };
      const large = 'Daily Papers\n' + 'é word '.repeat(5000);
      const small = write('small.txt', 'Daily Papers\nshort page\n');
      assert.strictEqual(readText(write('large.txt', large)), large);
      assert.strictEqual(readText(small), 'Daily Papers\nshort page\n');
      assert.strictEqual(readText(path.join(dir, 'large.txt')), large);
      // The size fstat gives is only where reading starts: /proc says 0 for a file that has bytes, as a file growing while read would.
      assert.strictEqual(fs.statSync('/proc/self/cmdline').size, 0);
      assert.deepStrictEqual(Buffer.from(reader.read({ ref: { file: '/proc/self/cmdline' } })!), fs.readFileSync('/proc/self/cmdline'));
      assert.strictEqual(readText(path.join(dir, 'missing.txt')), undefined);
      assert.strictEqual(reader.read({ ref: { file: 'given.txt' }, bytes: new Uint8Array([65]) })?.[0], 65);
      assert.strictEqual(reader.read({ ref: { file: small }, unreadable: 'EACCES' }), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cache containers', () => {
  it('hold the same bytes whether a section is given or written into place, checked or not', () => {
    const texts = ['Plain', 'Ünïcode –', ''];
    const given: [string, Uint8Array][] = [['a', Uint8Array.from([1, 2, 3])], ['b', new TextEncoder().encode(texts.join('|'))]];
    const written: [string, SectionSource][] = [given[0], ['b', { length: given[1][1].length, write: (into) => into.set(given[1][1]) }]];
    for (const check of [UNCHECKED, crc32]) {
      const expected = packContainer('test', { n: 1 }, given, check);
      assert.deepStrictEqual(packContainer('test', { n: 1 }, written, check), expected);
      const shared = packContainer('test', { n: 1 }, written, check, sharedBytes);
      assert.ok(shared.buffer instanceof SharedArrayBuffer);
      assert.deepStrictEqual(Uint8Array.from(shared), expected);
      assert.deepStrictEqual(Uint8Array.from(unpackContainer(shared, 'test', check, true).section('b')), given[1][1]);
    }
  });

  it('refuse bytes that are not a cache, another version, or a wrong kind', () => {
    const bytes = packContainer('parsed', {}, [['result', new TextEncoder().encode('{}')]], crc32);
    assert.throws(() => unpackContainer(new TextEncoder().encode('hello world, not a cache'), 'parsed', crc32, true), CacheError);
    assert.throws(() => unpackContainer(bytes, 'snapshot', crc32, true), /not a snapshot cache file/);
    const otherVersion = bytes.slice();
    otherVersion[4] = 77;
    assert.throws(() => unpackContainer(otherVersion, 'parsed', crc32, true), new RegExp(`cache version 77, expected ${CACHE_VERSION}`));
  });

  it('keep a parse result only for the exact signature it was made from', () => {
    const source = new TextEncoder().encode('Daily Papers\n');
    const signature = signatureOfBytes(source, 42);
    const parsed = { signature, result: { entries: [], diagnostics: [{ file: 'a.txt', line: 0, message: 'The file is empty.', severity: 'warning' as const }] } };
    const bytes = encodeParsedFile('a.txt', parsed, crc32);
    assert.deepStrictEqual(decodeParsedFile(bytes, 'a.txt', signature, crc32), parsed);
    assert.throws(() => decodeParsedFile(bytes, 'a.txt', { ...signature, mtimeMs: 43 }, crc32), /stale parse result for a.txt/);
    assert.throws(() => decodeParsedFile(bytes, 'b.txt', signature, crc32), /malformed parse result header/);
  });

  it('reject a snapshot whose paper rows are malformed, or name authors and dates its tables lack, even with valid checksums', () => {
    const snapshotOf = (row: unknown[], authors: number[], texts = { lengths: [0, 0], narrow: '' }): Uint8Array =>
      packContainer(
        'snapshot',
        { fingerprint: 'f', papers: 1, chunks: 1 },
        [
          ['papers.0', new TextEncoder().encode(JSON.stringify([row]))],
          ['authors.0', new Uint8Array(Int32Array.from(authors).buffer)],
          ['files', new TextEncoder().encode('["a.txt"]')],
          ['names.0', new TextEncoder().encode('["Ada Lovelace", "Charles Babbage"]')],
          ['dates', new TextEncoder().encode('["2024-01-02"]')],
          ['textLengths', new Uint8Array(Uint32Array.from(texts.lengths).buffer)],
          ['textWide', new Uint8Array(2)],
          ['text.0.narrow', new TextEncoder().encode(texts.narrow)],
          ['text.0.wide', new Uint8Array(0)],
          ['diagnostics', new TextEncoder().encode('[]')],
          ['extras', new TextEncoder().encode('[]')],
        ],
        crc32,
      );
    const decode = (row: unknown[], authors: number[] = [], texts?: { lengths: number[]; narrow: string }): Paper[] => {
      const decoder = new SnapshotDecoder(unpackContainer(snapshotOf(row, authors, texts), 'snapshot', crc32, true), true);
      decoder.step(Infinity);
      return [...decoder.decodedPapers];
    };
    const row = ['id', 'key', 2, 0, 2, null, 0, null, [[0, 0, 3, -1]]];
    assert.deepStrictEqual(decode(row, [1, 0]).map((p) => [p.authors, p.date, p.sources]), [
      [['Charles Babbage', 'Ada Lovelace'], '2024-01-02', [{ file: 'a.txt', format: 'hf-daily-papers', line: 3, pageDate: null }]],
    ]);
    assert.throws(() => decode(['id', 'key', 42]), /malformed paper 0/);
    assert.throws(() => decode(row, [1]), /malformed authors of paper 0/, 'fewer positions than the row counts');
    assert.throws(() => decode(row, [1, 0, 1]), /malformed authors of papers chunk 0/, 'more positions than the rows count');
    assert.throws(() => decode(row, [1, 2]), /malformed authors of paper 0/, 'a position past the name table');
    assert.throws(() => decode(['id', 'key', ['Ada Lovelace'], 0, 1, null, 0, null, []], [0]), /malformed paper 0/);
    assert.throws(() => decode(['id', 'key', 0, 0, 1, null, 1, null, []]), /malformed paper 0/, 'a date past the date table');
    assert.throws(() => decode(['id', 'key', 0, 0, 1, null, '2024-01-02', null, []]), /malformed paper 0/);
    // Title and abstract lengths must fill the chunk's text block exactly.
    assert.deepStrictEqual(decode(row, [1, 0], { lengths: [5, 8], narrow: 'TitleAbstract' }).map((p) => [p.title, p.abstract]), [['Title', 'Abstract']]);
    assert.throws(() => decode(row, [1, 0], { lengths: [5, 9], narrow: 'TitleAbstract' }), /malformed texts of paper 0/, 'an abstract past the block');
    assert.throws(() => decode(row, [1, 0], { lengths: [5, 7], narrow: 'TitleAbstract' }), /malformed texts of papers chunk 0/, 'a block longer than its texts');
    assert.throws(() => decode(['id', 'key', 0, 0, 1, null, -1, null, [[0, 0, 3, 5]]]), /malformed sources of paper 0/);
  });

  it('answer a paper\'s topic as the map they were made from does, papers that share an id (never in a merged corpus) included', () => {
    const papers = [paper('dup', { title: 'First sighting' }), paper('lone', { title: 'Alone' }), paper('dup', { title: 'Second sighting' }), paper('none', { title: 'No topic' })];
    const topic = (id: string, paperIds: string[]): Topic => ({ id, label: id, kind: 'auto', topTerms: [], paperIds });
    const topicOf = new Map([['dup', 't2'], ['lone', 't1']]);
    const topics = { model: {} as TopicModel, topicOf, topics: [topic('t1', ['lone']), topic('t2', ['dup'])] };
    const bytes = encodeSnapshot({ corpus: { papers, diagnostics: [], extras: new Map() }, topics, index: PaperIndex.build(papers).toJSON() }, { fingerprint: 'f' }, crc32);
    const decoder = new SnapshotDecoder(unpackContainer(bytes, 'snapshot', crc32, true));
    while (!decoder.step(Infinity));
    const decoded = decoder.result().topics.topicOf;
    assert.deepStrictEqual(['dup', 'lone', 'none', 'gone'].map((id) => [decoded.get(id), decoded.has(id)]), [['t2', true], ['t1', true], [undefined, false], [undefined, false]]);
    assert.strictEqual(decoded.size, 2);
    assert.deepStrictEqual([...decoded], [...topicOf]);
  });

  /** `idOrder` of papers with these ids, as plain values. */
  const ordered = (ids: string[]): { order: number[]; distinct: boolean } => {
    const { order, distinct } = idOrder(ids.map((id) => paper(id, {})));
    return { order: [...order], distinct };
  };

  it('list papers in id order as `<` compares ids, repeated ids in input order', () => {
    const ids = ['b', 'a', 'é', 'Z', 'a-1', '10', '9'];
    // Code-unit order: digits, upper case, lower case, then accented letters.
    assert.deepStrictEqual(ordered(ids), { order: [5, 6, 3, 1, 4, 0, 2], distinct: true });
    assert.deepStrictEqual(ordered(['b', 'a', 'b', 'a']), { order: [1, 3, 0, 2], distinct: false });
    assert.deepStrictEqual(ordered([]), { order: [], distinct: true });
    // The papers part says whether ids repeat, for hex ids and others alike.
    const distinct = (ids: string[]): boolean => papersSections({ papers: ids.map((id) => paper(id, {})), diagnostics: [], extras: new Map() }).distinctIds;
    assert.deepStrictEqual([distinct(ids), distinct(['b', 'a', 'b']), distinct(['00000000000000aa', '00000000000000ab']), distinct(['00000000000000aa', '00000000000000aa']), distinct([])], [true, false, true, false, true]);
  });

  it('orders hex ids as `<` compares them, those sharing their first half included', () => {
    const random = seededRandom(3);
    const hex = (digits: number) => Array.from({ length: digits }, () => '0123456789abcdef'[Math.floor(random() * 16)]).join('');
    const ids = Array.from({ length: 5000 }, () => hex(16));
    // Papers whose ids differ only in their second half, in both orders of input.
    ids.push('00000000ffffffff', '0000000000000001', 'abcdef0100000000', 'abcdef0000000002', 'abcdef0000000001');
    const byComparison = ids.map((_, i) => i).sort((a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0));
    assert.deepStrictEqual(ordered(ids), { order: byComparison, distinct: true });
    // A repeated id, or one that is not hex, is ordered by comparison, repeats in input order.
    assert.deepStrictEqual(ordered(['0000000000000002', '0000000000000001', '0000000000000002']), { order: [1, 0, 2], distinct: false });
    assert.deepStrictEqual(ordered(['000000000000000g', '0000000000000001']), { order: [1, 0], distinct: true });
  });

  it('read a manifest only when it is complete and of this version', () => {
    const manifest = { version: CACHE_VERSION, parseKey: 'year:2026', topicsKey: '{}', fingerprint: 'f', files: [{ file: 'a.txt', entry: 'abc.parsed', signature: { size: 1, mtimeMs: 2, hash: 'h' } }] };
    assert.deepStrictEqual(readManifest(JSON.stringify(manifest)), manifest);
    assert.strictEqual(readManifest(JSON.stringify({ ...manifest, version: CACHE_VERSION + 1 })), null);
    assert.strictEqual(readManifest(JSON.stringify({ ...manifest, files: [{ file: 'a.txt', entry: '../../etc/passwd', signature: { size: 1, mtimeMs: 2, hash: 'h' } }] })), null);
    assert.strictEqual(readManifest('{"version": 1,'), null);
  });
});
