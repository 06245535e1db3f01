/**
 * Latent semantic analysis by randomized SVD: papers become short dense vectors in which
 * synonyms and related phrases reinforce each other, so k-means sees topics rather than
 * incidental word overlap. The random projection comes from the seeded generator.
 */
import type { SparseVector } from './features';
import { seededRandom } from './kmeans';

/** Orthonormalises the columns of an n x d row-major matrix in place (modified Gram-Schmidt); returns kept columns. */
function orthonormalize(matrix: Float64Array, n: number, d: number): number {
  let kept = 0;
  for (let j = 0; j < d; j++) {
    for (let p = 0; p < kept; p++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += matrix[i * d + j] * matrix[i * d + p];
      for (let i = 0; i < n; i++) matrix[i * d + j] -= dot * matrix[i * d + p];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += matrix[i * d + j] ** 2;
    norm = Math.sqrt(norm);
    if (norm < 1e-10) continue;
    for (let i = 0; i < n; i++) matrix[i * d + kept] = matrix[i * d + j] / norm;
    kept++;
  }
  for (let j = kept; j < d; j++) for (let i = 0; i < n; i++) matrix[i * d + j] = 0;
  return kept;
}

/** Y = X * M for sparse rows X (n x dimension) and dense M (dimension x d, row-major). */
function multiplyRight(vectors: SparseVector[], dense: Float64Array, d: number): Float64Array {
  const out = new Float64Array(vectors.length * d);
  vectors.forEach((vector, row) => {
    for (let i = 0; i < vector.indices.length; i++) {
      const base = vector.indices[i] * d;
      const value = vector.values[i];
      for (let j = 0; j < d; j++) out[row * d + j] += value * dense[base + j];
    }
  });
  return out;
}

/** Z = X^T * Q for sparse rows X and dense Q (n x d). */
function multiplyTransposed(vectors: SparseVector[], dimension: number, q: Float64Array, d: number): Float64Array {
  const out = new Float64Array(dimension * d);
  vectors.forEach((vector, row) => {
    for (let i = 0; i < vector.indices.length; i++) {
      const base = vector.indices[i] * d;
      const value = vector.values[i];
      for (let j = 0; j < d; j++) out[base + j] += value * q[row * d + j];
    }
  });
  return out;
}

/** Eigenvalues and eigenvectors (columns) of a small symmetric matrix, by cyclic Jacobi rotations. */
function symmetricEigen(a: Float64Array, d: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(d * d);
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  for (let sweep = 0; sweep < 60; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += m[p * d + q] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = m[p * d + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (m[q * d + q] - m[p * d + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < d; k++) {
          const mkp = m[k * d + p];
          const mkq = m[k * d + q];
          m[k * d + p] = c * mkp - s * mkq;
          m[k * d + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < d; k++) {
          const mpk = m[p * d + k];
          const mqk = m[q * d + k];
          m[p * d + k] = c * mpk - s * mqk;
          m[q * d + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < d; k++) {
          const vkp = v[k * d + p];
          const vkq = v[k * d + q];
          v[k * d + p] = c * vkp - s * vkq;
          v[k * d + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const values = new Float64Array(d);
  for (let i = 0; i < d; i++) values[i] = m[i * d + i];
  return { values, vectors: v };
}

/**
 * Unit-length `rank`-dimensional embeddings of the rows of X (approximately U * S of its SVD),
 * as SparseVectors with every index present, ready for spherical k-means.
 */
export function lsaEmbed(vectors: SparseVector[], dimension: number, rank: number, seed: number, powerIterations = 2): SparseVector[] {
  const n = vectors.length;
  const d = Math.max(1, Math.min(rank + 8, n, dimension));
  const random = seededRandom(seed);
  const omega = new Float64Array(dimension * d);
  for (let i = 0; i < omega.length; i++) omega[i] = random() * 2 - 1;
  let q = multiplyRight(vectors, omega, d);
  let columns = orthonormalize(q, n, d);
  for (let iteration = 0; iteration < powerIterations; iteration++) {
    const z = multiplyTransposed(vectors, dimension, q, d);
    orthonormalize(z, dimension, d);
    q = multiplyRight(vectors, z, d);
    columns = orthonormalize(q, n, d);
  }
  // B = Q^T X is columns x dimension; its Gram matrix B B^T gives the singular directions.
  const b = multiplyTransposed(vectors, dimension, q, d);
  const gram = new Float64Array(columns * columns);
  for (let t = 0; t < dimension; t++) {
    for (let i = 0; i < columns; i++) {
      const bi = b[t * d + i];
      if (bi === 0) continue;
      for (let j = 0; j < columns; j++) gram[i * columns + j] += bi * b[t * d + j];
    }
  }
  const { values, vectors: w } = symmetricEigen(gram, columns);
  const order = Array.from({ length: columns }, (_, i) => i).sort((x, y) => values[y] - values[x] || x - y);
  const kept = order.slice(0, Math.min(rank, columns)).filter((i) => values[i] > 1e-12);
  const indices = Int32Array.from(kept.map((_, j) => j));
  return vectors.map((_, row) => {
    const embedded = new Float64Array(kept.length);
    kept.forEach((component, j) => {
      let sum = 0;
      for (let i = 0; i < columns; i++) sum += q[row * d + i] * w[i * columns + component];
      embedded[j] = sum * Math.sqrt(values[component]);
    });
    let norm = 0;
    for (const value of embedded) norm += value * value;
    norm = Math.sqrt(norm);
    if (norm > 0) for (let j = 0; j < embedded.length; j++) embedded[j] /= norm;
    return { indices, values: embedded };
  });
}
