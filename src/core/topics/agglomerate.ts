/**
 * Average-linkage agglomerative clustering over a small number of items (papers, or k-means
 * micro-clusters at scale): merging the pair whose members are most similar on average
 * keeps topics coherent and leaves papers that resemble nothing alone. Deterministic: ties
 * go to the lower index.
 */
import type { SparseVector } from './features';

export interface Merge {
  /** Item ids of the two clusters merged (an id is the lowest item index in the cluster). */
  left: number;
  right: number;
  similarity: number;
}

/** The dot product of `b` with the vector spread out in `dense`. */
function dotWithDense(dense: Float64Array, b: SparseVector): number {
  let sum = 0;
  for (let i = 0; i < b.indices.length; i++) sum += dense[b.indices[i]] * b.values[i];
  return sum;
}

/**
 * Merges until `stop(sizes)` says so, given initial items with weights (member counts) and
 * sum vectors; returns the cluster label of each item (its cluster's lowest item index).
 */
export function averageLinkage(
  items: SparseVector[],
  weights: number[],
  dimension: number,
  shouldStop: (clusterSizes: number[], nextSimilarity: number) => boolean,
): { clusterOf: Int32Array; merges: Merge[] } {
  const n = items.length;
  const similarity = new Float64Array(n * n);
  const dense = new Float64Array(dimension);
  for (let i = 0; i < n; i++) {
    // Item i is spread out once for all its pairs, not once per pair.
    const { indices, values } = items[i];
    for (let t = 0; t < indices.length; t++) dense[indices[t]] = values[t];
    for (let j = i + 1; j < n; j++) {
      // Items are sums of unit vectors; average pairwise cosine is their dot over the weight product.
      const value = dotWithDense(dense, items[j]) / (weights[i] * weights[j]);
      similarity[i * n + j] = value;
      similarity[j * n + i] = value;
    }
    for (let t = 0; t < indices.length; t++) dense[indices[t]] = 0;
  }
  const size = weights.slice();
  const active = new Uint8Array(n).fill(1);
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const merges: Merge[] = [];
  let activeCount = n;
  while (activeCount > 1) {
    let bestI = -1;
    let bestJ = -1;
    let best = -Infinity;
    for (let i = 0; i < n; i++) {
      if (!active[i]) continue;
      for (let j = i + 1; j < n; j++) {
        if (active[j] && similarity[i * n + j] > best) {
          best = similarity[i * n + j];
          bestI = i;
          bestJ = j;
        }
      }
    }
    const sizes: number[] = [];
    for (let i = 0; i < n; i++) if (active[i]) sizes.push(size[i]);
    if (shouldStop(sizes, best)) break;
    for (let k = 0; k < n; k++) {
      if (!active[k] || k === bestI || k === bestJ) continue;
      const merged = (size[bestI] * similarity[bestI * n + k] + size[bestJ] * similarity[bestJ * n + k]) / (size[bestI] + size[bestJ]);
      similarity[bestI * n + k] = merged;
      similarity[k * n + bestI] = merged;
    }
    size[bestI] += size[bestJ];
    active[bestJ] = 0;
    parent[bestJ] = bestI;
    activeCount--;
    merges.push({ left: bestI, right: bestJ, similarity: best });
  }
  const clusterOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let root = i;
    while (parent[root] !== root) root = parent[root];
    clusterOf[i] = root;
  }
  return { clusterOf, merges };
}
