/** Text copied from a Hugging Face "Daily Papers" page. */
import { ParsedEntry, ParseOptions, ParseResult } from '../types';
import { DiagnosticLog } from './diagnostics';
import { DateWithUpvotes, PageDate, inferPageYear, isoMonth, parseDateWithUpvotes, parseMonthDay, parseMonthYear, resolveDate } from './dates';
import { Paragraph, joinLines, normalizeWhitespace, paragraphs, shorten, splitLines } from './text';

const FORMAT = 'hf-daily-papers';

/** Lines of the page header, lower-cased. */
const HEADER_LINES: ReadonlySet<string> = new Set([
  'new',
  'get trending papers in your email inbox!',
  'subscribe',
  'daily papers',
  'byak and the research community',
  'by ak and the research community',
]);

const AUTHORS_LINE = /^(?:[•*-]\s*)?(\d{1,6})\s+authors?$/i;
const METADATA_SEPARATOR = '·';
/** Longer first lines are abstracts, not titles. */
const MAX_TITLE_LENGTH = 400;
/** How many lines before the `·` line an authors/organisation part may span. */
const MAX_LINES_BEFORE_SEPARATOR = 2;
/** An organisation line is a handle and a display name; longer lines before `·` are abstracts. */
const MAX_ORGANIZATION_LENGTH = 120;
const SENTENCE_END = /[.!?)\]}"'”’»]$/;

interface Metadata {
  line: number;
  dateLine: number;
  authorCount: number | null;
  organization: string | null;
  date: DateWithUpvotes | null;
}

interface PendingEntry {
  title: string;
  titleLine: number;
  abstractParts: string[];
}

interface RawEntry {
  entry: ParsedEntry;
  pageDate: PageDate | null;
  dateLine: number;
}

/** The display name of an organisation line `polymathic-ai Polymathic AI`: `Polymathic AI`. */
export function organizationDisplayName(line: string): string {
  const text = normalizeWhitespace(line.replace(/^[•*-]\s*/, ''));
  const space = text.indexOf(' ');
  const displayName = space === -1 ? '' : text.slice(space + 1).trim();
  return displayName.length > 0 ? displayName : text;
}

function isTitleLike(line: string): boolean {
  return line.length <= MAX_TITLE_LENGTH;
}

/** Index of the first line of a metadata block at or after `from`, or -1. */
function metadataStart(lines: readonly string[], from = 0): number {
  for (let i = from; i < lines.length; i++) {
    if (lines[i] === METADATA_SEPARATOR || AUTHORS_LINE.test(lines[i])) return i;
    if (lines[i].length > MAX_ORGANIZATION_LENGTH) continue;
    if (lines[i + 1] === METADATA_SEPARATOR) return i;
    if (lines[i + 2] === METADATA_SEPARATOR && AUTHORS_LINE.test(lines[i + 1])) return i;
  }
  return -1;
}

function isOrganizationLine(line: string): boolean {
  return line !== METADATA_SEPARATOR && !AUTHORS_LINE.test(line);
}

class HfPageParser {
  private readonly raw: RawEntry[] = [];
  private current: PendingEntry | null = null;
  private skippedParagraphPending = false;
  private latestExplicitYear: number | null = null;

  private readonly diagnostics: DiagnosticLog;

  constructor(private readonly file: string) {
    this.diagnostics = new DiagnosticLog(file);
  }

  parse(lines: readonly string[], options?: ParseOptions): ParseResult {
    const blocks = paragraphs(lines);
    const header = this.readHeader(blocks);
    for (let i = header.bodyStart; i < blocks.length; i++) this.readParagraph(blocks[i]);
    this.finishAtEndOfPage();

    const pageYear =
      header.explicitYear !== null && options?.pageYear === undefined
        ? header.explicitYear
        : inferPageYear(this.latestExplicitYear, options);
    const pageDate = header.monthOnly
      ? isoMonth(header.monthOnly.year, header.monthOnly.month)
      : header.date
        ? resolveDate(header.date, pageYear)
        : null;
    const entries: ParsedEntry[] = new Array(this.raw.length);
    for (let i = 0; i < this.raw.length; i++) {
      const { entry, pageDate: printed, dateLine } = this.raw[i];
      entry.source.pageDate = pageDate;
      if (printed) {
        entry.date = resolveDate(printed, pageYear);
        if (entry.date === null) this.warn(dateLine, `No such day in ${pageYear}: ${printed.month}/${printed.day}; date left empty.`);
      }
      entries[i] = entry;
    }
    return { entries, diagnostics: this.diagnostics.list() };
  }

  private readHeader(blocks: readonly Paragraph[]): {
    bodyStart: number;
    date: PageDate | null;
    monthOnly: { year: number; month: number } | null;
    explicitYear: number | null;
  } {
    let sawHeaderLine = false;
    let index = 0;
    for (; index < blocks.length; index++) {
      if (!blocks[index].lines.every((line) => HEADER_LINES.has(line.toLowerCase()))) break;
      sawHeaderLine = true;
    }
    const candidate = blocks[index];
    const none = { bodyStart: index, date: null, monthOnly: null, explicitYear: null };
    if (!candidate || candidate.lines.length !== 1) return none;
    const monthOnly = parseMonthYear(candidate.lines[0]);
    const date = monthOnly ? null : parseMonthDay(candidate.lines[0]);
    if (!monthOnly && !date) return none;
    if (!sawHeaderLine && !this.leadingDateIsPageDate(blocks, index)) return none;
    return { bodyStart: index + 1, date, monthOnly, explicitYear: monthOnly?.year ?? date?.year ?? null };
  }

  /** Without a header, a lone leading date is the page's date only if a title and abstract follow it, not an abstract. */
  private leadingDateIsPageDate(blocks: readonly Paragraph[], dateIndex: number): boolean {
    const next = blocks[dateIndex + 1];
    const afterNext = blocks[dateIndex + 2];
    if (!next || metadataStart(next.lines) !== -1 || !isTitleLike(next.lines[0])) return false;
    return afterNext !== undefined && metadataStart(afterNext.lines) === -1;
  }

  private readParagraph(block: Paragraph): void {
    const lines = block.lines;
    let offset = 0;
    while (offset < lines.length) {
      let start = metadataStart(lines, offset);
      // A short line glued above the metadata is the abstract, not an organisation, when the entry has none yet.
      if (start !== -1 && isOrganizationLine(lines[start]) && this.wouldLackAbstract(start - offset)) {
        start = metadataStart(lines, start + 1);
      }
      if (start === -1) {
        this.readContent(offset === 0 ? lines : lines.slice(offset), block.line + offset);
        return;
      }
      if (start > offset) this.readContent(lines.slice(offset, start), block.line + offset);
      offset = start + this.readMetadata(lines, start, block.line + start);
    }
  }

  /** Whether the entry receiving the next metadata block would have no abstract after `contentLines` more lines. */
  private wouldLackAbstract(contentLines: number): boolean {
    const current = this.current;
    if (contentLines === 0) return current !== null && current.abstractParts.length === 0;
    return contentLines === 1 && (current === null || current.abstractParts.length > 0);
  }

  private readContent(lines: readonly string[], line: number): void {
    const current = this.current;
    if (current !== null && current.abstractParts.length === 0) {
      current.abstractParts.push(joinLines(lines));
      return;
    }
    if (!isTitleLike(lines[0])) {
      if (current !== null) {
        // A second long paragraph continues the abstract above.
        current.abstractParts.push(joinLines(lines));
      } else {
        this.warn(line, `Expected a paper title, found a paragraph of ${lines[0].length} characters; skipped.`);
        this.skippedParagraphPending = true;
      }
      return;
    }
    if (current !== null) this.finishEntry(current, null);
    this.skippedParagraphPending = false;
    this.current = {
      title: lines[0],
      titleLine: line,
      abstractParts: lines.length > 1 ? [joinLines(lines.slice(1))] : [],
    };
  }

  /** Reads the metadata block starting at `lines[start]`; returns how many lines it used. */
  private readMetadata(lines: readonly string[], start: number, line: number): number {
    let separator = -1;
    for (let i = start; i < lines.length && i <= start + MAX_LINES_BEFORE_SEPARATOR; i++) {
      if (lines[i] === METADATA_SEPARATOR) {
        separator = i;
        break;
      }
    }
    const meta: Metadata = { line, dateLine: line, authorCount: null, organization: null, date: null };
    const attributionEnd = separator === -1 ? start + 1 : separator;
    for (let i = start; i < attributionEnd; i++) {
      const authors = AUTHORS_LINE.exec(lines[i]);
      if (authors) meta.authorCount = Number(authors[1]);
      else meta.organization = organizationDisplayName(lines[i]);
    }
    let end = separator === -1 ? attributionEnd : separator + 1;
    const dateText = lines[end];
    if (dateText !== undefined) {
      meta.date = parseDateWithUpvotes(dateText);
      if (meta.date !== null || separator !== -1) {
        meta.dateLine = line + end - start;
        if (meta.date === null) this.warn(meta.dateLine, `Unrecognised date "${shorten(dateText)}"; date left empty.`);
        end++;
      }
    }
    if (dateText === undefined || (meta.date === null && separator === -1)) {
      this.warn(line, 'Metadata block without a date line; date left empty.');
    }
    this.attachMetadata(meta);
    return end - start;
  }

  private attachMetadata(meta: Metadata): void {
    const current = this.current;
    this.current = null;
    if (current === null) {
      if (!this.skippedParagraphPending) this.warn(meta.line, 'Metadata block with no paper title above it; skipped.');
      this.skippedParagraphPending = false;
      return;
    }
    this.finishEntry(current, meta);
  }

  private finishEntry(pending: PendingEntry, meta: Metadata | null): void {
    const abstract = pending.abstractParts.join(' ');
    if (abstract.length === 0) this.warn(pending.titleLine, `"${shorten(pending.title)}" has no abstract.`);
    const printedDate = meta?.date?.date ?? null;
    if (printedDate?.year != null && (this.latestExplicitYear === null || printedDate.year > this.latestExplicitYear)) {
      this.latestExplicitYear = printedDate.year;
    }
    this.raw.push({
      entry: {
        title: pending.title,
        authors: [],
        authorsTruncated: false,
        authorCount: meta?.authorCount ?? null,
        organization: meta?.organization ?? null,
        abstract,
        date: null,
        upvotes: meta?.date?.upvotes ?? null,
        source: { file: this.file, format: FORMAT, line: pending.titleLine, pageDate: null },
      },
      pageDate: printedDate,
      dateLine: meta?.dateLine ?? pending.titleLine,
    });
  }

  private finishAtEndOfPage(): void {
    const current = this.current;
    this.current = null;
    if (current === null) return;
    if (current.abstractParts.length === 0) {
      this.warn(current.titleLine, `The page ends after the title "${shorten(current.title)}"; entry skipped.`);
      return;
    }
    const lastPart = current.abstractParts[current.abstractParts.length - 1];
    if (!SENTENCE_END.test(lastPart)) {
      this.warn(current.titleLine, `The page seems to end inside the abstract of "${shorten(current.title)}"; loaded as it is.`);
    }
    this.finishEntry(current, null);
  }

  private warn(line: number, message: string): void {
    this.diagnostics.add(line, message);
  }
}

/** Parses the text of a Hugging Face Daily Papers page; problems become diagnostics, never exceptions. */
export function parseHfDailyPapers(text: string, file: string, options?: ParseOptions): ParseResult {
  return new HfPageParser(file).parse(splitLines(text), options);
}

/** {@link parseHfDailyPapers} for text already split by `splitLines`. */
export function parseHfDailyPaperLines(lines: readonly string[], file: string, options?: ParseOptions): ParseResult {
  return new HfPageParser(file).parse(lines, options);
}
