/**
 * The benchmark's queries on Fuse.js, for comparison with PaperIndex on the same corpus, same run.
 *
 *   node bench/build.js && node out/bench/compare-fuse.js --papers 10000 [--json] [--repeats 1] [--queries N]
 *
 * `--queries N` times only the first N queries (Fuse scans every paper per query, so at 100k the
 * whole list takes many minutes).
 *
 * Fuse is configured to search the same fields with the same weights as the index (title 4,
 * authors 3, abstract 1) and with ignoreLocation, since by default it scores matches past the
 * first 60 characters of a field as misses, which would skip almost every abstract.
 */
import Fuse from 'fuse.js';
import * as fs from 'fs';
import * as path from 'path';
import type { Paper } from '../src/core/types';
import { listCorpusFiles } from '../src/node/corpusFiles';
import { CorpusWorkerClient } from '../src/node/workerClient';
import { ensureCorpus } from './generate';
import { loadSearchQueries } from './lib/queries';

const REPO_ROOT = path.join(__dirname, '..', '..');
const RESULT_LIMIT = 50;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function timeEach(queries: readonly string[], repeats: number, run: (query: string) => unknown): number[] {
  const times: number[] = [];
  for (let r = 0; r < repeats; r++) {
    for (const query of queries) {
      const started = performance.now();
      run(query);
      times.push(performance.now() - started);
    }
  }
  return times;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let papersWanted = 1000;
  let repeats = 1;
  let json = false;
  let queryLimit = Infinity;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--papers') papersWanted = Number(argv[++i]);
    else if (argv[i] === '--repeats') repeats = Number(argv[++i]);
    else if (argv[i] === '--json') json = true;
    else if (argv[i] === '--queries') queryLimit = Number(argv[++i]);
    else throw new Error(`unknown option ${argv[i]}`);
  }
  const loadedQueries = loadSearchQueries();
  const queries = loadedQueries.queries.slice(0, queryLimit);
  const source = loadedQueries.source;
  const { dir } = ensureCorpus(papersWanted);
  const { files } = listCorpusFiles([dir]);
  const worker = path.join(REPO_ROOT, 'dist', 'worker.js');
  if (!fs.existsSync(worker)) throw new Error('dist/worker.js is missing: run npm run build first');
  const client = new CorpusWorkerClient(worker);
  const loaded = await client.load({ sources: files.map((file) => ({ file })), settings: {} });
  client.dispose();
  const papers: Paper[] = loaded.corpus.papers;

  let started = performance.now();
  const fuse = new Fuse(papers, {
    keys: [
      { name: 'title', weight: 4 },
      { name: 'authors', weight: 3 },
      { name: 'abstract', weight: 1 },
    ],
    ignoreLocation: true,
    threshold: 0.3,
    includeScore: true,
  });
  const fuseBuildMs = performance.now() - started;

  timeEach(queries.slice(0, 3), 1, (q) => loaded.index.search(q, { limit: RESULT_LIMIT }));
  const indexTimes = timeEach(queries, Math.max(repeats, 3), (q) => loaded.index.search(q, { limit: RESULT_LIMIT }));
  started = performance.now();
  const fuseTimes = timeEach(queries, repeats, (q) => fuse.search(q, { limit: RESULT_LIMIT }));
  const fuseTotalMs = performance.now() - started;

  const result = {
    papers: papers.length,
    queries: queries.length,
    querySource: source,
    fuseBuildMs: Math.round(fuseBuildMs),
    fuseP50Ms: Math.round(percentile(fuseTimes, 50) * 10) / 10,
    fuseP95Ms: Math.round(percentile(fuseTimes, 95) * 10) / 10,
    fuseTotalMs: Math.round(fuseTotalMs),
    indexP50Ms: Math.round(percentile(indexTimes, 50) * 100) / 100,
    indexP95Ms: Math.round(percentile(indexTimes, 95) * 100) / 100,
  };
  if (json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else for (const [key, value] of Object.entries(result)) process.stdout.write(`${key.padEnd(14)} ${value}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 2;
});
