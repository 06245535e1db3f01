/**
 * Spherical k-means (cosine similarity on unit vectors) with k-means++ seeding from a seeded
 * generator, so the same vectors give the same clusters on every machine.
 */
import type { SparseVector } from './features';

/** Small, fast, seedable generator (mulberry32); Math.random would make topics differ per run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Clustering {
  k: number;
  /** Unit-length centroids, term-major: weight of term t in cluster c at [t * k + c]. */
  centroids: Float64Array;
  assignment: Int32Array;
  /** Cosine similarity of each vector to its centroid. */
  similarity: Float64Array;
  /** Sum of similarities; higher is tighter. */
  objective: number;
}

export interface KMeansOptions {
  k: number;
  seed: number;
  restarts: number;
  maxIterations: number;
}

/** A term-major matrix's non-zero weights by row: row t holds `weight[p]` of cluster `cluster[p]` for p from `start[t]` to `start[t + 1]`. */
export interface MatrixRows {
  start: Int32Array;
  cluster: Int32Array;
  weight: Float64Array;
}

/** The non-zero entries of `matrix` (weight of row t, cluster c at [t * k + c]), over the rows `terms` (the only ones that can be non-zero) or all. */
export function rowsOf(matrix: Float64Array, k: number, dimension: number, terms?: Int32Array): MatrixRows {
  const start = new Int32Array(dimension + 1);
  const rowCount = terms === undefined ? dimension : terms.length;
  for (let r = 0; r < rowCount; r++) {
    const t = terms === undefined ? r : terms[r];
    let count = 0;
    for (let c = 0, base = t * k; c < k; c++) if (matrix[base + c] !== 0) count++;
    start[t + 1] = count;
  }
  for (let t = 0; t < dimension; t++) start[t + 1] += start[t];
  const cluster = new Int32Array(start[dimension]);
  const weight = new Float64Array(start[dimension]);
  for (let r = 0; r < rowCount; r++) {
    const t = terms === undefined ? r : terms[r];
    let p = start[t];
    for (let c = 0, base = t * k; c < k; c++) {
      if (matrix[base + c] === 0) continue;
      cluster[p] = c;
      weight[p++] = matrix[base + c];
    }
  }
  return { start, cluster, weight };
}

/**
 * Scores of one vector against all clusters (dot products with the matrix's columns), written into `scores`.
 * Only non-zero weights are visited: each score gets the products a dense pass would add, in the same order, less
 * the zeros, which add +0 to a sum of non-negative terms and change nothing. Centroids are sparse (each cluster
 * uses a few hundred of thousands of terms), so this is several times less work than a pass over every cluster.
 */
export function scoreAgainstRows(vector: SparseVector, rows: MatrixRows, scores: Float64Array): void {
  scores.fill(0);
  const { indices, values } = vector;
  const { start, cluster, weight } = rows;
  for (let i = 0; i < indices.length; i++) {
    const value = values[i];
    for (let p = start[indices[i]], end = start[indices[i] + 1]; p < end; p++) scores[cluster[p]] += value * weight[p];
  }
}

function bestOf(scores: Float64Array): number {
  let best = 0;
  for (let c = 1; c < scores.length; c++) if (scores[c] > scores[best]) best = c;
  return best;
}

function seedCentroids(vectors: SparseVector[], dimension: number, k: number, random: () => number): SparseVector[] {
  const n = vectors.length;
  const chosen: SparseVector[] = [];
  const closest = new Float64Array(n).fill(-Infinity);
  const dense = new Float64Array(dimension);
  let next = Math.floor(random() * n);
  while (chosen.length < k) {
    const center = vectors[next];
    chosen.push(center);
    for (let i = 0; i < center.indices.length; i++) dense[center.indices[i]] = center.values[i];
    for (let d = 0; d < n; d++) {
      const { indices, values } = vectors[d];
      let dot = 0;
      for (let i = 0; i < indices.length; i++) dot += values[i] * dense[indices[i]];
      if (dot > closest[d]) closest[d] = dot;
    }
    for (let i = 0; i < center.indices.length; i++) dense[center.indices[i]] = 0;
    let total = 0;
    for (let d = 0; d < n; d++) total += Math.max(0, 1 - closest[d]);
    if (total <= 1e-12) break;
    let target = random() * total;
    next = n - 1;
    for (let d = 0; d < n; d++) {
      target -= Math.max(0, 1 - closest[d]);
      if (target < 0) {
        next = d;
        break;
      }
    }
  }
  return chosen;
}

function assignAll(vectors: SparseVector[], centroids: MatrixRows, k: number, assignment: Int32Array, similarity: Float64Array): number {
  const scores = new Float64Array(k);
  let changed = 0;
  vectors.forEach((vector, d) => {
    scoreAgainstRows(vector, centroids, scores);
    const best = bestOf(scores);
    if (assignment[d] !== best) changed++;
    assignment[d] = best;
    similarity[d] = scores[best];
  });
  return changed;
}

/** Terms some vector uses, ascending: the only rows of a centroid matrix that can be non-zero. */
export function usedTerms(vectors: SparseVector[], dimension: number): Int32Array {
  const used = new Uint8Array(dimension);
  for (const vector of vectors) for (let i = 0; i < vector.indices.length; i++) used[vector.indices[i]] = 1;
  const terms: number[] = [];
  for (let t = 0; t < dimension; t++) if (used[t] === 1) terms.push(t);
  return Int32Array.from(terms);
}

/** Sum of each cluster's member vectors, term-major ([t * k + c]); vectors assigned -1 are left out. */
export function clusterSums(vectors: SparseVector[], assignment: Int32Array, dimension: number, k: number, into?: Float64Array): Float64Array {
  const sums = into ?? new Float64Array(dimension * k);
  if (into !== undefined) sums.fill(0);
  vectors.forEach((vector, d) => {
    const c = assignment[d];
    if (c < 0) return;
    for (let i = 0; i < vector.indices.length; i++) sums[vector.indices[i] * k + c] += vector.values[i];
  });
  return sums;
}

/**
 * Mean direction of each cluster's members, normalised; an empty cluster gets a zero centroid.
 * Given `into` (zeroed here) and the vectors' `terms`, it reuses the buffer and visits only rows that can be non-zero.
 */
export function centroidsOf(vectors: SparseVector[], assignment: Int32Array, dimension: number, k: number, into?: Float64Array, terms?: Int32Array): Float64Array {
  const sums = clusterSums(vectors, assignment, dimension, k, into);
  const rowCount = terms === undefined ? dimension : terms.length;
  const norms = new Float64Array(k);
  for (let r = 0; r < rowCount; r++) {
    const base = (terms === undefined ? r : terms[r]) * k;
    for (let c = 0; c < k; c++) norms[c] += sums[base + c] ** 2;
  }
  for (let c = 0; c < k; c++) norms[c] = Math.sqrt(norms[c]);
  for (let r = 0; r < rowCount; r++) {
    const base = (terms === undefined ? r : terms[r]) * k;
    for (let c = 0; c < k; c++) if (norms[c] > 0) sums[base + c] /= norms[c];
  }
  return sums;
}

function runOnce(vectors: SparseVector[], dimension: number, k: number, seed: number, maxIterations: number): Clustering {
  const seeds = seedCentroids(vectors, dimension, k, seededRandom(seed));
  const clusters = seeds.length;
  const centroids: Float64Array = new Float64Array(dimension * clusters);
  seeds.forEach((vector, c) => {
    for (let i = 0; i < vector.indices.length; i++) centroids[vector.indices[i] * clusters + c] = vector.values[i];
  });
  const assignment = new Int32Array(vectors.length).fill(-1);
  const similarity = new Float64Array(vectors.length);
  const terms = usedTerms(vectors, dimension);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const changed = assignAll(vectors, rowsOf(centroids, clusters, dimension, terms), clusters, assignment, similarity);
    if (changed === 0) break;
    // The old centroids are not needed once every vector is assigned, so the new ones overwrite them.
    centroidsOf(vectors, assignment, dimension, clusters, centroids, terms);
  }
  assignAll(vectors, rowsOf(centroids, clusters, dimension, terms), clusters, assignment, similarity);
  let objective = 0;
  for (const value of similarity) objective += value;
  return { k: clusters, centroids, assignment, similarity, objective };
}

/** Best of several seeded runs; the seeds are derived from `options.seed`, so the choice is reproducible. */
export function sphericalKMeans(vectors: SparseVector[], dimension: number, options: KMeansOptions): Clustering {
  const k = Math.max(1, Math.min(options.k, vectors.length));
  let best: Clustering | null = null;
  for (let run = 0; run < Math.max(1, options.restarts); run++) {
    const result = runOnce(vectors, dimension, k, (options.seed + run * 7919) >>> 0, options.maxIterations);
    if (best === null || result.objective > best.objective + 1e-12) best = result;
  }
  return best as Clustering;
}

