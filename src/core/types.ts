/** Where a paper record was read from. */
export type SourceFormat = 'hf-daily-papers' | 'flatiron-publications' | 'bibtex' | 'csl-json';

export interface PaperSource {
  /** The file as the caller named it (a path or URI string). */
  file: string;
  format: SourceFormat;
  /** 1-based line of the entry's first line (its title, or the `@type{` line). */
  line: number;
  /** The listing page's own date (ISO `YYYY-MM-DD` or `YYYY-MM`), when the page shows one. */
  pageDate: string | null;
}

/** One paper in the corpus: exactly the fields the CLI's `parse --json` prints. */
export interface Paper {
  /** Stable across runs and machines: derived from the normalised title. */
  id: string;
  citationKey: string;
  title: string;
  /** Names in page order, `et al.` removed. */
  authors: string[];
  /** True when the page cut the list short (`et al.`). */
  authorsTruncated: boolean;
  /** From `N authors`, or the length of a complete list; null when unknown. */
  authorCount: number | null;
  organization: string | null;
  abstract: string;
  /** ISO `YYYY-MM-DD`, or null. */
  date: string | null;
  upvotes: number | null;
  sources: PaperSource[];
}

/**
 * Bibliographic fields a .bib or CSL-JSON file carries beyond the record,
 * kept so an export does not lose them. Keyed by paper id, outside the record.
 */
export interface BibliographicExtras {
  /** CSL type, e.g. `article-journal`, `paper-conference`, `article`. */
  type?: string;
  containerTitle?: string;
  volume?: string;
  issue?: string;
  pages?: string;
  publisher?: string;
  doi?: string;
  url?: string;
  /** `YYYY` or `YYYY-MM` when the source dates the work less precisely than a day (the record's date is then null). */
  issued?: string;
}

/** One entry as a parser saw it, before merging and key assignment. */
export interface ParsedEntry {
  title: string;
  authors: string[];
  authorsTruncated: boolean;
  authorCount: number | null;
  organization: string | null;
  abstract: string;
  date: string | null;
  upvotes: number | null;
  source: PaperSource;
  /** The key a .bib or CSL-JSON file already uses for this paper; it wins over a generated one. */
  existingKey?: string;
  extras?: BibliographicExtras;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

/** A problem found while reading; never thrown, always returned. */
export interface Diagnostic {
  file: string;
  /** 1-based; 0 when the problem concerns the whole file. */
  line: number;
  message: string;
  severity: DiagnosticSeverity;
}

export interface ParseResult {
  entries: ParsedEntry[];
  diagnostics: Diagnostic[];
}

export interface ParseOptions {
  /** "Today", for the year of year-less dates; defaults to the current date. */
  today?: Date;
  /** A year the user set for year-less dates on this page; overrides the inference. */
  pageYear?: number;
}
