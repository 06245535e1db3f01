/** Entry point of the parsers: any supported file's text or bytes to entries and diagnostics. */
import { Diagnostic, DiagnosticSeverity, ParseOptions, ParseResult, SourceFormat } from '../types';
import { parseBibtex } from './bibtex';
import { parseCslJson } from './cslJson';
import { detectFormat, detectFormatOfLines } from './detect';
import { parseFlatironLines, parseFlatironPublications } from './flatiron';
import { parseHfDailyPaperLines, parseHfDailyPapers } from './hfDailyPapers';
import { ByteLines, linesOfUtf8 } from './lines';
import { looksBinary, stripBom } from './text';

export { detectFormat } from './detect';
export { parseFlatironPublications } from './flatiron';
export { parseHfDailyPapers } from './hfDailyPapers';

function fileProblem(file: string, message: string, severity: DiagnosticSeverity = 'error'): ParseResult {
  const diagnostic: Diagnostic = { file, line: 0, message, severity };
  return { entries: [], diagnostics: [diagnostic] };
}

/** The result for a file that could not be read at all (missing, no permission, a directory...). */
export function unreadableFileResult(file: string, error: unknown): ParseResult {
  return fileProblem(file, `Could not read the file: ${error instanceof Error ? error.message : String(error)}`);
}

const EMPTY_FILE = 'The file is empty.';

/** Parses a file's text in whichever known format it holds; never throws. */
export function parseText(text: string, file: string, options?: ParseOptions): ParseResult {
  const content = stripBom(text);
  if (!/\S/.test(content)) return fileProblem(file, EMPTY_FILE, 'warning');
  if (looksBinary(content)) return fileProblem(file, 'The file is binary, not text; nothing loaded.');
  const format = detectFormat(content, file);
  if (format === null) return unknownFormat(file);
  return guardedParse(file, format, () => parseInFormat(content, file, format, options));
}

function unknownFormat(file: string): ParseResult {
  return fileProblem(
    file,
    'Unknown format: expected a Hugging Face Daily Papers page, the Flatiron Institute publications page, BibTeX or CSL-JSON.',
  );
}

function guardedParse(file: string, format: SourceFormat, parse: () => ParseResult): ParseResult {
  let result: ParseResult;
  try {
    result = parse();
  } catch (error) {
    // A parser bug must not take the rest of the corpus down with it.
    return fileProblem(file, `Could not parse the file: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (result.entries.length === 0 && result.diagnostics.length === 0) {
    return fileProblem(file, `No papers found in this ${FORMAT_NAMES[format]}.`, 'warning');
  }
  return result;
}

/** parseText for a file read line by line; null for BibTeX and CSL-JSON, whose parsers take the whole text. */
function parseLines(read: ByteLines, file: string, options?: ParseOptions): ParseResult | null {
  if (!read.hasContent) return fileProblem(file, EMPTY_FILE, 'warning');
  const format = detectFormatOfLines(read.head, read.lines, file);
  if (format === null) return unknownFormat(file);
  if (format === 'hf-daily-papers') return guardedParse(file, format, () => parseHfDailyPaperLines(read.lines, file, options));
  if (format === 'flatiron-publications') return guardedParse(file, format, () => parseFlatironLines(read.lines, file, options));
  return null;
}

/** Files whose extension names a format read whole; decoding them line by line first would be wasted. */
function isReadWhole(file: string): boolean {
  return /\.(?:bib|bibtex|json)$/i.test(file);
}

const FORMAT_NAMES: Record<SourceFormat, string> = {
  'hf-daily-papers': 'Hugging Face Daily Papers page',
  'flatiron-publications': 'Flatiron Institute publications page',
  bibtex: 'BibTeX file',
  'csl-json': 'CSL-JSON file',
};

function parseInFormat(content: string, file: string, format: SourceFormat, options?: ParseOptions): ParseResult {
  switch (format) {
    case 'hf-daily-papers':
      return parseHfDailyPapers(content, file, options);
    case 'flatiron-publications':
      return parseFlatironPublications(content, file, options);
    case 'bibtex':
      return parseBibtex(content, file);
    case 'csl-json':
      return parseCslJson(content, file);
  }
}

// Drops a leading byte-order mark, as parseText's stripBom drops a second one.
const UTF8 = new TextDecoder('utf-8', { ignoreBOM: false });

function decodeUtf16BigEndian(bytes: Uint8Array): string {
  const swapped = new Uint8Array(bytes.length - (bytes.length % 2));
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    swapped[i] = bytes[i + 1];
    swapped[i + 1] = bytes[i];
  }
  return new TextDecoder('utf-16le').decode(swapped);
}

/** Decodes bytes (UTF-8, or UTF-16 with a byte-order mark) and parses them; binary data gives one diagnostic. */
export function parseBytes(bytes: Uint8Array, file: string, options?: ParseOptions): ParseResult {
  const utf16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  if (!utf16 && !isReadWhole(file)) {
    const read = linesOfUtf8(bytes);
    const result = read === null ? null : parseLines(read, file, options);
    if (result !== null) return result;
  }
  let text: string;
  try {
    if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
      text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
    } else if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
      text = decodeUtf16BigEndian(bytes.subarray(2));
    } else {
      text = UTF8.decode(bytes);
    }
  } catch (error) {
    return fileProblem(file, `Could not read the file as text: ${error instanceof Error ? error.message : String(error)}`);
  }
  return parseText(text, file, options);
}
