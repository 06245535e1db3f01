import * as assert from 'assert';
import type { SparseVector } from '../../src/core/topics/features';
import { clusterSums, rowsOf, scoreAgainstRows, seededRandom, usedTerms } from '../../src/core/topics/kmeans';

/** The dot products of `vector` with each of the k columns of a term-major matrix, summed over every cluster as written. */
function denseScores(vector: SparseVector, matrix: Float64Array, k: number): Float64Array {
  const scores = new Float64Array(k);
  for (let i = 0; i < vector.indices.length; i++) for (let c = 0; c < k; c++) scores[c] += vector.values[i] * matrix[vector.indices[i] * k + c];
  return scores;
}

describe('cluster scores through the non-zero rows of a centroid matrix', () => {
  const random = seededRandom(7);
  const dimension = 300;
  const k = 12;
  // Mostly zeros, as centroids are, and some weights tiny, which a threshold for "zero" would drop.
  const matrix = Float64Array.from({ length: dimension * k }, () => (random() < 0.85 ? 0 : random() < 0.1 ? random() * 1e-300 : random()));
  const vectors: SparseVector[] = Array.from({ length: 200 }, () => {
    const indices = [...new Set(Array.from({ length: 1 + Math.floor(random() * 40) }, () => Math.floor(random() * dimension)))];
    return { indices: Int32Array.from(indices), values: Float64Array.from(indices, () => random()) };
  });

  it('gives every vector exactly the scores of a dense pass, to the last bit', () => {
    const rows = rowsOf(matrix, k, dimension);
    assert.strictEqual(rows.start[dimension], matrix.filter((weight) => weight !== 0).length, 'one entry per non-zero weight');
    const scores = new Float64Array(k).fill(Number.NaN);
    for (const vector of vectors) {
      scoreAgainstRows(vector, rows, scores);
      assert.deepStrictEqual(Array.from(scores), Array.from(denseScores(vector, matrix, k)));
    }
  });

  it('reads only the rows it is given, leaving the others empty', () => {
    const terms = Int32Array.from([3, 17, 250]);
    const rows = rowsOf(matrix, k, dimension, terms);
    for (let t = 0; t < dimension; t++) {
      const expected = terms.includes(t) ? Array.from(matrix.subarray(t * k, (t + 1) * k)).flatMap((weight, c) => (weight !== 0 ? [[c, weight]] : [])) : [];
      const found = Array.from({ length: rows.start[t + 1] - rows.start[t] }, (_, i) => [rows.cluster[rows.start[t] + i], rows.weight[rows.start[t] + i]]);
      assert.deepStrictEqual(found, expected, `row ${t}`);
    }
  });

  it('sums clusters into a reused buffer as into a fresh one, whose rows outside the terms the vectors use stay zero', () => {
    const assignment = Int32Array.from(vectors, (_, d) => (d % 5 === 0 ? -1 : d % k));
    const fresh = clusterSums(vectors, assignment, dimension, k);
    const dirty = Float64Array.from({ length: dimension * k + 7 }, () => random());
    const reused = clusterSums(vectors, assignment, dimension, k, dirty.subarray(0, dimension * k));
    assert.deepStrictEqual(Array.from(reused), Array.from(fresh));
    const terms = usedTerms(vectors, dimension);
    assert.deepStrictEqual([...terms], [...new Set(vectors.flatMap((vector) => [...vector.indices]))].sort((a, b) => a - b));
    assert.deepStrictEqual(rowsOf(fresh, k, dimension, terms), rowsOf(fresh, k, dimension));
  });
});
