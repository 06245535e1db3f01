/**
 * Automatic topics: TF-IDF over words and two-word phrases, average-linkage agglomeration
 * (over seeded spherical k-means micro-clusters of a sample when the corpus is large),
 * class-based TF-IDF labels. Pure and deterministic: papers are sorted by id first, every tie
 * is broken explicitly, and the only randomness is a seeded generator. Input and output are
 * plain data, so the whole call can run in a worker thread.
 */
import {
  buildVocabulary,
  featureName,
  newTokenTable,
  tokenizeDoc,
  tokenizeOpening,
  sublinearTf,
  type SparseVector,
  type TokenTable,
  type TokenizedDoc,
  type TermIndex,
  buildTermIndex,
  termIndexOfFeatures,
  termVector,
  countTerms,
  type Vocabulary,
} from './features';
import { averageLinkage } from './agglomerate';
import { centroidsOf, clusterSums, rowsOf, scoreAgainstRows, sphericalKMeans, usedTerms, type MatrixRows } from './kmeans';
import { chooseLabelParts, collectSurfaces, displayTerm, rankGroupTerms, type GroupTermStats, type RankedTerm } from './labels';
import type { WordMemo } from './text';
import { fnv1a32 } from '../normalize';
import type { ModelTopic, Topic, TopicAssignment, TopicKind, TopicModel, TopicOptions, TopicPaper } from './types';

export const OTHER_LABEL = 'Other';
export const OTHER_ID = 'other';
const LABEL_SEPARATOR = ' · ';
const DEFAULT_SEED = 20260122;
/** Fitting on a sample keeps 100k papers fast; the rest are assigned to the fitted centroids. */
const FIT_SAMPLE_LIMIT = 10000;
/**
 * Above this many papers, papers are ordered by id hash, so the fit sample (the smallest hashes)
 * is the first papers and barely changes when papers are added; only papers whose words are
 * counted (sample, label statistics) are read in full, every other paper is assigned by its title
 * and the opening of its abstract and not kept. Topics and labels hold on a 5,000-paper sample.
 */
const LARGE_CORPUS = 20000;
const LARGE_FIT_SAMPLE_LIMIT = 5000;
const ASSIGN_WORDS = 80;
/**
 * Code units of an abstract read for its first ASSIGN_WORDS words, which end about 600 in: 656 at most in the seed
 * pages, 695 in the generated 100k corpus. An abstract whose words run past it is read whole.
 */
const OPENING_LENGTH = 768;
const LARGE_STATS_SAMPLE = 120;
const LARGE_SURFACE_SAMPLE = 30;
const MAX_VOCABULARY = 30000;
const LARGE_MAX_VOCABULARY = 10000;
const CENTROID_TERMS = 250;
const MIN_SIMILARITY = 0.14;
/** A topic this many times its fair share of papers is split again. */
const OVERSIZED_SHARE = 2.5;
/** Agglomeration stops once this share of papers sits in topics of a useful size. */
const COVERAGE = 0.85;
const AGGLOMERATE_PAPERS = 600;
/** Average cosine between two groups above which they are one topic, whatever the count. */
const COHESIVE_SIMILARITY = 0.2;
const MICRO_CLUSTERS = 100;
const MICRO_FIT_PAPERS = 4000;
const MICRO_TERMS = 64;
const TOP_TERMS = 8;
const SURFACE_SAMPLE = 200;
const STATS_SAMPLE = 500;

/** A handful of topics for a hundred papers, a few dozen for a hundred thousand. */
export function chooseTopicCount(paperCount: number): number {
  if (paperCount < 8) return 1;
  return Math.max(2, Math.min(40, Math.round(2.2 * Math.cbrt(paperCount))));
}

export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');
}

/** An id's hash as an unsigned number: papers are sorted by it. */
function fnv1a(text: string): number {
  return fnv1a32(text) >>> 0;
}

interface Corpus {
  papers: TopicPaper[];
  table: TokenTable;
  /** Each paper's tokens, read in full; in a large corpus only for papers whose words are counted, on first use. */
  docs: (TokenizedDoc | undefined)[];
  large: boolean;
  /** Abstract words that represent a paper when it is assigned to a topic. */
  assignWords: number;
  statsSample: number;
  surfaceSample: number;
}

/** Sorted by id, the first of each id kept; ids sort natively (by code unit, as `<` compares), much faster than a comparator. */
function uniqueById(papers: readonly TopicPaper[]): TopicPaper[] {
  const firstOf = new Map<string, TopicPaper>();
  for (const paper of papers) if (!firstOf.has(paper.id)) firstOf.set(paper.id, paper);
  return [...firstOf.keys()].sort().map((id) => firstOf.get(id) as TopicPaper);
}

/** Doc indices below this pack with a 32-bit hash into one exactly representable number. */
const PACKED_INDEX_LIMIT = 2 ** 21;

/**
 * Ordered by id hash (equal hashes by id), the first of each id kept: as independent of input
 * order as sorting by id, without comparing 100k strings.
 */
function uniqueByHash<T extends Pick<TopicPaper, 'id'>>(papers: readonly T[]): { unique: T[]; hashes: Float64Array; positions: Int32Array } {
  // Hash and input position packed into one number sort natively in the same order as the pair.
  const packed = Float64Array.from(papers, (paper, index) => fnv1a(paper.id) * PACKED_INDEX_LIMIT + index).sort();
  const unique: T[] = [];
  const hashes = new Float64Array(packed.length);
  const positions = new Int32Array(packed.length);
  for (let start = 0; start < packed.length; ) {
    const hash = Math.floor(packed[start] / PACKED_INDEX_LIMIT);
    let end = start + 1;
    while (end < packed.length && Math.floor(packed[end] / PACKED_INDEX_LIMIT) === hash) end++;
    if (end - start === 1) {
      hashes[unique.length] = hash;
      positions[unique.length] = packed[start] % PACKED_INDEX_LIMIT;
      unique.push(papers[positions[unique.length]]);
    } else {
      // A stable sort keeps the first of equal ids first.
      const run = Array.from(packed.subarray(start, end), (key) => key % PACKED_INDEX_LIMIT).sort((a, b) => (papers[a].id < papers[b].id ? -1 : papers[a].id > papers[b].id ? 1 : 0));
      run.forEach((position, r) => {
        if (r > 0 && papers[position].id === papers[run[r - 1]].id) return;
        hashes[unique.length] = hash;
        positions[unique.length] = position;
        unique.push(papers[position]);
      });
    }
    start = end;
  }
  return { unique, hashes: hashes.subarray(0, unique.length), positions: positions.subarray(0, unique.length) };
}

/** Position of the paper with this id among papers ordered by {@link uniqueByHash}, found by its hash. */
function findByHash(papers: readonly Pick<TopicPaper, 'id'>[], hashes: Float64Array, id: string): number | undefined {
  const hash = fnv1a(id);
  let low = 0;
  let high = hashes.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (hashes[middle] < hash) low = middle + 1;
    else high = middle;
  }
  for (let i = low; i < hashes.length && hashes[i] === hash; i++) if (papers[i].id === id) return i;
  return undefined;
}

/** Reads every paper whole in a small corpus; a large one is read as needed. */
function tokenizeCorpus(sorted: TopicPaper[], large: boolean): Corpus {
  const table = newTokenTable();
  if (large) return { papers: sorted, table, docs: new Array(sorted.length), large, assignWords: ASSIGN_WORDS, statsSample: LARGE_STATS_SAMPLE, surfaceSample: LARGE_SURFACE_SAMPLE };
  const docs = sorted.map((paper) => tokenizeDoc(paper.title, paper.abstract ?? '', table));
  return { papers: sorted, table, docs, large, assignWords: Infinity, statsSample: STATS_SAMPLE, surfaceSample: SURFACE_SAMPLE };
}

function fullDoc(corpus: Corpus, docIndex: number): TokenizedDoc {
  const paper = corpus.papers[docIndex];
  return (corpus.docs[docIndex] ??= tokenizeDoc(paper.title, paper.abstract ?? '', corpus.table, corpus.assignWords));
}

/**
 * A paper's tokens as far as assignment reads them; those of a paper not kept are overwritten by the next call.
 * A paper that can give the start of its abstract alone is read from that, and read whole only when the start ends too soon.
 */
function assignmentDoc(corpus: Corpus, docIndex: number): TokenizedDoc {
  const kept = corpus.docs[docIndex];
  if (kept !== undefined) return kept;
  const paper = corpus.papers[docIndex];
  if (paper.abstractOpening !== undefined) {
    const opening = paper.abstractOpening(OPENING_LENGTH);
    const doc = tokenizeOpening(paper.title, opening, corpus.table, corpus.assignWords);
    if (doc.settled || opening.length < OPENING_LENGTH) return doc;
  }
  return tokenizeOpening(paper.title, paper.abstract ?? '', corpus.table, corpus.assignWords);
}

/** The model's terms as feature numbers of this run's token table. */
interface ModelIndex {
  terms: TermIndex;
  idf: Float64Array;
  /** The centroids' stored weights by term, each with its topic as the cluster. */
  rows: MatrixRows;
  k: number;
}

function indexModel(model: TopicModel, corpus: Corpus): ModelIndex {
  const k = model.topics.length;
  const termCount = model.vocabulary.length;
  const start = new Int32Array(termCount + 1);
  for (const topic of model.topics) for (const term of topic.terms) start[term + 1]++;
  for (let t = 0; t < termCount; t++) start[t + 1] += start[t];
  const fill = start.slice(0, termCount);
  const cluster = new Int32Array(start[termCount]);
  const weight = new Float64Array(start[termCount]);
  model.topics.forEach((topic, c) => {
    topic.terms.forEach((term, i) => {
      cluster[fill[term]] = c;
      weight[fill[term]++] = topic.weights[i];
    });
  });
  // Papers of a large corpus are read after this, so the model's words must be known before.
  return { terms: buildTermIndex(model.vocabulary, corpus.table, corpus.large), idf: Float64Array.from(model.idf), rows: { start, cluster, weight }, k };
}

/** Topic index per document (-1: Other), by nearest centroid above the model's similarity floor. */
function assignWithModel(model: TopicModel, index: ModelIndex, corpus: Corpus, which: number[], docOf: (paperId: string) => number | undefined): Int32Array {
  const result = new Int32Array(which.length).fill(-1);
  if (index.k === 0) return result;
  const scores = new Float64Array(index.k);
  const isOther = new Uint8Array(corpus.papers.length);
  for (const paperId of model.others) {
    const docIndex = docOf(paperId);
    if (docIndex !== undefined) isOther[docIndex] = 1;
  }
  const counts = new Float64Array(index.terms.size);
  const values = new Float64Array(index.terms.size);
  const touched: number[] = [];
  const { idf } = index;
  const { start, cluster, weight } = index.rows;
  which.forEach((docIndex, i) => {
    if (isOther[docIndex] === 1) return;
    const doc = assignmentDoc(corpus, docIndex);
    // The paper's unit TF-IDF vector (as termVector computes it), in reused buffers: 100k papers allocate nothing here.
    touched.length = 0;
    countTerms(doc, index.terms, counts, touched, doc.assignLength);
    if (touched.length === 0) return;
    let norm = 0;
    for (let j = 0; j < touched.length; j++) {
      const term = touched[j];
      values[j] = sublinearTf(counts[term]) * idf[term];
      norm += values[j] * values[j];
      counts[term] = 0;
    }
    norm = Math.sqrt(norm);
    scores.fill(0);
    // Centroids are sparse: most terms weigh in one or two topics, so score through the non-zero weights by term (as scoreAgainstRows).
    for (let j = 0; j < touched.length; j++) {
      const term = touched[j];
      const value = values[j] / norm;
      for (let p = start[term], end = start[term + 1]; p < end; p++) scores[cluster[p]] += value * weight[p];
    }
    let best = 0;
    for (let c = 1; c < index.k; c++) if (scores[c] > scores[best]) best = c;
    if (scores[best] >= model.minSimilarity) result[i] = best;
  });
  return result;
}

interface FittedTopics {
  vocabulary: string[];
  idf: number[];
  centroids: { terms: number[]; weights: number[] }[];
}

/** Keeps each centroid's heaviest terms so the stored model stays small; vocabulary is their union. */
function truncateCentroids(centroids: Float64Array, k: number, features: number[], idf: Float64Array, table: TokenTable): FittedTopics {
  const dimension = features.length;
  const perTopic: { term: number; weight: number }[][] = [];
  for (let c = 0; c < k; c++) {
    const entries: { term: number; weight: number }[] = [];
    for (let t = 0; t < dimension; t++) {
      const weight = centroids[t * k + c];
      if (weight > 0) entries.push({ term: t, weight });
    }
    entries.sort((a, b) => b.weight - a.weight || a.term - b.term);
    perTopic.push(entries.slice(0, CENTROID_TERMS));
  }
  const used = [...new Set(perTopic.flatMap((entries) => entries.map((entry) => entry.term)))].sort((a, b) => a - b);
  const position = new Map(used.map((term, index) => [term, index]));
  return {
    vocabulary: used.map((term) => featureName(features[term], table)),
    idf: used.map((term) => idf[term]),
    centroids: perTopic.map((entries) => {
      const norm = Math.sqrt(entries.reduce((sum, entry) => sum + entry.weight * entry.weight, 0));
      const sorted = [...entries].sort((a, b) => a.term - b.term);
      return { terms: sorted.map((entry) => position.get(entry.term) as number), weights: sorted.map((entry) => entry.weight / norm) };
    }),
  };
}

function vocabularyOptions(paperCount: number, large: boolean) {
  const minDf = paperCount < 20 ? 1 : paperCount < 2000 ? 2 : paperCount < 20000 ? 3 : 5;
  return { minDf, maxDfRatio: paperCount < 10 ? 1 : 0.5, maxTerms: large ? LARGE_MAX_VOCABULARY : MAX_VOCABULARY };
}

/** The papers with the smallest id hashes (ties by position), in corpus order: the same sample on every run. */
function fitSample(papers: TopicPaper[], candidates: number[], hashOrdered: boolean): number[] {
  const limit = papers.length > LARGE_CORPUS ? LARGE_FIT_SAMPLE_LIMIT : FIT_SAMPLE_LIMIT;
  if (candidates.length <= limit) return candidates;
  if (hashOrdered) return candidates.slice(0, limit);
  if (papers.length > PACKED_INDEX_LIMIT) {
    const keyed = candidates.map((docIndex) => ({ docIndex, hash: fnv1a(papers[docIndex].id) }));
    keyed.sort((a, b) => a.hash - b.hash || a.docIndex - b.docIndex);
    return keyed
      .slice(0, limit)
      .map((entry) => entry.docIndex)
      .sort((a, b) => a - b);
  }
  // Hash and position packed into one number sort natively in the same order as the pair.
  const packed = Float64Array.from(candidates, (docIndex) => fnv1a(papers[docIndex].id) * PACKED_INDEX_LIMIT + docIndex).sort();
  return Array.from(packed.subarray(0, limit), (key) => key % PACKED_INDEX_LIMIT).sort((a, b) => a - b);
}

/**
 * A stored model keeps papers in their topics across reloads, but one fitted on an empty workspace, or on
 * less than half the papers a fit would sample now, would send most papers to Other: those are fitted anew.
 */
function modelStillFits(model: TopicModel, clusterable: number, papers: number): boolean {
  const sample = Math.min(clusterable, papers > LARGE_CORPUS ? LARGE_FIT_SAMPLE_LIMIT : FIT_SAMPLE_LIMIT);
  return model.topics.length > 0 && 2 * model.fittedOn >= sample;
}

/** Fits centroids on the papers no user topic or pin claimed; labels are filled in later. */
function fitModel(corpus: Corpus, vocabulary: Vocabulary, clusterableCount: number, fitDocs: number[], options: TopicOptions): FitResult {
  const sample: number[] = [];
  const vectors: SparseVector[] = [];
  const termIndex = termIndexOfFeatures(vocabulary.features, corpus.table);
  const counts = new Float64Array(vocabulary.features.length);
  const touched: number[] = [];
  for (const docIndex of fitDocs) {
    const vector = termVector(fullDoc(corpus, docIndex), termIndex, vocabulary.idf, counts, touched);
    if (vector !== null) {
      sample.push(docIndex);
      vectors.push(vector);
    }
  }
  const empty: TopicModel = { version: 1, vocabulary: [], idf: [], topics: [], minSimilarity: MIN_SIMILARITY, fittedOn: sample.length, others: [] };
  if (vectors.length === 0) return { model: empty, minTopicSize: 1 };
  const n = vectors.length;
  const maxTopics = options.k ?? chooseTopicCount(clusterableCount);
  const dimension = vocabulary.features.length;
  const minTopicSize = Math.max(3, Math.floor((0.25 * n) / maxTopics));
  const seeds = microClusters(vectors, dimension, options.seed ?? DEFAULT_SEED);
  const { clusterOf } = averageLinkage(seeds.items, seeds.weights, dimension, shelved(maxTopics, minTopicSize, n));
  const roots = [...new Set(clusterOf)].sort((x, y) => x - y);
  const rootIndex = new Map(roots.map((root, index) => [root, index]));
  let clusters = roots.length;
  let assignment: Int32Array = Int32Array.from(seeds.itemOf, (item) => rootIndex.get(clusterOf[item]) as number);
  ({ assignment, clusters } = splitOversized(vectors, dimension, assignment, clusters, maxTopics, minTopicSize));
  const refined = refineMembership(vectors, assignment, clusters, dimension, minTopicSize);
  const centroids = centroidsOf(vectors, refined.assignment, dimension, refined.clusters);
  clusters = refined.clusters;
  const others = sample.filter((_, d) => refined.assignment[d] < 0).map((docIndex) => corpus.papers[docIndex].id);
  const fitted = truncateCentroids(centroids, clusters, vocabulary.features, vocabulary.idf, corpus.table);
  const model: TopicModel = {
    version: 1,
    vocabulary: fitted.vocabulary,
    idf: fitted.idf,
    topics: fitted.centroids.map((centroid) => ({ id: '', label: '', topTerms: [], ...centroid })),
    minSimilarity: MIN_SIMILARITY,
    fittedOn: n,
    others,
  };
  return { model, minTopicSize };
}

/**
 * Starting points for agglomeration: each paper when there are few, otherwise k-means
 * micro-clusters (as member-count-weighted sums), which keeps the quadratic step small.
 */
function microClusters(vectors: SparseVector[], dimension: number, seed: number): { items: SparseVector[]; weights: number[]; itemOf: Int32Array } {
  const n = vectors.length;
  if (n <= AGGLOMERATE_PAPERS) return { items: vectors, weights: vectors.map(() => 1), itemOf: Int32Array.from({ length: n }, (_, i) => i) };
  // At scale, micro-clusters come from a subsample of shortened vectors; every paper then joins its nearest one.
  const stride = Math.max(1, Math.ceil(n / MICRO_FIT_PAPERS));
  const shortened = vectors.map((vector) => strongestTerms(vector, MICRO_TERMS));
  const fitted = sphericalKMeans(
    shortened.filter((_, d) => d % stride === 0),
    dimension,
    { k: MICRO_CLUSTERS, seed, restarts: 1, maxIterations: 6 },
  );
  const scores = new Float64Array(fitted.k);
  const centroidRows = rowsOf(fitted.centroids, fitted.k, dimension);
  const micro = {
    assignment: Int32Array.from(shortened, (vector) => {
      scoreAgainstRows(vector, centroidRows, scores);
      let best = 0;
      for (let c = 1; c < fitted.k; c++) if (scores[c] > scores[best]) best = c;
      return best;
    }),
  };
  const k = fitted.k;
  const sums = clusterSums(vectors, micro.assignment, dimension, k);
  const terms = usedTerms(vectors, dimension);
  const sizes = new Int32Array(k);
  for (const c of micro.assignment) sizes[c]++;
  const used = [...sizes.keys()].filter((c) => sizes[c] > 0);
  const itemIndex = new Int32Array(k).fill(-1);
  used.forEach((c, index) => (itemIndex[c] = index));
  const items = used.map((c) => {
    const indices: number[] = [];
    const values: number[] = [];
    for (const t of terms) {
      const value = sums[t * k + c];
      if (value !== 0) {
        indices.push(t);
        values.push(value);
      }
    }
    return { indices: Int32Array.from(indices), values: Float64Array.from(values) };
  });
  return { items, weights: used.map((c) => sizes[c]), itemOf: Int32Array.from(micro.assignment, (c) => itemIndex[c]) };
}

/**
 * Topics too small to keep dissolve; each paper then joins the topic it resembles most, judged
 * without its own weight in that topic (a paper always resembles a centroid it is part of),
 * or Other when it resembles none enough.
 */
function refineMembership(vectors: SparseVector[], initial: Int32Array, initialClusters: number, dimension: number, minTopicSize: number): { assignment: Int32Array; clusters: number } {
  let assignment = initial;
  let clusters = initialClusters;
  // One buffer for every round's sums, whose rows only the terms the papers use can fill.
  const terms = usedTerms(vectors, dimension);
  const buffer = new Float64Array(dimension * initialClusters);
  for (let round = 0; round < 6; round++) {
    const sizes = new Int32Array(clusters);
    for (const c of assignment) if (c >= 0) sizes[c]++;
    const keep: number[] = [];
    for (let c = 0; c < clusters; c++) if (sizes[c] >= minTopicSize) keep.push(c);
    const kept = new Int32Array(clusters).fill(-1);
    keep.forEach((c, index) => (kept[c] = index));
    const sums = clusterSums(vectors, assignment, dimension, clusters, buffer.subarray(0, dimension * clusters));
    const sumRows = rowsOf(sums, clusters, dimension, terms);
    // From the non-zero sums, in the order a pass over every row adds them (a zero adds +0): the same norms.
    const squaredNorms = new Float64Array(clusters);
    for (let p = 0; p < sumRows.cluster.length; p++) squaredNorms[sumRows.cluster[p]] += sumRows.weight[p] ** 2;
    const dots = new Float64Array(clusters);
    let changed = keep.length !== clusters;
    const next = new Int32Array(vectors.length);
    vectors.forEach((vector, d) => {
      scoreAgainstRows(vector, sumRows, dots);
      const current = assignment[d];
      if (current >= 0 && kept[current] >= 0) {
        const rest = squaredNorms[current] - 2 * dots[current] + 1;
        const ownSimilarity = rest > 1e-12 ? (dots[current] - 1) / Math.sqrt(rest) : 0;
        // A member stays put while it resembles its topic: letting members drift feeds the broadest topic.
        if (ownSimilarity >= MIN_SIMILARITY) {
          next[d] = kept[current];
          return;
        }
      }
      let best = -1;
      let bestSimilarity = -Infinity;
      for (const c of keep) {
        if (c === current) continue;
        const similarity = squaredNorms[c] > 1e-12 ? dots[c] / Math.sqrt(squaredNorms[c]) : 0;
        if (similarity > bestSimilarity) {
          best = c;
          bestSimilarity = similarity;
        }
      }
      const chosen = best >= 0 && bestSimilarity >= MIN_SIMILARITY ? best : -1;
      next[d] = chosen >= 0 ? kept[chosen] : -1;
      if (chosen !== current) changed = true;
    });
    assignment = next;
    clusters = keep.length;
    if (!changed) break;
  }
  return { assignment, clusters };
}

/**
 * Agglomeration stops once at most `maxTopics` topics of a useful size hold most papers, and
 * no two topics left are so alike that a researcher would keep them on one shelf.
 */
function shelved(maxTopics: number, minTopicSize: number, total: number): (sizes: number[], nextSimilarity: number) => boolean {
  return (sizes, nextSimilarity) => {
    if (nextSimilarity >= COHESIVE_SIMILARITY) return false;
    let covered = 0;
    let substantial = 0;
    for (const size of sizes) {
      if (size >= minTopicSize) {
        covered += size;
        substantial++;
      }
    }
    return substantial <= maxTopics && covered >= COVERAGE * total;
  };
}

/**
 * Average linkage lets one broad topic swallow a third of a focused corpus; such a topic is
 * split again on its own papers, where its sub-topics stand out.
 */
function splitOversized(vectors: SparseVector[], dimension: number, assignment: Int32Array, clusters: number, maxTopics: number, minTopicSize: number): { assignment: Int32Array; clusters: number } {
  const n = vectors.length;
  const result = Int32Array.from(assignment);
  let next = clusters;
  const fairShare = n / maxTopics;
  for (let c = 0; c < clusters; c++) {
    const members: number[] = [];
    assignment.forEach((cluster, d) => cluster === c && members.push(d));
    if (members.length <= OVERSIZED_SHARE * fairShare || members.length > AGGLOMERATE_PAPERS) continue;
    const subVectors = members.map((d) => vectors[d]);
    const { clusterOf } = averageLinkage(subVectors, members.map(() => 1), dimension, shelved(chooseTopicCount(members.length), minTopicSize, members.length));
    const roots = [...new Set(clusterOf)].sort((x, y) => x - y);
    const rootIndex = new Map(roots.map((root, index) => [root, index]));
    const sub = refineMembership(subVectors, Int32Array.from(clusterOf, (root) => rootIndex.get(root) as number), roots.length, dimension, minTopicSize);
    if (sub.clusters < 2) continue;
    sub.assignment.forEach((part, i) => (result[members[i]] = part < 0 ? -1 : part === 0 ? c : next + part - 1));
    next += sub.clusters - 1;
  }
  return { assignment: result, clusters: next };
}

const selection = { buffer: new Float64Array(1024) };

/** The `rank`-th largest of `values` (1: the largest), by quickselect in a reused buffer. */
function largestAt(values: Float64Array, rank: number): number {
  if (selection.buffer.length < values.length) selection.buffer = new Float64Array(2 * values.length);
  const buffer = selection.buffer;
  buffer.set(values);
  const target = values.length - rank;
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = buffer[(low + high) >>> 1];
    let i = low;
    let j = high;
    while (i <= j) {
      while (buffer[i] < pivot) i++;
      while (buffer[j] > pivot) j--;
      if (i <= j) {
        const swap = buffer[i];
        buffer[i++] = buffer[j];
        buffer[j--] = swap;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else break;
  }
  return buffer[target];
}

function strongestTerms(vector: SparseVector, limit: number): SparseVector {
  const { indices, values } = vector;
  if (indices.length <= limit) return vector;
  // Only entries at or above the limit-th largest value can be among the strongest.
  const threshold = largestAt(values, limit);
  const candidates: number[] = [];
  for (let i = 0; i < values.length; i++) if (values[i] >= threshold) candidates.push(i);
  candidates.sort((a, b) => values[b] - values[a] || indices[a] - indices[b]);
  let squares = 0;
  for (let r = 0; r < limit; r++) squares += values[candidates[r]] ** 2;
  const norm = Math.sqrt(squares);
  const strongest: SparseVector = { indices: new Int32Array(limit), values: new Float64Array(limit) };
  for (let r = 0; r < limit; r++) {
    strongest.indices[r] = indices[candidates[r]];
    strongest.values[r] = values[candidates[r]] / norm;
  }
  return strongest;
}

interface FitResult {
  model: TopicModel;
  /** Topics smaller than this go to Other. */
  minTopicSize: number;
}

/** Drops the model's topics listed, keeping vocabulary indices valid. */
function withoutTopics(model: TopicModel, drop: Set<number>): TopicModel {
  return { ...model, topics: model.topics.filter((_, c) => !drop.has(c)) };
}

interface Group {
  label: string;
  kind: TopicKind;
  docs: number[];
  /** Index into the model's topics, for automatic topics. */
  modelTopic?: number;
  id?: string;
  topTerms?: string[];
}

/** Term statistics of the final groups over one vocabulary, for class-based TF-IDF. */
function groupTermStats(corpus: Corpus, groups: Group[], names: string[]): GroupTermStats {
  const termCount = names.length;
  const index = buildTermIndex(names, corpus.table);
  const counts = new Float64Array(termCount);
  const touched: number[] = [];
  const frequency = new Float64Array(groups.length * termCount);
  const papers = new Int32Array(groups.length * termCount);
  const corpusFrequency = new Float64Array(termCount);
  groups.forEach((group, g) => {
    // Labels of a large topic are as good from a few hundred of its papers.
    for (const docIndex of group.docs.slice(0, corpus.statsSample)) {
      touched.length = 0;
      countTerms(fullDoc(corpus, docIndex), index, counts, touched);
      for (const t of touched) {
        frequency[g * termCount + t] += counts[t];
        papers[g * termCount + t]++;
        corpusFrequency[t] += counts[t];
        counts[t] = 0;
      }
    }
  });
  return { names, frequency, papers, groupSizes: groups.map((group) => Math.min(group.docs.length, corpus.statsSample)), corpusFrequency };
}

function surfaceTexts(corpus: Corpus, docs: number[]): { title: string; abstract: string }[] {
  return docs.slice(0, corpus.surfaceSample).map((docIndex) => ({ title: corpus.papers[docIndex].title, abstract: corpus.papers[docIndex].abstract ?? '' }));
}

/** Labels automatic groups that have none yet and fills every group's top terms. */
function describeGroups(corpus: Corpus, groups: Group[], vocabularyNames: string[]): void {
  const stats = groupTermStats(corpus, groups, vocabularyNames);
  const ranked: RankedTerm[][] = groups.map((_, g) => rankGroupTerms(stats, g));
  const taken = new Set<string>();
  for (const group of groups) if (group.kind === 'auto' && group.label !== '') taken.add(group.label.toLowerCase());
  const order = groups.map((_, g) => g).sort((a, b) => groups[b].docs.length - groups[a].docs.length || a - b);
  const memo: WordMemo = new Map();
  const takenParts = new Set<string>();
  const parts = new Map<number, string[]>();
  for (const g of order) {
    if (groups[g].kind === 'auto' && groups[g].label === '') parts.set(g, chooseLabelParts(ranked[g], takenParts));
  }
  groups.forEach((group, g) => {
    const labelParts = parts.get(g);
    if (labelParts === undefined && group.topTerms !== undefined) return;
    const wanted = new Set<string>([...ranked[g].slice(0, TOP_TERMS).map((term) => term.name), ...(labelParts ?? [])]);
    const surfaces = collectSurfaces(surfaceTexts(corpus, group.docs), wanted, memo);
    if (labelParts !== undefined) {
      let label = labelParts.length > 0 ? labelParts.map((name) => displayTerm(name, surfaces)).join(LABEL_SEPARATOR) : 'Unlabelled';
      while (taken.has(label.toLowerCase())) label += ' ·';
      taken.add(label.toLowerCase());
      group.label = label;
    }
    if (group.topTerms === undefined) group.topTerms = ranked[g].slice(0, TOP_TERMS).map((term) => displayTerm(term.name, surfaces));
  });
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

/** The unique papers a large corpus's fit reads, smallest id hashes first: a prefix of the order {@link computeTopics} sorts papers in. */
export interface TopicSample {
  papers: TopicPaper[];
  /** Unique papers in the whole corpus, and those of them no pin claims. */
  total: number;
  clusterable: number;
}

/** A large corpus's model fitted on its {@link TopicSample} alone, for {@link computeTopics} to finish once all papers are in. */
export interface SampleFit {
  readonly sample: TopicSample;
  readonly corpus: Corpus;
  readonly model: TopicModel;
  readonly labelNames: string[];
  /** The options the fit depends on, as {@link fitKey} writes them. */
  readonly key: string;
}

function fitKey(options: TopicOptions): string {
  return JSON.stringify([options.k ?? null, options.seed ?? null, Object.entries(options.pins ?? {}).sort()]);
}

/** Docs the pins claim (empty names ignored), in id order of the pins. */
function pinnedDocs(pins: Record<string, string> | undefined, docOf: (paperId: string) => number | undefined): Map<number, string> {
  const pinned = new Map<number, string>();
  for (const paperId of Object.keys(pins ?? {}).sort()) {
    const docIndex = docOf(paperId);
    const name = (pins ?? {})[paperId].trim();
    if (docIndex !== undefined && name !== '') pinned.set(docIndex, name);
  }
  return pinned;
}

/**
 * What a large corpus's fit reads (see {@link fitTopicSample}), pins taken into account; undefined for a corpus
 * that is not large, whose fit reads every paper. Only the ids of all papers are needed: `paperAt` gives the
 * sampled ones by position. Not for user topics, which claim papers by search.
 */
export function topicSample(
  papers: readonly Pick<TopicPaper, 'id'>[],
  pins?: Record<string, string>,
  paperAt: (position: number) => TopicPaper = (position) => papers[position] as TopicPaper,
): TopicSample | undefined {
  if (papers.length <= LARGE_CORPUS || papers.length > PACKED_INDEX_LIMIT) return undefined;
  const { unique, hashes, positions } = uniqueByHash(papers);
  if (unique.length <= LARGE_CORPUS) return undefined;
  const pinned = pinnedDocs(pins, (paperId) => findByHash(unique, hashes, paperId));
  // The first LARGE_FIT_SAMPLE_LIMIT papers both of all and of those no pin claims.
  const length = Math.min(unique.length, LARGE_FIT_SAMPLE_LIMIT + pinned.size);
  return { papers: Array.from(positions.subarray(0, length), (position) => paperAt(position)), total: unique.length, clusterable: unique.length - pinned.size };
}

/**
 * Fits the model of a large corpus on its sample alone, as {@link computeTopics} would on all its papers: another
 * thread can still be sending the rest. Undefined when `options.previous` would be reused instead of a fit.
 */
export function fitTopicSample(sample: TopicSample, options: TopicOptions = {}): SampleFit | undefined {
  if (willReuse(options, sample.clusterable, sample.total)) return undefined;
  const sorted = sample.papers;
  const hashes = Float64Array.from(sorted, (paper) => fnv1a(paper.id));
  const docOf = (paperId: string): number | undefined => findByHash(sorted, hashes, paperId);
  const pinned = pinnedDocs(options.pins, docOf);
  const allDocs = sorted.map((_, index) => index);
  const clusterSample = allDocs.filter((index) => !pinned.has(index)).slice(0, LARGE_FIT_SAMPLE_LIMIT);
  const corpus = tokenizeCorpus(sorted, true);
  const { model, labelNames } = fitTopics(corpus, allDocs.slice(0, LARGE_FIT_SAMPLE_LIMIT), clusterSample, sample.clusterable, clusterSample, docOf, options);
  return { sample, corpus, model, labelNames, key: fitKey(options) };
}

/** Whether `fit` is the one computeTopics would make of these papers: same options, same papers first, same counts. */
function fitOfThese(fit: SampleFit, sorted: TopicPaper[], clusterable: number, options: TopicOptions): boolean {
  const { papers, total } = fit.sample;
  if (fit.key !== fitKey(options) || total !== sorted.length || fit.sample.clusterable !== clusterable || papers.length > sorted.length) return false;
  return papers.every((paper, i) => paper.id === sorted[i].id && paper.title === sorted[i].title && (paper.abstract ?? '') === (sorted[i].abstract ?? ''));
}

function willReuse(options: TopicOptions, clusterable: number, papers: number): boolean {
  return options.previous !== undefined && options.previous.version === 1 && options.recluster !== true && modelStillFits(options.previous, clusterable, papers);
}

/** A fresh fit; topics too small on the papers judged are dropped. Returns the model and its assignment of `judged`. */
function fitTopics(
  corpus: Corpus,
  vocabularySample: number[],
  clusterSample: number[],
  clusterableCount: number,
  judged: number[],
  docOf: (paperId: string) => number | undefined,
  options: TopicOptions,
): { model: TopicModel; labelNames: string[]; assigned: Int32Array } {
  const vocabularyDocs = vocabularySample.map((docIndex) => fullDoc(corpus, docIndex));
  const vocabulary = buildVocabulary(vocabularyDocs, corpus.table, vocabularyOptions(vocabularyDocs.length, corpus.large));
  const labelNames = vocabulary.features.map((feature) => featureName(feature, corpus.table));
  const fit = fitModel(corpus, vocabulary, clusterableCount, clusterSample, options);
  let model = fit.model;
  let assigned = assignWithModel(model, indexModel(model, corpus), corpus, judged, docOf);
  // Truncated centroids can leave a topic too small; those papers then belong in Other.
  for (let round = 0; round < 3; round++) {
    const sizes = new Int32Array(model.topics.length);
    for (const c of assigned) if (c >= 0) sizes[c]++;
    const drop = new Set<number>();
    sizes.forEach((size, c) => size < fit.minTopicSize && drop.add(c));
    if (drop.size === 0) break;
    model = withoutTopics(model, drop);
    assigned = assignWithModel(model, indexModel(model, corpus), corpus, judged, docOf);
  }
  return { model, labelNames, assigned };
}

/** Hints from the thread that sent the papers; each is checked, and ignored when it does not fit them. */
export interface TopicHints {
  /** The model {@link fitTopicSample} fitted on these papers' sample. */
  fitted?: SampleFit;
  /** Called when `fitted` was given but not used (it is of other papers or options): the model is fitted again, slower. */
  onFitUnused?: () => void;
}

/**
 * Places every paper in exactly one topic: pins first, then the researcher's own topics,
 * then automatic topics (fitted anew, or the `previous` model's), and `Other` for the rest.
 */
export function computeTopics(papers: readonly TopicPaper[], options: TopicOptions = {}, hints: TopicHints = {}): TopicAssignment {
  const { model, ordered, sorted } = placeTopics(papers, options, hints);
  const topicOf = new Map<string, string>();
  const topics: Topic[] = [];
  for (const group of ordered) {
    if (group.docs.length === 0) continue;
    // 100k ids sort in about 0.2 s; a thread that sends topics on by position skips this (topicsByPosition).
    const paperIds = group.docs.map((docIndex) => sorted[docIndex].id).sort();
    for (const paperId of paperIds) topicOf.set(paperId, group.id as string);
    topics.push({ ...topicOfGroup(group), paperIds });
  }
  return { model, topicOf, topics };
}

/** {@link computeTopics}' topics without their papers' ids, and each paper's topic by position: `topicOfPaper[i]` indexes `topics` for `papers[i]`. */
export interface TopicsByPosition {
  model: TopicModel;
  topics: Omit<Topic, 'paperIds'>[];
  topicOfPaper: Int32Array;
}

/**
 * The topics {@link computeTopics} places the papers in, told by the papers' positions, for a thread that sends
 * them on that way. A large corpus of distinct ids reads, sorts and looks up no id: at 100k papers computeTopics'
 * map and lists of ids took 0.2-0.25 s, which such a receiver never used. Other papers go through their ids.
 */
export function topicsByPosition(papers: readonly TopicPaper[], options: TopicOptions = {}, hints: TopicHints = {}): TopicsByPosition {
  const { model, ordered, sorted, positions } = placeTopics(papers, options, hints);
  const topicOfPaper = new Int32Array(papers.length).fill(-1);
  const topics: Omit<Topic, 'paperIds'>[] = [];
  // Docs are papers' positions only when no paper repeats an id; else each paper takes its id's topic.
  const topicOfId = positions !== null && sorted.length === papers.length ? undefined : new Map<string, number>();
  for (const group of ordered) {
    if (group.docs.length === 0) continue;
    for (const docIndex of group.docs) {
      if (topicOfId !== undefined) topicOfId.set(sorted[docIndex].id, topics.length);
      else topicOfPaper[positions![docIndex]] = topics.length;
    }
    topics.push(topicOfGroup(group));
  }
  if (topicOfId !== undefined) papers.forEach((paper, i) => (topicOfPaper[i] = topicOfId.get(paper.id) ?? -1));
  return { model, topics, topicOfPaper };
}

/** A placed group as the topic it lists, without its papers. */
function topicOfGroup(group: Group): Omit<Topic, 'paperIds'> {
  return { id: group.id as string, label: group.label, kind: group.kind, topTerms: group.topTerms ?? [] };
}

/** The groups every paper is placed in, in the order topics list them, each with its id; `positions` as uniqueByHash gives them (large corpora). */
function placeTopics(papers: readonly TopicPaper[], options: TopicOptions, hints: TopicHints): { model: TopicModel; ordered: Group[]; sorted: TopicPaper[]; positions: Int32Array | null } {
  let sorted: TopicPaper[];
  let hashes: Float64Array | null = null;
  let positions: Int32Array | null = null;
  if (papers.length > LARGE_CORPUS && papers.length <= PACKED_INDEX_LIMIT) ({ unique: sorted, hashes, positions } = uniqueByHash(papers));
  else sorted = uniqueById(papers);
  if (sorted.length <= LARGE_CORPUS && hashes !== null) {
    sorted = uniqueById(sorted);
    hashes = null;
    positions = null;
  }
  const large = hashes !== null;
  let docOfId: Map<string, number> | undefined;
  const docOf = (paperId: string): number | undefined =>
    hashes !== null ? findByHash(sorted, hashes, paperId) : (docOfId ??= new Map(sorted.map((paper, index) => [paper.id, index]))).get(paperId);
  const pinned = pinnedDocs(options.pins, docOf);

  const userGroups: Group[] = [];
  const claimed = new Set<number>(pinned.keys());
  for (const userTopic of options.userTopics ?? []) {
    const name = userTopic.name.trim();
    if (name === '') continue;
    let group = userGroups.find((existing) => existing.label === name);
    if (group === undefined) userGroups.push((group = { label: name, kind: 'user', docs: [] }));
    const matches = options.match !== undefined ? options.match(userTopic.query) : new Set(options.matches?.[userTopic.query] ?? []);
    for (const paperId of [...matches].sort()) {
      const docIndex = docOf(paperId);
      if (docIndex !== undefined && !claimed.has(docIndex)) {
        claimed.add(docIndex);
        group.docs.push(docIndex);
      }
    }
  }
  const allDocs = sorted.map((_, index) => index);
  const clusterable = allDocs.filter((index) => !claimed.has(index));

  const reuse = willReuse(options, clusterable.length, sorted.length);
  const fitted = !reuse && large && userGroups.length === 0 && hints.fitted !== undefined && fitOfThese(hints.fitted, sorted, clusterable.length, options) ? hints.fitted : undefined;
  if (hints.fitted !== undefined && fitted === undefined && !reuse) hints.onFitUnused?.();
  let corpus: Corpus;
  let model: TopicModel;
  let assigned: Int32Array;
  let labelNames: string[];
  if (fitted !== undefined) {
    // The fit read only the first papers: the rest join its corpus, and their tokens its table.
    const docs: (TokenizedDoc | undefined)[] = new Array(sorted.length);
    fitted.corpus.docs.forEach((doc, docIndex) => (docs[docIndex] = doc));
    corpus = { ...fitted.corpus, papers: sorted, docs };
    ({ model, labelNames } = fitted);
    assigned = assignWithModel(model, indexModel(model, corpus), corpus, clusterable, docOf);
  } else if (reuse) {
    corpus = tokenizeCorpus(sorted, large);
    model = options.previous as TopicModel;
    assigned = assignWithModel(model, indexModel(model, corpus), corpus, clusterable, docOf);
    labelNames = model.vocabulary;
  } else {
    const vocabularySample = fitSample(sorted, allDocs, large);
    const clusterSample = clusterable.length === allDocs.length ? vocabularySample : fitSample(sorted, clusterable, large);
    corpus = tokenizeCorpus(sorted, large);
    // A large corpus judges topic sizes on its fit sample, rather than reading every paper again each round.
    ({ model, labelNames, assigned } = fitTopics(corpus, vocabularySample, clusterSample, clusterable.length, large ? clusterSample : clusterable, docOf, options));
    if (large) assigned = assignWithModel(model, indexModel(model, corpus), corpus, clusterable, docOf);
  }

  const autoGroups: Group[] = model.topics.map((topic, c) => ({ label: topic.label, kind: 'auto', docs: [], modelTopic: c, id: topic.id || undefined, topTerms: reuse ? topic.topTerms : undefined }));
  const other: Group = { label: OTHER_LABEL, kind: 'other', docs: [], id: OTHER_ID };
  clusterable.forEach((docIndex, i) => (assigned[i] >= 0 ? autoGroups[assigned[i]] : other).docs.push(docIndex));

  const groups: Group[] = [...userGroups, ...autoGroups, other];
  describeGroups(corpus, groups.filter((group) => group.docs.length > 0 || group.kind === 'auto'), labelNames);

  const pinnedGroups: Group[] = [];
  for (const [docIndex, name] of [...pinned].sort((a, b) => a[0] - b[0])) {
    const lower = name.toLowerCase();
    const target =
      groups.find((group) => group.label === name) ??
      pinnedGroups.find((group) => group.label === name) ??
      groups.find((group) => group.label.toLowerCase() === lower) ??
      pinnedGroups.find((group) => group.label.toLowerCase() === lower);
    if (target !== undefined) target.docs.push(docIndex);
    else pinnedGroups.push({ label: name, kind: 'pinned', docs: [docIndex] });
  }
  if (pinnedGroups.length > 0) describeGroups(corpus, pinnedGroups, labelNames);

  const modelTopics: ModelTopic[] = model.topics.map((topic, c) => ({ ...topic, label: autoGroups[c].label, topTerms: autoGroups[c].topTerms ?? [] }));
  const usedIds = new Set<string>();
  const idOf = (group: Group): string => {
    if (group.id !== undefined) return uniqueId(group.id, usedIds);
    const prefix = group.kind === 'auto' ? 'auto' : group.kind;
    return uniqueId(`${prefix}:${slugify(group.label) || 'topic'}`, usedIds);
  };
  const ordered = [...userGroups, ...[...autoGroups].sort((a, b) => b.docs.length - a.docs.length || (a.label < b.label ? -1 : 1)), ...pinnedGroups, other];
  for (const group of ordered) group.id = idOf(group);
  autoGroups.forEach((group, c) => (modelTopics[c].id = group.id as string));
  return { model: { ...model, topics: modelTopics }, ordered, sorted: corpus.papers, positions };
}
