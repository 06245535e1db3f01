/** Shared text helpers for the listing parsers: line splitting, space normalisation, binary detection. */

// Tabs, vertical tab, form feed, NBSP and the Unicode space separators all read as one plain space.
const UNUSUAL_SPACE = /[\t\v\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]/g;
// Zero-width spaces and stray byte-order marks are invisible on the page and only break matching (joiners stay: scripts and emoji need them).
const INVISIBLE = /[\u200b\u2060\ufeff]/g;
const ODD_SPACE = /[\t\v\f\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u200b\u2060\ufeff]/;
const LINE_BREAK = /\r\n|[\n\r\u2028\u2029]/;
const SPACE_RUN = / {2,}/g;

/** Tabs, NBSP and other Unicode spaces as ' ', zero-width spaces dropped, runs of spaces as one: what {@link splitLines} does to each line. */
export function normalizeLine(line: string): string {
  if (ODD_SPACE.test(line)) line = cleanSpaces(line);
  // indexOf is far cheaper than a regex on the long abstract lines, which rarely need it.
  return line.indexOf('  ') === -1 ? line : line.replace(SPACE_RUN, ' ');
}

/**
 * Splits on CRLF, CR, LF and the Unicode line/paragraph separators. In each line, tabs, NBSP and
 * other Unicode spaces become ' ' and runs of spaces one space, so `Show\u00a0 Abstract` matches.
 */
export function splitLines(text: string): string[] {
  // Most files break lines with LF alone; a plain split is several times cheaper than the regex.
  const onlyLineFeeds = text.indexOf('\r') === -1 && text.indexOf('\u2028') === -1 && text.indexOf('\u2029') === -1;
  const lines = onlyLineFeeds ? text.split('\n') : text.split(LINE_BREAK);
  // One scan of the whole text spares a regex call per line in files without odd spaces.
  const anyOddSpace = ODD_SPACE.test(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (anyOddSpace) lines[i] = normalizeLine(line);
    else if (line.indexOf('  ') !== -1) lines[i] = line.replace(SPACE_RUN, ' ');
  }
  return lines;
}

/** Replaces tabs, NBSP and other Unicode spaces with ' ' and drops zero-width spaces. */
export function cleanSpaces(text: string): string {
  return text.replace(UNUSUAL_SPACE, ' ').replace(INVISIBLE, '');
}

// Every character normalizeWhitespace changes except the plain space: \s, the zero-width spaces and U+FEFF.
const SPACE_OTHER_THAN_PLAIN = /[\t\n\v\f\r\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\u2060\ufeff]/;

/** True when normalizeWhitespace would return the text unchanged, as it does for most text joined from {@link splitLines}. */
function isNormalized(text: string): boolean {
  const last = text.length - 1;
  if (last < 0) return true;
  if (text.charCodeAt(0) === 0x20 || text.charCodeAt(last) === 0x20) return false;
  return text.indexOf('  ') === -1 && !SPACE_OTHER_THAN_PLAIN.test(text);
}

/** Collapses every run of whitespace to one space and trims both ends. */
export function normalizeWhitespace(text: string): string {
  if (isNormalized(text)) return text;
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
  // Collected here and copied out at their exact length: an array grown by push reserves 17 slots.
  const current: string[] = [];
  let count = 0;
  for (let i = 0; i <= lines.length; i++) {
    const trimmed = i < lines.length ? lines[i].trim() : '';
    if (trimmed.length > 0) {
      current[count++] = trimmed;
    } else if (count > 0) {
      result.push({ line: i - count + 1, lines: current.slice(0, count) });
      count = 0;
    }
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
/** U+FFFD and the C0 controls other than tab, LF, VT, FF and CR; NUL is one of them. */
const SUSPICIOUS_CHARACTER = /[\x00-\x08\x0e-\x1f\ufffd]/;

/**
 * True when the text is evidently not a text document: it contains NUL characters, or more
 * than 5% of its first megabyte is U+FFFD (undecodable bytes) or C0 control characters.
 */
export function looksBinary(text: string): boolean {
  // One regex scan settles ordinary text, which has none of the suspicious characters.
  if (!SUSPICIOUS_CHARACTER.test(text)) return false;
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
