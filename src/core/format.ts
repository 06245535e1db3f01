import { familyName } from './citationKeys';
import type { Paper, PaperSource, SourceFormat } from './types';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A date as people read it, the same in every locale: `2026-02-05` → `Feb 5, 2026`,
 * `2026-02` → `Feb 2026`, `2026` → `2026`, anything else → `Undated`.
 */
export function formatDisplayDate(iso: string | null | undefined): string {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec((iso ?? '').trim());
  if (!match) return 'Undated';
  const year = Number(match[1]);
  if (match[2] === undefined) return String(year);
  const month = Number(match[2]);
  if (month < 1 || month > 12) return 'Undated';
  if (match[3] === undefined) return `${MONTHS[month - 1]} ${year}`;
  const day = Number(match[3]);
  if (day < 1 || day > daysInMonth(year, month)) return 'Undated';
  return `${MONTHS[month - 1]} ${day}, ${year}`;
}

export type AuthorStyle = 'short' | 'full';

type AuthorFields = Pick<Paper, 'authors' | 'authorsTruncated' | 'authorCount' | 'organization'>;

/**
 * Who wrote a paper, in one line. `short` (tree descriptions): `Zhang`, `Zhang and Yang`,
 * `Zhang et al.`; `full` (panel, notes): every name the page gave, `et al.` when it cut the list.
 * Without names: `N authors`, else the organization, else an empty string.
 */
export function describeAuthors(paper: AuthorFields, style: AuthorStyle = 'full'): string {
  const names = paper.authors.map((name) => name.trim()).filter((name) => name.length > 0);
  if (names.length > 0) {
    if (style === 'full') return names.join(', ') + (paper.authorsTruncated ? ' et al.' : '');
    const first = familyName(names[0]) || names[0];
    if (paper.authorsTruncated || names.length > 2) return `${first} et al.`;
    if (names.length === 2) return `${first} and ${familyName(names[1]) || names[1]}`;
    return first;
  }
  if (paper.authorCount !== null && paper.authorCount > 0) {
    return paper.authorCount === 1 ? '1 author' : `${paper.authorCount} authors`;
  }
  return paper.organization?.trim() ?? '';
}

const FORMAT_LABELS: Record<SourceFormat, string> = {
  'hf-daily-papers': 'Hugging Face Daily Papers',
  'flatiron-publications': 'Flatiron Institute publications',
  bibtex: 'BibTeX',
  'csl-json': 'CSL-JSON',
};

/** The name people know a source format by: `BibTeX`, `Hugging Face Daily Papers`. */
export function formatLabel(format: SourceFormat): string {
  return FORMAT_LABELS[format] ?? format;
}

/** The last segment of a path or URI string, percent-decoded for URIs: `papers/hf.txt` → `hf.txt`. */
export function fileBaseName(file: string): string {
  const isUri = /^[a-z][a-z0-9+.-]*:\/\//i.test(file);
  const path = isUri ? file.replace(/[?#].*$/, '') : file;
  const segments = path.split(/[\\/]/).filter((segment) => segment.length > 0);
  const last = segments[segments.length - 1] ?? file;
  if (!isUri) return last;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** Where a sighting came from, short enough for a list: `004_hf.txt:12`. */
export function describeSource(source: PaperSource): string {
  return source.line > 0 ? `${fileBaseName(source.file)}:${source.line}` : fileBaseName(source.file);
}

/** `100,014` for 100014. Not `toLocaleString`: its first call sets up Intl, ~100 ms during activation. */
export function groupDigits(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
