/**
 * Papers as sparse TF-IDF vectors over words and two-word phrases. Tokens are interned to
 * integers and phrases packed into one number, so 100k abstracts need no per-phrase strings.
 */
import { scanWords } from './text';

/** Phrase feature = (first + 1) * PHRASE_BASE + second; single words are their token id. */
const PHRASE_BASE = 2 ** 22;
const TITLE_WEIGHT = 2;
const BREAK = -1;

export interface TokenTable {
  ids: Map<string, number>;
  keys: string[];
}

export interface TokenizedDoc {
  /** Token ids in reading order; -1 where punctuation or a stop word breaks a phrase. */
  tokens: Int32Array;
  /** Tokens before this index come from the title. */
  titleLength: number;
}

export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

export function newTokenTable(): TokenTable {
  return { ids: new Map(), keys: [] };
}

function internToken(table: TokenTable, key: string): number {
  let id = table.ids.get(key);
  if (id === undefined) {
    id = table.keys.length;
    table.ids.set(key, id);
    table.keys.push(key);
  }
  return id;
}

function appendTokens(text: string, table: TokenTable, out: number[]): void {
  out.push(BREAK);
  scanWords(text, (word) => {
    if (word.key === null) {
      if (out[out.length - 1] !== BREAK) out.push(BREAK);
      return;
    }
    if (word.breakBefore && out[out.length - 1] !== BREAK) out.push(BREAK);
    out.push(internToken(table, word.key));
  });
}

export function tokenizeDoc(title: string, abstract: string, table: TokenTable): TokenizedDoc {
  const out: number[] = [];
  appendTokens(title, table, out);
  const titleLength = out.length;
  appendTokens(abstract, table, out);
  return { tokens: Int32Array.from(out), titleLength };
}

export function isPhrase(feature: number): boolean {
  return feature >= PHRASE_BASE;
}

export function featureName(feature: number, table: TokenTable): string {
  if (feature < PHRASE_BASE) return table.keys[feature];
  const first = Math.floor(feature / PHRASE_BASE) - 1;
  return `${table.keys[first]} ${table.keys[feature - (first + 1) * PHRASE_BASE]}`;
}

/** The feature number of a term string in this table, or null when one of its words never occurs. */
export function featureOfName(name: string, table: TokenTable): number | null {
  const words = name.split(' ');
  const first = table.ids.get(words[0]);
  if (first === undefined) return null;
  if (words.length === 1) return first;
  const second = table.ids.get(words[1]);
  return second === undefined ? null : (first + 1) * PHRASE_BASE + second;
}

/** Weighted term counts of one paper (title words count double); phrases only from adjacent tokens. */
export function countFeatures(doc: TokenizedDoc, keepToken?: (token: number) => boolean): Map<number, number> {
  const counts = new Map<number, number>();
  const tokens = doc.tokens;
  let previous = BREAK;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    const weight = i < doc.titleLength ? TITLE_WEIGHT : 1;
    if (token === BREAK || (keepToken !== undefined && !keepToken(token))) {
      previous = BREAK;
      continue;
    }
    counts.set(token, (counts.get(token) ?? 0) + weight);
    if (previous !== BREAK) {
      const phrase = (previous + 1) * PHRASE_BASE + token;
      counts.set(phrase, (counts.get(phrase) ?? 0) + weight);
    }
    previous = token;
  }
  return counts;
}

export interface VocabularyOptions {
  minDf: number;
  /** Terms in more than this fraction of papers separate nothing. */
  maxDfRatio: number;
  maxTerms: number;
}

export interface Vocabulary {
  /** Feature numbers, most frequent first. */
  features: number[];
  indexOf: Map<number, number>;
  idf: Float64Array;
  df: Int32Array;
}

export function inverseDocumentFrequency(docCount: number, df: number): number {
  return Math.log((1 + docCount) / (1 + df)) + 1;
}

/** Frequent enough to group papers, rare enough to tell them apart; capped by document frequency. */
export function buildVocabulary(docs: TokenizedDoc[], table: TokenTable, options: VocabularyOptions): Vocabulary {
  const tokenDf = new Int32Array(table.keys.length);
  const lastSeen = new Int32Array(table.keys.length).fill(-1);
  docs.forEach((doc, docIndex) => {
    for (const token of doc.tokens) {
      if (token !== BREAK && lastSeen[token] !== docIndex) {
        lastSeen[token] = docIndex;
        tokenDf[token]++;
      }
    }
  });
  const frequentToken = (token: number): boolean => tokenDf[token] >= options.minDf;
  const df = new Map<number, number>();
  for (const doc of docs) {
    for (const feature of countFeatures(doc, frequentToken).keys()) df.set(feature, (df.get(feature) ?? 0) + 1);
  }
  const maxDf = Math.max(options.minDf, Math.floor(options.maxDfRatio * docs.length));
  const kept: number[] = [];
  for (const [feature, count] of df) if (count >= options.minDf && count <= maxDf) kept.push(feature);
  kept.sort((a, b) => (df.get(b) ?? 0) - (df.get(a) ?? 0) || a - b);
  const features = kept.slice(0, options.maxTerms);
  const indexOf = new Map<number, number>();
  const idf = new Float64Array(features.length);
  const dfOut = new Int32Array(features.length);
  features.forEach((feature, index) => {
    indexOf.set(feature, index);
    dfOut[index] = df.get(feature) ?? 0;
    idf[index] = inverseDocumentFrequency(docs.length, dfOut[index]);
  });
  return { features, indexOf, idf, df: dfOut };
}

/** Unit-length sublinear TF-IDF vector over the given term index, or null when no term occurs. */
export function vectorize(counts: Map<number, number>, indexOf: Map<number, number>, idf: ArrayLike<number>): SparseVector | null {
  const indices: number[] = [];
  const values: number[] = [];
  for (const [feature, count] of counts) {
    const index = indexOf.get(feature);
    if (index === undefined) continue;
    indices.push(index);
    values.push((1 + Math.log(count)) * idf[index]);
  }
  if (indices.length === 0) return null;
  let norm = 0;
  for (const value of values) norm += value * value;
  norm = Math.sqrt(norm);
  return { indices: Int32Array.from(indices), values: Float64Array.from(values, (value) => value / norm) };
}
