import { citationKeysOf, type KeyRequest } from './citationKeys';
import { hashHex, titleHash, titleHashWords } from './normalize';
import { sortSmall } from './sortSmall';
import type { BibliographicExtras, Diagnostic, Paper, ParsedEntry, ParseResult, PaperSource } from './types';

export interface Corpus {
  papers: Paper[];
  diagnostics: Diagnostic[];
  /** Bibliographic fields from .bib and CSL-JSON sources, by paper id. */
  extras: Map<string, BibliographicExtras>;
}

const FORMAT_RANK: Record<PaperSource['format'], number> = { bibtex: 0, 'csl-json': 1, 'flatiron-publications': 2, 'hf-daily-papers': 3 };

function compareSources(a: PaperSource, b: PaperSource): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line;
}

/** A complete author list beats a truncated one; then the longer list. */
function authorRichness(entry: ParsedEntry): number {
  return (entry.authors.length > 0 && !entry.authorsTruncated ? 1_000_000 : 0) + entry.authors.length;
}

function pickBest<T>(entries: ParsedEntry[], score: (e: ParsedEntry) => number, value: (e: ParsedEntry) => T): T {
  if (entries.length === 1) return value(entries[0]);
  let best = entries[0];
  let bestScore = score(best);
  for (let i = 1; i < entries.length; i++) {
    const entryScore = score(entries[i]);
    if (entryScore > bestScore) {
      best = entries[i];
      bestScore = entryScore;
    }
  }
  return value(best);
}

/** A title in mixed case reads better than one a page shouted or flattened. */
function titleCasingScore(entry: ParsedEntry): number {
  const { title } = entry;
  // An ASCII title is mixed when it has both cases; seeing that by its characters spares two copies of it.
  let lower = false;
  let upper = false;
  for (let i = 0; i < title.length; i++) {
    const code = title.charCodeAt(i);
    if (code >= 0x80) return title !== title.toUpperCase() && title !== title.toLowerCase() ? 1 : 0;
    if (code >= 97 && code <= 122) lower = true;
    else if (code >= 65 && code <= 90) upper = true;
  }
  return lower && upper ? 1 : 0;
}

/** The record of a paper seen once: `mergeEntries` of that one sighting, without its search for the best. */
function paperOf(id: string, entry: ParsedEntry): Paper {
  const { authors, authorsTruncated, authorCount } = entry;
  return {
    id,
    citationKey: '',
    title: entry.title,
    authors,
    authorsTruncated,
    authorCount: authorCount !== null ? Math.max(authorCount, authorsTruncated ? 0 : authors.length) : authors.length > 0 && !authorsTruncated ? authors.length : null,
    organization: entry.organization || null,
    abstract: entry.abstract,
    date: entry.date || null,
    upvotes: entry.upvotes,
    sources: [entry.source],
  };
}

/** One record from every sighting of the same paper: all its sources and the richest metadata; citation key still empty. */
function mergeEntries(id: string, entries: ParsedEntry[]): Paper {
  // Explicit bibliographic sources first, so their wording and dates win ties over listing pages.
  sortSmall(entries, (a, b) => FORMAT_RANK[a.source.format] - FORMAT_RANK[b.source.format] || compareSources(a.source, b.source));
  let authorSource = entries[0];
  let authorScore = authorRichness(authorSource);
  let largestCount: number | null = null;
  let mostUpvotes: number | null = null;
  for (const entry of entries) {
    const score = authorRichness(entry);
    if (score > authorScore) {
      authorSource = entry;
      authorScore = score;
    }
    if (entry.authorCount !== null) largestCount = largestCount === null ? entry.authorCount : Math.max(largestCount, entry.authorCount);
    if (entry.upvotes !== null) mostUpvotes = mostUpvotes === null ? entry.upvotes : Math.max(mostUpvotes, entry.upvotes);
  }
  const authors = authorSource.authors;
  const authorsTruncated = authors.length === 0 ? entries.some((e) => e.authorsTruncated) : authorSource.authorsTruncated;
  return {
    id,
    citationKey: '',
    title: pickBest(entries, titleCasingScore, (e) => e.title),
    authors,
    authorsTruncated,
    authorCount: largestCount !== null ? Math.max(largestCount, authorsTruncated ? 0 : authors.length) : authors.length > 0 && !authorsTruncated ? authors.length : null,
    organization: entries.find((e) => e.organization)?.organization ?? null,
    abstract: pickBest(entries, (e) => e.abstract.length, (e) => e.abstract),
    date: entries.find((e) => e.date)?.date ?? null,
    upvotes: mostUpvotes,
    sources: sortSmall(entries.map((e) => e.source), compareSources),
  };
}

/** The first key a sighting brings from the user's .bib or CSL-JSON, in merge order. */
function existingKeyOf(entries: ParsedEntry[]): string | undefined {
  for (const entry of entries) if (entry.existingKey) return entry.existingKey;
  return undefined;
}

/** Bibliographic fields of all sightings; an earlier sighting's field wins. */
function extrasOf(entries: ParsedEntry[]): BibliographicExtras | undefined {
  let extras: BibliographicExtras | undefined;
  for (const entry of entries) if (entry.extras) extras = { ...entry.extras, ...(extras ?? {}) };
  return extras;
}

/** The stable id of a paper: its normalised title, hashed. */
export function paperId(title: string): string {
  return titleHash(title);
}

/** Every sighting by paper, in order of first sighting; a paper seen once (nearly all) keeps its entry, not an array of one. */
interface Sightings {
  ids: string[];
  sightings: (ParsedEntry | ParsedEntry[])[];
}

/**
 * Groups entries by the 64-bit hash of their normalised title in an open-addressing table of numbers:
 * no id string per entry and no map of 100k strings for the garbage collector to trace.
 */
function groupSightings(results: ParseResult[]): Sightings {
  let total = 0;
  for (const result of results) total += result.entries.length;
  let size = 16;
  while (size < total * 2) size *= 2;
  const mask = size - 1;
  // Each slot holds its group and that group's hash side by side, so a probe reads one cache line.
  const slots = new Int32Array(size * 3).fill(-1);
  const highs = new Uint32Array(total);
  const lows = new Uint32Array(total);
  const hash = new Uint32Array(2);
  const sightings: (ParsedEntry | ParsedEntry[])[] = [];
  for (const result of results) {
    const { entries } = result;
    for (let e = 0; e < entries.length; e++) {
      const entry = entries[e];
      titleHashWords(entry.title, hash);
      const high = hash[0] | 0;
      const low = hash[1] | 0;
      let slot = low & mask;
      let group = slots[slot * 3];
      while (group !== -1 && (slots[slot * 3 + 1] !== high || slots[slot * 3 + 2] !== low)) {
        slot = (slot + 1) & mask;
        group = slots[slot * 3];
      }
      if (group === -1) {
        slots[slot * 3] = sightings.length;
        slots[slot * 3 + 1] = high;
        slots[slot * 3 + 2] = low;
        highs[sightings.length] = high;
        lows[sightings.length] = low;
        sightings.push(entry);
        continue;
      }
      const seen = sightings[group];
      if (Array.isArray(seen)) seen.push(entry);
      else sightings[group] = [seen, entry];
    }
  }
  const ids = sightings.map((_, group) => hashHex(highs[group], lows[group]));
  return { ids, sightings };
}

/** The papers of a corpus as merging finds them, before it builds them all: their ids, and any one of them built on request. */
export interface GroupedPapers {
  /** One id per paper, in merge order (not the corpus's final order). */
  ids: readonly string[];
  /** The paper with `ids[group]`, built as the corpus will hold it but for its citation key (empty). */
  paper(group: number): Paper;
}

/**
 * Merges parse results into one corpus: duplicates become one record, every paper gets a unique citation key.
 * `afterGrouping` learns the papers' ids as soon as duplicates are found, before any paper is built: a thread
 * that needs only some of the papers (a topic fit's sample) can be sent them that much earlier.
 */
export function buildCorpus(results: ParseResult[], afterGrouping?: (papers: GroupedPapers) => void): Corpus {
  const diagnostics: Diagnostic[] = [];
  for (const result of results) for (const diagnostic of result.diagnostics) diagnostics.push(diagnostic);
  const { ids, sightings } = groupSightings(results);
  afterGrouping?.({
    ids,
    paper: (group) => {
      const seen = sightings[group];
      return Array.isArray(seen) ? mergeEntries(ids[group], seen) : paperOf(ids[group], seen);
    },
  });
  const papers: Paper[] = [];
  // A paper is the key request of itself when no sighting brings a key.
  const keyRequests: KeyRequest[] = [];
  const extras = new Map<string, BibliographicExtras>();
  for (let group = 0; group < sightings.length; group++) {
    const id = ids[group];
    const seen = sightings[group];
    let paper: Paper;
    let existingKey: string | undefined;
    if (Array.isArray(seen)) {
      paper = mergeEntries(id, seen);
      existingKey = existingKeyOf(seen);
      const merged = extrasOf(seen);
      if (merged) extras.set(id, merged);
    } else {
      paper = paperOf(id, seen);
      existingKey = seen.existingKey || undefined;
      if (seen.extras) extras.set(id, { ...seen.extras });
    }
    papers.push(paper);
    keyRequests.push(existingKey ? { id, title: paper.title, authors: paper.authors, date: paper.date, existingKey } : paper);
  }
  const byFirstSource = (a: Paper, b: Paper) => compareSources(a.sources[0], b.sources[0]);
  // Files read in order give papers in order already, which one pass confirms more cheaply than a sort.
  let sorted = true;
  for (let i = 1; i < papers.length && sorted; i++) sorted = byFirstSource(papers[i - 1], papers[i]) <= 0;
  const ordered = sorted ? papers : [...papers].sort(byFirstSource);
  // The key requests pair with the records in merge order; the keys are set on those same records.
  const keys = citationKeysOf(keyRequests);
  for (let i = 0; i < papers.length; i++) papers[i].citationKey = keys[i];
  return { papers: ordered, diagnostics, extras };
}
