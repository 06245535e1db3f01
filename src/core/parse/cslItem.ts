/** Shared mapping from a CSL-JSON item (read from a .bib via Citation.js, or from a CSL-JSON file) to a ParsedEntry. */
import { plainText } from '../citationJs';
import type { BibliographicExtras, Diagnostic, ParsedEntry, PaperSource } from '../types';

export interface CslName {
  given?: unknown;
  family?: unknown;
  literal?: unknown;
  suffix?: unknown;
  'dropping-particle'?: unknown;
  'non-dropping-particle'?: unknown;
}

function text(value: unknown): string {
  if (typeof value === 'string') return plainText(value);
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

/** "Given Family": the display form every parser produces; a suffix follows the family name. */
export function displayName(name: CslName): string {
  const literal = text(name.literal);
  if (literal) return literal;
  return [name.given, name['dropping-particle'], name['non-dropping-particle'], name.family, name.suffix]
    .map(text)
    .filter(Boolean)
    .join(' ');
}

function isOthers(name: CslName): boolean {
  const only = text(name.literal) || (text(name.given) ? '' : text(name.family));
  return /^others$/i.test(only);
}

export interface AuthorList {
  authors: string[];
  authorsTruncated: boolean;
  authorCount: number | null;
  organization: string | null;
}

/**
 * Authors in order; `and others` marks the list as truncated. A corporate name standing alone
 * becomes the organization, as the listing pages show one, and the person list stays empty.
 */
export function authorList(names: unknown, isCorporate: (name: CslName, index: number) => boolean): AuthorList {
  const list = Array.isArray(names) ? names.filter((n): n is CslName => typeof n === 'object' && n !== null) : [];
  const people = list.filter((n) => !isOthers(n));
  const authorsTruncated = people.length < list.length;
  if (people.length === 1 && !authorsTruncated && isCorporate(people[0], list.indexOf(people[0]))) {
    return { authors: [], authorsTruncated: false, authorCount: null, organization: displayName(people[0]) };
  }
  const authors = people.map(displayName).filter(Boolean);
  return {
    authors,
    authorsTruncated,
    authorCount: authorsTruncated || authors.length === 0 ? null : authors.length,
    organization: null,
  };
}

function isValidDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

export interface CslDate {
  /** ISO `YYYY-MM-DD` when the source gives a day. */
  full: string | null;
  /** `YYYY` or `YYYY-MM` when it gives less than a day. */
  partial: string | null;
}

function fromParts(parts: unknown[]): CslDate {
  const [year, month, day] = parts.map((p) => (typeof p === 'string' && /^\d+$/.test(p.trim()) ? Number(p) : p));
  if (typeof year !== 'number' || !Number.isInteger(year) || year < 1 || year > 9999) return { full: null, partial: null };
  if (typeof month !== 'number' || !Number.isInteger(month) || month < 1 || month > 12) return { full: null, partial: pad(year, 4) };
  if (typeof day !== 'number' || !isValidDay(year, month, day)) return { full: null, partial: `${pad(year, 4)}-${pad(month)}` };
  return { full: `${pad(year, 4)}-${pad(month)}-${pad(day)}`, partial: null };
}

/** A CSL date variable (`date-parts`, `raw`, or an ISO/EDTF string) as a full or partial ISO date. */
export function cslDate(value: unknown): CslDate {
  if (typeof value === 'string') {
    const match = /^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?/.exec(value);
    return match ? fromParts([match[1], match[2], match[3]]) : { full: null, partial: null };
  }
  if (typeof value !== 'object' || value === null) return { full: null, partial: null };
  const record = value as Record<string, unknown>;
  const parts = record['date-parts'];
  if (Array.isArray(parts) && Array.isArray(parts[0])) return fromParts(parts[0]);
  return cslDate(record.raw ?? record.literal);
}

const extrasFields: Array<[keyof BibliographicExtras, string]> = [
  ['type', 'type'],
  ['containerTitle', 'container-title'],
  ['volume', 'volume'],
  ['issue', 'issue'],
  ['pages', 'page'],
  ['publisher', 'publisher'],
  ['doi', 'DOI'],
  ['url', 'URL'],
];

function cslExtras(item: Record<string, unknown>, partialDate: string | null): BibliographicExtras | undefined {
  const extras: BibliographicExtras = {};
  for (const [ours, csl] of extrasFields) {
    const value = ours === 'doi' || ours === 'url' ? String(item[csl] ?? '').trim() : text(item[csl]);
    if (value) extras[ours] = value;
  }
  if (partialDate) extras.issued = partialDate;
  return Object.keys(extras).length > 0 ? extras : undefined;
}

/**
 * One CSL item to a ParsedEntry, or null (with a diagnostic) when it has no title.
 * `isCorporate` tells a corporate author from a person where the source can say so.
 */
export function cslItemToEntry(
  item: Record<string, unknown>,
  source: PaperSource,
  existingKey: string | undefined,
  isCorporate: (name: CslName, index: number) => boolean,
  diagnostics: Diagnostic[],
): ParsedEntry | null {
  const title = text(item.title);
  const what = existingKey ? `Entry "${existingKey}"` : 'An entry';
  if (!title) {
    diagnostics.push({ file: source.file, line: source.line, message: `${what} has no title; skipped.`, severity: 'warning' });
    return null;
  }
  const date = cslDate(item.issued);
  const entry: ParsedEntry = {
    title,
    ...authorList(item.author, isCorporate),
    abstract: text(item.abstract),
    date: date.full,
    upvotes: null,
    source,
  };
  if (existingKey) entry.existingKey = existingKey;
  const extras = cslExtras(item, date.partial);
  if (extras) entry.extras = extras;
  return entry;
}
