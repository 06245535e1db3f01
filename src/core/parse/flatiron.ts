/** Text copied from the Flatiron Institute publications page. */
import { ParsedEntry, ParseOptions, ParseResult } from '../types';
import { DiagnosticLog } from './diagnostics';
import { PageDate, inferPageYear, parseMonthDay, resolveDate } from './dates';
import { normalizeWhitespace, shorten, splitLines } from './text';

const FORMAT = 'flatiron-publications';

const HEADER = /^\d[\d,.]*\s+publications?$/i;
/** The button under each entry; `Hide Abstract` when the user expanded it before copying. */
const ABSTRACT_TOGGLE = /^(?:show|hide) abstract$/i;
/** Pagination bullets and the site footer end the listing. */
const FOOTER_LINE = /^(?:[•·*]\s*(?:previous page|next page|viewing)\b|advancing research in basic science and mathematics\s*subscribe)/i;
const ET_AL = /,?\s*\bet\.?\s+al\.?$/i;
const ET_AL_MAX_LENGTH = 16;
/** Author names are short; a comma-separated piece with more words belongs to prose. */
const MAX_WORDS_PER_AUTHOR = 6;
const MAX_AUTHOR_LINE_LENGTH = 5000;

interface Block {
  line: number;
  text: string;
}

export interface AuthorList {
  authors: string[];
  truncated: boolean;
}

/** `Ali Siahkoohi , R. Morel, O. Troyanskaya, et al.` -> names in order, `et al.` removed. */
export function parseAuthorList(text: string): AuthorList {
  let list = normalizeWhitespace(text);
  // Only the tail can hold `et al.`; matching there keeps the regex off long text.
  const tailStart = Math.max(0, list.length - ET_AL_MAX_LENGTH);
  const etAl = ET_AL.exec(list.slice(tailStart));
  const truncated = etAl !== null;
  if (etAl !== null) list = list.slice(0, tailStart + etAl.index);
  const pieces = list.split(',');
  const last = pieces[pieces.length - 1];
  // `A, B and C` and `A, B, & C`: the conjunction joins the last two names.
  const conjunction = /^(.*?)\s*(?:^|\s)(?:and|&)\s+(.+)$/.exec(last.trim());
  if (conjunction) pieces.splice(pieces.length - 1, 1, conjunction[1], conjunction[2]);
  const authors = pieces.map((piece) => piece.trim()).filter((piece) => piece.length > 0);
  return { authors, truncated };
}

/** True for a line of names (`Yikuan Zhang, Ning Yang, Y. Tu`), false for prose such as an abstract. */
export function looksLikeAuthorList(text: string): boolean {
  return authorListOf(text) !== null;
}

/** The names of a line of names, or null when it reads as prose such as an abstract. */
function authorListOf(text: string): AuthorList | null {
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_AUTHOR_LINE_LENGTH) return null;
  const tail = trimmed.slice(-ET_AL_MAX_LENGTH);
  const endsLikeSentence = /[.!?:;]$/.test(tail) && !ET_AL.test(tail) && !/\b\p{Lu}\.$/u.test(tail);
  if (endsLikeSentence) return null;
  const list = parseAuthorList(trimmed);
  return list.authors.length > 0 && list.authors.every(isShortEnoughForAName) ? list : null;
}

function isShortEnoughForAName(name: string): boolean {
  let spaces = 0;
  for (let at = name.indexOf(' '); at !== -1; at = name.indexOf(' ', at + 1)) {
    if (++spaces >= MAX_WORDS_PER_AUTHOR) return false;
  }
  return true;
}

/** The texts of `blocks[from]` onwards joined by spaces. */
function textsFrom(blocks: readonly Block[], from: number): string {
  if (from >= blocks.length) return '';
  if (from === blocks.length - 1) return blocks[from].text;
  return blocks.slice(from).map((block) => block.text).join(' ');
}

class FlatironPageParser {
  private readonly entries: ParsedEntry[] = [];
  private readonly printedDates: ({ date: PageDate; line: number } | null)[] = [];
  private blocks: Block[] = [];
  /** The open paragraph's lines are the first paragraphLineCount of these; the array is reused, not reallocated. */
  private readonly paragraphLines: string[] = [];
  private paragraphLineCount = 0;
  private paragraphLine = 0;
  private latestExplicitYear: number | null = null;

  private readonly diagnostics: DiagnosticLog;

  constructor(private readonly file: string) {
    this.diagnostics = new DiagnosticLog(file);
  }

  parse(lines: readonly string[], options?: ParseOptions): ParseResult {
    let reachedFooter = false;
    for (let i = 0; i < lines.length && !reachedFooter; i++) {
      const line = lines[i].trim();
      if (line.length === 0) {
        this.closeParagraph();
      } else if (ABSTRACT_TOGGLE.test(line)) {
        this.closeParagraph();
        const toggleLine = i + 1;
        const date = i + 1 < lines.length ? parseMonthDay(lines[i + 1]) : null;
        if (date !== null) i++;
        this.finishEntry(toggleLine, date);
      } else if (FOOTER_LINE.test(line)) {
        reachedFooter = true;
      } else {
        if (this.paragraphLineCount === 0) this.paragraphLine = i + 1;
        this.paragraphLines[this.paragraphLineCount++] = line;
      }
    }
    this.closeParagraph();
    this.finishAtEndOfPage();

    const pageYear = inferPageYear(this.latestExplicitYear, options);
    for (let i = 0; i < this.entries.length; i++) {
      const printed = this.printedDates[i];
      if (printed === null) continue;
      this.entries[i].date = resolveDate(printed.date, pageYear);
      if (this.entries[i].date === null) this.warn(printed.line, `No such day in ${pageYear}: ${printed.date.month}/${printed.date.day}; date left empty.`);
    }
    return { entries: this.entries, diagnostics: this.diagnostics.list() };
  }

  private closeParagraph(): void {
    const count = this.paragraphLineCount;
    if (count === 0) return;
    const block = { line: this.paragraphLine, text: count === 1 ? this.paragraphLines[0] : this.paragraphLines.slice(0, count).join(' ') };
    this.paragraphLineCount = 0;
    const isPageHeader = this.entries.length === 0 && this.blocks.length === 0 && HEADER.test(block.text);
    if (!isPageHeader) this.blocks.push(block);
  }

  /** Builds the entry from the paragraphs above the `Show Abstract` line at `toggleLine`; a date follows that line. */
  private finishEntry(toggleLine: number, date: PageDate | null): void {
    const blocks = this.blocks;
    this.blocks = [];
    if (blocks.length === 0) {
      this.warn(toggleLine, '"Show Abstract" with no paper above it; skipped.');
      return;
    }
    const title = blocks[0];
    // With only one paragraph after the title, it is the abstract unless it reads as a list of names.
    const authors = blocks.length > 1 && (blocks.length > 2 || blocks[1].text.length < 300) ? authorListOf(blocks[1].text) : null;
    const abstract = textsFrom(blocks, authors === null ? 1 : 2);
    if (abstract.length === 0) this.warn(title.line, `"${shorten(title.text)}" has no abstract.`);
    if (date?.year != null && (this.latestExplicitYear === null || date.year > this.latestExplicitYear)) {
      this.latestExplicitYear = date.year;
    }
    const truncated = authors?.truncated ?? false;
    this.entries.push({
      title: title.text,
      authors: authors?.authors ?? [],
      authorsTruncated: truncated,
      authorCount: authors === null || truncated ? null : authors.authors.length,
      organization: null,
      abstract,
      date: null,
      upvotes: null,
      source: { file: this.file, format: FORMAT, line: title.line, pageDate: null },
    });
    this.printedDates.push(date === null ? null : { date, line: toggleLine + 1 });
  }

  private finishAtEndOfPage(): void {
    const blocks = this.blocks;
    if (blocks.length === 0) return;
    if (blocks.length === 1) {
      this.warn(blocks[0].line, `The page ends after "${shorten(blocks[0].text)}", with no abstract; skipped.`);
      this.blocks = [];
      return;
    }
    this.warn(blocks[0].line, `The page ends before "Show Abstract" of "${shorten(blocks[0].text)}"; loaded as it is.`);
    this.finishEntry(blocks[0].line, null);
  }

  private warn(line: number, message: string): void {
    this.diagnostics.add(line, message);
  }
}

/** Parses the text of the Flatiron Institute publications page; problems become diagnostics, never exceptions. */
export function parseFlatironPublications(text: string, file: string, options?: ParseOptions): ParseResult {
  return new FlatironPageParser(file).parse(splitLines(text), options);
}

/** {@link parseFlatironPublications} for text already split by `splitLines`. */
export function parseFlatironLines(lines: readonly string[], file: string, options?: ParseOptions): ParseResult {
  return new FlatironPageParser(file).parse(lines, options);
}
