/**
 * Papers as sparse TF-IDF vectors over words and two-word phrases. Tokens are interned to
 * integers and phrases packed into one number, so 100k abstracts need no per-phrase strings.
 */
import { astralWordLength, classOf, cleanRaw, HIGH_SURROGATE, JOINER, SPACE, tokenKey, WORD } from './text';

/*
 * Feature numbers: a single word is its token id (>= 0); a two-word phrase is -(pair id + 2).
 * Both stay small integers, which JavaScript Maps hash fast; packed pairs beyond 2^30 did not.
 */
const TITLE_WEIGHT = 2;
const BREAK = -1;

/** Open-addressing hash of token pairs -> pair id. */
interface PairTable {
  slots: Int32Array;
  first: number[];
  second: number[];
}

/**
 * Word as written -> token id (-1: carries no topic), found by two hashes computed while its
 * characters are scanned, so a word seen before costs no substring and one cache line: each slot
 * holds [hash, second hash, length, token], length 0 when empty. Two words would share a token
 * only by agreeing on length and all 64 hash bits: about once in a billion corpora of 100k distinct words.
 */
interface SeenWords {
  slots: Int32Array;
  count: number;
}

const SLOT = 4;

export interface TokenTable {
  ids: Map<string, number>;
  keys: string[];
  pairs: PairTable;
  seen: SeenWords;
  /** Where {@link tokenizeDoc} keeps papers' tokens. */
  chunk: Int32Array;
  chunkUsed: number;
}

export interface TokenizedDoc {
  /** Token ids in reading order; -1 where punctuation or a stop word breaks a phrase. */
  tokens: Int32Array;
  /** Tokens before this index come from the title. */
  titleLength: number;
  /** Tokens before this index (title and the abstract's opening) represent the paper when it is assigned to a topic. */
  assignLength: number;
}

export interface SparseVector {
  indices: Int32Array;
  values: Float64Array;
}

export function newTokenTable(): TokenTable {
  return {
    ids: new Map(),
    keys: [],
    seen: { slots: new Int32Array(SLOT << 16), count: 0 },
    pairs: { slots: new Int32Array(1 << 16).fill(-1), first: [], second: [] },
    chunk: new Int32Array(0),
    chunkUsed: 0,
  };
}

function pairSlot(slots: Int32Array, pairs: PairTable, first: number, second: number): number {
  const mask = slots.length - 1;
  let hash = Math.imul(first, 0x9e3779b1) + second;
  hash = Math.imul(hash ^ (hash >>> 15), 0x85ebca6b);
  let slot = (hash ^ (hash >>> 13)) & mask;
  for (;;) {
    const id = slots[slot];
    if (id < 0 || (pairs.first[id] === first && pairs.second[id] === second)) return slot;
    slot = (slot + 1) & mask;
  }
}

function internPair(table: TokenTable, first: number, second: number): number {
  const pairs = table.pairs;
  let slot = pairSlot(pairs.slots, pairs, first, second);
  if (pairs.slots[slot] >= 0) return pairs.slots[slot];
  if ((pairs.first.length + 1) * 2 > pairs.slots.length) {
    const grown = new Int32Array(pairs.slots.length * 2).fill(-1);
    for (let id = 0; id < pairs.first.length; id++) grown[pairSlot(grown, pairs, pairs.first[id], pairs.second[id])] = id;
    pairs.slots = grown;
    slot = pairSlot(grown, pairs, first, second);
  }
  const id = pairs.first.length;
  pairs.first.push(first);
  pairs.second.push(second);
  pairs.slots[slot] = id;
  return id;
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

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

const CHECK_OFFSET = 0x9747b28c;
const CHECK_PRIME = 0x5bd1e995;

/** Position of the slot holding this word, or of the empty slot where it belongs. */
function seenSlot(slots: Int32Array, hash: number, check: number, length: number): number {
  const mask = slots.length / SLOT - 1;
  for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
    const at = SLOT * slot;
    if (slots[at + 2] === 0 || (slots[at] === hash && slots[at + 1] === check && slots[at + 2] === length)) return at;
  }
}

function rehashSeen(seen: SeenWords): void {
  const old = seen.slots;
  const slots = new Int32Array(old.length * 2);
  for (let at = 0; at < old.length; at += SLOT) {
    if (old[at + 2] === 0) continue;
    slots.set(old.subarray(at, at + SLOT), seenSlot(slots, old[at], old[at + 1], old[at + 2]));
  }
  seen.slots = slots;
}

/** Token id of the unseen word text[start, end), normalised once and remembered under its hashes. */
function tokenOfNewWord(table: TokenTable, text: string, start: number, end: number, hash: number, check: number): number {
  const seen = table.seen;
  const key = tokenKey(cleanRaw(text.slice(start, end)));
  const token = key === null ? BREAK : internToken(table, key);
  if ((seen.count + 1) * 2 > seen.slots.length / SLOT) rehashSeen(seen);
  const at = seenSlot(seen.slots, hash, check, end - start);
  seen.slots[at] = hash;
  seen.slots[at + 1] = check;
  seen.slots[at + 2] = end - start;
  seen.slots[at + 3] = token;
  seen.count++;
  return token;
}

/** Reused between papers: tokens are written here, then copied out at their exact length. */
let scratch = new Int32Array(1 << 14);

/** Room for all tokens of `text` after `written`: at most one per code unit, plus the opening break. */
function reserve(written: number, text: string): Int32Array {
  const needed = written + text.length + 2;
  if (needed > scratch.length) {
    const larger = new Int32Array(Math.max(needed, scratch.length * 2));
    larger.set(scratch.subarray(0, written));
    scratch = larger;
  }
  return scratch;
}

/** Token count when the word limit of {@link appendTokens} was reached, or -1. */
let lengthAtLimit = -1;
/** Where in its text {@link appendTokens} reached the word limit: the code unit after the last word. */
let indexAtLimit = -1;

/**
 * The hot loop of 100k abstracts: the words and breaks of {@link scanWords}, scanned by hand and
 * hashed while scanned, so a known word costs no regex, no substring and no per-word object.
 * Appends the tokens of `text`; after `wordLimit` words it notes the length, and stops there when `stopAtLimit`.
 */
function appendTokens(text: string, table: TokenTable, written: number, wordLimit = Infinity, stopAtLimit = false): number {
  const out = reserve(written, text);
  const end = text.length;
  let length = written;
  out[length++] = BREAK;
  lengthAtLimit = -1;
  let slots = table.seen.slots;
  let i = 0;
  let words = 0;
  while (i < end) {
    if (words === wordLimit) {
      lengthAtLimit = length;
      indexAtLimit = i;
      if (stopAtLimit) break;
    }
    words++;
    let punctuated = false;
    let code = text.charCodeAt(i);
    let kind = classOf(code);
    let step = kind === WORD ? 1 : kind === HIGH_SURROGATE ? astralWordLength(text, i) : 0;
    while (step === 0) {
      if (kind !== SPACE) punctuated = true;
      if (++i >= end) break;
      code = text.charCodeAt(i);
      kind = classOf(code);
      step = kind === WORD ? 1 : kind === HIGH_SURROGATE ? astralWordLength(text, i) : 0;
    }
    if (i >= end) break;
    const start = i;
    let hash = FNV_OFFSET;
    let check = CHECK_OFFSET;
    for (;;) {
      hash = Math.imul(hash ^ code, FNV_PRIME);
      check = Math.imul(check ^ code, CHECK_PRIME);
      if (step === 2) {
        const low = text.charCodeAt(++i);
        hash = Math.imul(hash ^ low, FNV_PRIME);
        check = Math.imul(check ^ low, CHECK_PRIME);
      }
      if (++i >= end) break;
      code = text.charCodeAt(i);
      kind = classOf(code);
      if (kind === WORD) {
        step = 1;
        continue;
      }
      if (kind === HIGH_SURROGATE) {
        step = astralWordLength(text, i);
        if (step > 0) continue;
        break;
      }
      // A joiner continues the word only when a letter or digit follows (`single-cell`, `don't`).
      if (kind !== JOINER || i + 1 >= end) break;
      const nextCode = text.charCodeAt(i + 1);
      const nextKind = classOf(nextCode);
      step = nextKind === WORD ? 1 : nextKind === HIGH_SURROGATE ? astralWordLength(text, i + 1) : 0;
      if (step === 0) break;
      hash = Math.imul(hash ^ code, FNV_PRIME);
      check = Math.imul(check ^ code, CHECK_PRIME);
      code = nextCode;
      i++;
    }
    hash ^= hash >>> 15;
    check ^= check >>> 13;
    const at = seenSlot(slots, hash, check, i - start);
    let token: number;
    if (slots[at + 2] !== 0) token = slots[at + 3];
    else {
      token = tokenOfNewWord(table, text, start, i, hash, check);
      slots = table.seen.slots;
    }
    if ((token === BREAK || punctuated) && out[length - 1] !== BREAK) out[length++] = BREAK;
    if (token !== BREAK) out[length++] = token;
  }
  return length;
}

/**
 * Tokens of one paper. With `assignWords`, the paper is assigned by its title and that many
 * words of its abstract; unless `fullText`, the rest of the abstract is not even read.
 */
export function tokenizeDoc(title: string, abstract: string, table: TokenTable, assignWords = Infinity, fullText = true): TokenizedDoc {
  const titleLength = appendTokens(title, table, 0);
  const length = appendTokens(abstract, table, titleLength, assignWords, !fullText);
  const assignLength = lengthAtLimit >= 0 ? lengthAtLimit : length;
  return { tokens: keep(table, length), titleLength, assignLength };
}

/**
 * The tokens {@link tokenizeDoc} would give a paper up to its `assignLength`, without reading
 * further or keeping them: they live in a buffer the next call overwrites. `abstract` may be the
 * first part of a longer one: `settled` says whether these are the whole one's tokens too.
 */
export function tokenizeOpening(title: string, abstract: string, table: TokenTable, assignWords: number): TokenizedDoc & { settled: boolean } {
  const titleLength = appendTokens(title, table, 0);
  const length = appendTokens(abstract, table, titleLength, assignWords, true);
  // Where a word ends is decided by the character after it and, for a hyphen or an apostrophe, the one after that.
  const settled = lengthAtLimit >= 0 && indexAtLimit + 2 <= abstract.length;
  return { tokens: scratch.subarray(0, length), titleLength, assignLength: length, settled };
}

const CHUNK_TOKENS = 1 << 18;

/** A copy of the scratch tokens in a shared chunk: 100k papers make a few dozen buffers, not 100k, for the collector to track. */
function keep(table: TokenTable, length: number): Int32Array {
  if (length > CHUNK_TOKENS) return scratch.slice(0, length);
  if (table.chunk.length - table.chunkUsed < length) {
    table.chunk = new Int32Array(CHUNK_TOKENS);
    table.chunkUsed = 0;
  }
  const start = table.chunkUsed;
  table.chunk.set(scratch.subarray(0, length), start);
  table.chunkUsed += length;
  return table.chunk.subarray(start, start + length);
}

export function featureName(feature: number, table: TokenTable): string {
  if (feature >= 0) return table.keys[feature];
  const pair = -feature - 2;
  return `${table.keys[table.pairs.first[pair]]} ${table.keys[table.pairs.second[pair]]}`;
}

/**
 * The feature number of a term string in this table, or null when one of its words never occurs;
 * with `intern`, its words are added, so papers read later find them.
 */
export function featureOfName(name: string, table: TokenTable, intern = false): number | null {
  const words = name.split(' ');
  const first = intern ? internToken(table, words[0]) : table.ids.get(words[0]);
  if (first === undefined) return null;
  if (words.length === 1) return first;
  const second = intern ? internToken(table, words[1]) : table.ids.get(words[1]);
  return second === undefined ? null : -internPair(table, first, second) - 2;
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
  // A frequent token's document frequency is its own; phrases of two adjacent frequent tokens are counted once per paper.
  const pairDf: number[] = [];
  const pairLastSeen: number[] = [];
  docs.forEach((doc, docIndex) => {
    let previous = BREAK;
    for (const token of doc.tokens) {
      if (token === BREAK || tokenDf[token] < options.minDf) {
        previous = BREAK;
        continue;
      }
      if (previous !== BREAK) {
        const pair = internPair(table, previous, token);
        while (pairDf.length <= pair) {
          pairDf.push(0);
          pairLastSeen.push(-1);
        }
        if (pairLastSeen[pair] !== docIndex) {
          pairLastSeen[pair] = docIndex;
          pairDf[pair]++;
        }
      }
      previous = token;
    }
  });
  const dfOf = (feature: number): number => (feature >= 0 ? tokenDf[feature] : pairDf[-feature - 2]);
  const maxDf = Math.max(options.minDf, Math.floor(options.maxDfRatio * docs.length));
  const kept: number[] = [];
  for (let token = 0; token < tokenDf.length; token++) if (tokenDf[token] >= options.minDf && tokenDf[token] <= maxDf) kept.push(token);
  for (let pair = 0; pair < pairDf.length; pair++) if (pairDf[pair] >= options.minDf && pairDf[pair] <= maxDf) kept.push(-pair - 2);
  kept.sort((a, b) => dfOf(b) - dfOf(a) || a - b);
  const features = kept.slice(0, options.maxTerms);
  const idf = new Float64Array(features.length);
  const dfOut = new Int32Array(features.length);
  features.forEach((feature, index) => {
    dfOut[index] = dfOf(feature);
    idf[index] = inverseDocumentFrequency(docs.length, dfOut[index]);
  });
  return { features, idf, df: dfOut };
}


/** Term names resolved to this table's tokens and pairs, for counting without Maps. */
export interface TermIndex {
  size: number;
  /** Token id -> term index of the single word, or -1. */
  unigram: Int32Array;
  /** Open-addressing table of the indexed phrases: slots of [first token, second token, term index], term -1 when empty. */
  phrases: Int32Array;
  /** Tokens that open / close some indexed phrase; others skip the pair lookup. */
  opensPhrase: Uint8Array;
  closesPhrase: Uint8Array;
}

export function buildTermIndex(names: string[], table: TokenTable, intern = false): TermIndex {
  return termIndexOfFeatures(names.map((name) => featureOfName(name, table, intern)), table);
}

function phraseSlot(phrases: Int32Array, first: number, second: number): number {
  const mask = phrases.length / 3 - 1;
  let hash = Math.imul(first, 0x9e3779b1) + second;
  hash = Math.imul(hash ^ (hash >>> 15), 0x85ebca6b);
  for (let slot = (hash ^ (hash >>> 13)) & mask; ; slot = (slot + 1) & mask) {
    const at = 3 * slot;
    if (phrases[at + 2] < 0 || (phrases[at] === first && phrases[at + 1] === second)) return at;
  }
}

export function termIndexOfFeatures(features: (number | null)[], table: TokenTable): TermIndex {
  const unigram = new Int32Array(table.keys.length).fill(-1);
  const opensPhrase = new Uint8Array(table.keys.length);
  const closesPhrase = new Uint8Array(table.keys.length);
  let phraseCount = 0;
  for (const feature of features) if (feature !== null && feature < 0) phraseCount++;
  // Only the indexed phrases, at most half full: a few cache lines to probe, where the table of all pairs spans megabytes.
  let slots = 8;
  while (slots < 2 * phraseCount) slots *= 2;
  const phrases = new Int32Array(3 * slots).fill(-1);
  features.forEach((feature, index) => {
    if (feature === null) return;
    if (feature >= 0) {
      unigram[feature] = index;
      return;
    }
    const id = -feature - 2;
    const first = table.pairs.first[id];
    const second = table.pairs.second[id];
    const at = phraseSlot(phrases, first, second);
    phrases[at] = first;
    phrases[at + 1] = second;
    phrases[at + 2] = index;
    opensPhrase[first] = 1;
    closesPhrase[second] = 1;
  });
  return { size: features.length, unigram, phrases, opensPhrase, closesPhrase };
}

const SUBLINEAR = Float64Array.from({ length: 256 }, (_, count) => 1 + Math.log(count));

/** Sublinear term frequency, 1 + ln(count); counts are small sums of word weights, so mostly read from a table. */
export function sublinearTf(count: number): number {
  return count < 256 && Number.isInteger(count) ? SUBLINEAR[count] : 1 + Math.log(count);
}

/**
 * Adds one paper's weighted term counts into a dense array (indices in `touched`, first touch
 * only); the caller clears the touched entries afterwards.
 */
export function countTerms(doc: TokenizedDoc, index: TermIndex, counts: Float64Array, touched: number[], end = doc.tokens.length): void {
  const tokens = doc.tokens;
  const known = index.unigram.length;
  let previous = BREAK;
  for (let i = 0; i < end; i++) {
    const token = tokens[i];
    if (token === BREAK) {
      previous = BREAK;
      continue;
    }
    // Words first seen after the index was built are in none of its terms.
    if (token >= known) {
      previous = token;
      continue;
    }
    const weight = i < doc.titleLength ? TITLE_WEIGHT : 1;
    const single = index.unigram[token];
    if (single >= 0) {
      if (counts[single] === 0) touched.push(single);
      counts[single] += weight;
    }
    if (previous !== BREAK && previous < known && index.opensPhrase[previous] === 1 && index.closesPhrase[token] === 1) {
      const phrase = index.phrases[phraseSlot(index.phrases, previous, token) + 2];
      if (phrase >= 0) {
        if (counts[phrase] === 0) touched.push(phrase);
        counts[phrase] += weight;
      }
    }
    previous = token;
  }
}

/**
 * One paper's unit-length sublinear TF-IDF vector over an indexed vocabulary, or null when no
 * term occurs; `counts` is left zeroed for the next paper.
 */
export function termVector(doc: TokenizedDoc, index: TermIndex, idf: ArrayLike<number>, counts: Float64Array, touched: number[], end = doc.tokens.length): SparseVector | null {
  touched.length = 0;
  countTerms(doc, index, counts, touched, end);
  if (touched.length === 0) return null;
  const values = new Float64Array(touched.length);
  let norm = 0;
  touched.forEach((term, j) => {
    values[j] = sublinearTf(counts[term]) * idf[term];
    norm += values[j] * values[j];
    counts[term] = 0;
  });
  norm = Math.sqrt(norm);
  for (let j = 0; j < values.length; j++) values[j] /= norm;
  return { indices: Int32Array.from(touched), values };
}
