/** Papers for unit tests: a record with defaults, and the merged corpus of the seed pages. */
import * as fs from 'fs';
import * as path from 'path';
import { buildCorpus } from '../../src/core/corpus';
import { parseText } from '../../src/core/parse';
import { plainPaper } from '../../src/core/storedPaper';
import type { Paper } from '../../src/core/types';

const SEEDS = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'seeds');
const TODAY = new Date('2026-11-22T12:00:00Z');

export function paper(id: string, fields: Partial<Paper>): Paper {
  return {
    id,
    citationKey: id,
    title: `Untitled ${id}`,
    authors: [],
    authorsTruncated: false,
    authorCount: null,
    organization: null,
    abstract: '',
    date: null,
    upvotes: null,
    sources: [],
    ...fields,
  };
}

export function seedPapers(): Paper[] {
  const results = fs
    .readdirSync(SEEDS)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => parseText(fs.readFileSync(path.join(SEEDS, name), 'utf8'), name, { today: TODAY }));
  return buildCorpus(results).papers;
}

/** `corpus` with plain papers: deepStrictEqual sees no abstract in a StoredPaper, which keeps it undecoded. */
export function plainCorpus<T extends { papers: readonly Paper[] }>(corpus: T): T {
  return { ...corpus, papers: corpus.papers.map(plainPaper) };
}

/** Topics with `topicOf` as a plain Map: a decoded snapshot's is a look-up of its own (StoredTopicOf), and deepStrictEqual compares Maps by their entries. */
export function plainTopics<T extends { topicOf: ReadonlyMap<string, string> }>(topics: T): Omit<T, 'topicOf'> & { topicOf: Map<string, string> } {
  return { ...topics, topicOf: new Map(topics.topicOf) };
}
