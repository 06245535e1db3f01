import { citationKeysOf } from './citationKeys';
import { titleHash } from './normalize';
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
  return title !== title.toUpperCase() && title !== title.toLowerCase() ? 1 : 0;
}

/** One record from every sighting of the same paper: all its sources and the richest metadata. */
function mergeEntries(id: string, entries: ParsedEntry[]): MergedPaper {
  // Explicit bibliographic sources first, so their wording and dates win ties over listing pages.
  if (entries.length > 1) entries.sort((a, b) => FORMAT_RANK[a.source.format] - FORMAT_RANK[b.source.format] || compareSources(a.source, b.source));
  let authorSource = entries[0];
  let authorScore = authorRichness(authorSource);
  let largestCount: number | null = null;
  let mostUpvotes: number | null = null;
  let extras: BibliographicExtras | undefined;
  for (const entry of entries) {
    const score = authorRichness(entry);
    if (score > authorScore) {
      authorSource = entry;
      authorScore = score;
    }
    if (entry.authorCount !== null) largestCount = largestCount === null ? entry.authorCount : Math.max(largestCount, entry.authorCount);
    if (entry.upvotes !== null) mostUpvotes = mostUpvotes === null ? entry.upvotes : Math.max(mostUpvotes, entry.upvotes);
    if (entry.extras) extras = { ...entry.extras, ...(extras ?? {}) };
  }
  const authors = authorSource.authors;
  const authorsTruncated = authors.length === 0 ? entries.some((e) => e.authorsTruncated) : authorSource.authorsTruncated;
  const paper: Paper = {
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
    sources: entries.length === 1 ? [entries[0].source] : entries.map((e) => e.source).sort(compareSources),
  };
  return { paper, existingKey: entries.find((e) => e.existingKey)?.existingKey, extras };
}

interface MergedPaper {
  /** Complete but for its citation key, which needs every paper merged first. */
  paper: Paper;
  existingKey: string | undefined;
  extras: BibliographicExtras | undefined;
}

/** The stable id of a paper: its normalised title, hashed. */
export function paperId(title: string): string {
  return titleHash(title);
}

/** Merges parse results into one corpus: duplicates become one record, every paper gets a unique citation key. */
export function buildCorpus(results: ParseResult[]): Corpus {
  const groups = new Map<string, ParsedEntry[]>();
  const diagnostics: Diagnostic[] = [];
  for (const result of results) {
    for (const diagnostic of result.diagnostics) diagnostics.push(diagnostic);
    for (const entry of result.entries) {
      const id = paperId(entry.title);
      const group = groups.get(id);
      if (group) group.push(entry);
      else groups.set(id, [entry]);
    }
  }
  const merged: MergedPaper[] = [];
  groups.forEach((entries, id) => merged.push(mergeEntries(id, entries)));
  const keys = citationKeysOf(merged.map(({ paper, existingKey }) => ({ id: paper.id, title: paper.title, authors: paper.authors, date: paper.date, existingKey })));
  const extras = new Map<string, BibliographicExtras>();
  const papers: Paper[] = [];
  for (let i = 0; i < merged.length; i++) {
    const { paper, extras: paperExtras } = merged[i];
    paper.citationKey = keys[i];
    if (paperExtras) extras.set(paper.id, paperExtras);
    papers.push(paper);
  }
  papers.sort((a, b) => compareSources(a.sources[0], b.sources[0]));
  return { papers, diagnostics, extras };
}
