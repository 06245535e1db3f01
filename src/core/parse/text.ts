/** Shared text helpers for the listing parsers: line splitting, space normalisation, binary detection. */

// Tabs, vertical tab, form feed, NBSP and the Unicode space separators all read as one plain space.
const UNUSUAL_SPACE = /[\t\v\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
// Zero-width spaces and stray byte-order marks are invisible on the page and only break matching (joiners stay: scripts and emoji need them).
const INVISIBLE = /[\u200b\u2060\ufeff]/g;
const ODD_SPACE = /[\t\v\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u200b\u2060\ufeff]/;
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/;

/**
 * Splits on CRLF, CR, LF and the Unicode line/paragraph separators. In each line, tabs, NBSP and
 * other Unicode spaces become ' ' and runs of spaces one space, so `Show\u00a0 Abstract` matches.
 */
export function splitLines(text: string): string[] {
  const lines = text.split(LINE_BREAK);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i];
    if (ODD_SPACE.test(line)) line = cleanSpaces(line);
    // indexOf is far cheaper than a regex on the long abstract lines, which rarely need it.
    if (line.indexOf('  ') !== -1) line = line.replace(/ {2,}/g, ' ');
    lines[i] = line;
  }
  return lines;
}

/** Replaces tabs, NBSP and other Unicode spaces with ' ' and drops zero-width spaces. */
export function cleanSpaces(text: string): string {
  return text.replace(UNUSUAL_SPACE, ' ').replace(INVISIBLE, '');
}

/** Collapses every run of whitespace to one space and trims both ends. */
export function normalizeWhitespace(text: string): string {
  return cleanSpaces(text).replace(/\s+/g, ' ').trim();
}

/** A run of consecutive non-blank lines. */
export interface Paragraph {
  /** 1-based line number of the first line. */
  line: number;
  /** The lines, trimmed. */
  lines: string[];
}

/** Groups lines into paragraphs separated by blank lines, in one pass. */
export function paragraphs(lines: readonly string[]): Paragraph[] {
  const result: Paragraph[] = [];
  let current: Paragraph | null = null;
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i].trim();
    if (trimmed.length === 0) {
      current = null;
      continue;
    }
    if (current === null) {
      current = { line: i + 1, lines: [] };
      result.push(current);
    }
    current.lines.push(trimmed);
  }
  return result;
}

/** Joins lines from `splitLines`, trimmed, with single spaces; they need no further normalising. */
export function joinLines(lines: readonly string[]): string {
  return lines.length === 1 ? lines[0] : lines.join(' ');
}

/** The text cut to `max` characters with an ellipsis, for quoting in a diagnostic. */
export function shorten(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const BINARY_SAMPLE_CHARS = 1 << 20;
const MAX_SUSPICIOUS_RATIO = 0.05;

/**
 * True when the text is evidently not a text document: it contains NUL characters, or more
 * than 5% of its first megabyte is U+FFFD (undecodable bytes) or C0 control characters.
 */
export function looksBinary(text: string): boolean {
  if (text.indexOf('\u0000') !== -1) return true;
  const end = Math.min(text.length, BINARY_SAMPLE_CHARS);
  if (end === 0) return false;
  let suspicious = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 0xfffd || (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c && code !== 0x0b)) {
      suspicious++;
    }
  }
  return suspicious / end > MAX_SUSPICIOUS_RATIO;
}
