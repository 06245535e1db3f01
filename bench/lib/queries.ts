/**
 * The fixed query list the benchmark times: bench/searchQueries.ts (kept by the search module's
 * owner). A handful of stand-in queries are used, and said so, only while that file does not exist.
 */

const STAND_IN_QUERIES = ['diffusion', 'neural network', 'quantum', 'gradient descent', 'galaxy', 'protein folding', 'turbulence', 'policy', 'spin glass', 'transformer'];

export interface QueryList {
  queries: readonly string[];
  source: string;
}

export function loadSearchQueries(): QueryList {
  try {
    // A plain require, so type-checking does not depend on the file existing yet.
    const module = require('../searchQueries') as Record<string, unknown>;
    for (const value of Object.values(module)) {
      if (Array.isArray(value) && value.length > 0 && value.every((q) => typeof q === 'string')) return { queries: value, source: 'bench/searchQueries.ts' };
    }
  } catch {
    // Not written yet.
  }
  return { queries: STAND_IN_QUERIES, source: 'stand-in list (bench/searchQueries.ts is missing)' };
}
