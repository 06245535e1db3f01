/** Which listing format a file holds: by its content first, its extension only as a hint. */
import { SourceFormat } from '../types';
import { normalizeLine, splitLines, stripBom } from './text';

/** Formats are recognisable from their start; a huge file is never scanned whole. */
export const SAMPLE_CHARS = 64 * 1024;
const HEADER_LINES_TO_SCAN = 30;
const BODY_LINES_TO_SCAN = 400;

const HF_HEADER = /^daily papers$/i;
const HF_AUTHORS_LINE = /^(?:[•*-]\s*)?\d{1,6}\s+authors?$/i;
const FLATIRON_HEADER = /^\d[\d,.]*\s+publications?$/i;
const FLATIRON_TOGGLE = /^(?:show|hide) abstract$/i;
const BIBTEX_ENTRY = /^[ \t]*@[A-Za-z]+[ \t]*[{(]/m;
const JSON_ARRAY_OF_OBJECTS = /^\[\s*(?:\{|\])/;
const CSL_KEY = /"(?:type|title|author|issued|id|DOI|container-title)"\s*:/;

function extensionHint(fileName: string): SourceFormat | null {
  const name = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1).toLowerCase();
  if (name.endsWith('.bib') || name.endsWith('.bibtex')) return 'bibtex';
  if (name.endsWith('.json')) return 'csl-json';
  return null;
}

function nonEmptyLines(sample: string, limit: number): string[] {
  const result: string[] = [];
  for (const line of splitLines(sample)) {
    const trimmed = line.trim();
    if (trimmed.length === 0) continue;
    result.push(trimmed);
    if (result.length >= limit) break;
  }
  return result;
}

/** Hugging Face entries end with `• N authors`, `·`, then the date. */
function hasHfMetadata(lines: readonly string[]): boolean {
  for (let i = 0; i + 1 < lines.length; i++) {
    if (lines[i + 1] === '·' && (HF_AUTHORS_LINE.test(lines[i]) || i + 2 < lines.length)) return true;
  }
  return false;
}

/** The format of `text`, or null when it is none of the known ones. */
export function detectFormat(text: string, fileName: string): SourceFormat | null {
  const sample = stripBom(text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text);
  const start = sample.trimStart();
  if (JSON_ARRAY_OF_OBJECTS.test(start)) return 'csl-json';
  if (start.startsWith('{') && CSL_KEY.test(start)) return 'csl-json';

  const lines = nonEmptyLines(start, BODY_LINES_TO_SCAN);
  const head = lines.slice(0, HEADER_LINES_TO_SCAN);
  if (head.some((line) => HF_HEADER.test(line))) return 'hf-daily-papers';
  if (lines.length > 0 && FLATIRON_HEADER.test(lines[0])) return 'flatiron-publications';
  if (BIBTEX_ENTRY.test(start)) return 'bibtex';
  if (hasHfMetadata(lines)) return 'hf-daily-papers';
  if (lines.some((line) => FLATIRON_TOGGLE.test(line))) return 'flatiron-publications';
  return extensionHint(fileName);
}

/** The start of a file as lines: each line as read, and the length of the line break after it (0 after the last). */
export interface TextHead {
  raw: string[];
  separatorLengths: number[];
}

function sampleOf(head: TextHead): string {
  let text = '';
  for (let i = 0; i < head.raw.length && text.length < SAMPLE_CHARS; i++) {
    text += head.raw[i] + (head.separatorLengths[i] === 2 ? '\r\n' : head.separatorLengths[i] === 1 ? '\n' : '');
  }
  return text.slice(0, SAMPLE_CHARS);
}

/**
 * {@link detectFormat} for a file read as lines, `lines` normalised as `splitLines` gives them.
 * Pages with their header are told from a few lines; anything else gets the full check on the sample.
 */
export function detectFormatOfLines(head: TextHead, lines: readonly string[], fileName: string): SourceFormat | null {
  const headerLines: string[] = [];
  let offset = 0;
  for (let i = 0; i < head.raw.length && offset < SAMPLE_CHARS && headerLines.length < HEADER_LINES_TO_SCAN; i++) {
    const raw = head.raw[i];
    const inSample = offset + raw.length <= SAMPLE_CHARS ? lines[i] : normalizeLine(raw.slice(0, SAMPLE_CHARS - offset));
    const trimmed = inSample.trim();
    if (trimmed.length > 0) {
      // JSON is told by its first character, which must then be checked on the sample as detectFormat does.
      if (headerLines.length === 0 && (raw.trimStart().startsWith('[') || raw.trimStart().startsWith('{'))) break;
      headerLines.push(trimmed);
    }
    offset += raw.length + head.separatorLengths[i];
  }
  if (headerLines.some((line) => HF_HEADER.test(line))) return 'hf-daily-papers';
  if (headerLines.length > 0 && FLATIRON_HEADER.test(headerLines[0])) return 'flatiron-publications';
  return detectFormat(sampleOf(head), fileName);
}
