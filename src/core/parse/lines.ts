/**
 * A UTF-8 file's lines for the page parsers, without decoding the whole file to one string: that
 * string was UTF-16, twice the file's size, as soon as one bullet or accent appeared. Here plain
 * ASCII lines (told by a word-at-a-time scan) are slices of the bytes read as Latin-1, one byte per
 * character and one copy of the file; only the few lines with other bytes are decoded as UTF-8.
 */
import { SAMPLE_CHARS, TextHead } from './detect';
import { PlainAsciiScanner, WORDS_ARE_LITTLE_ENDIAN } from './plainAscii';
import { cleanSpaces } from './text';

interface NodeBufferView {
  toString(encoding: 'latin1'): string;
  toString(encoding: undefined, start: number, end: number): string;
}

interface NodeBufferClass {
  from(buffer: ArrayBufferLike, byteOffset: number, length: number): NodeBufferView;
}

/** Node's Buffer when there is one: Latin-1 is a plain copy, and UTF-8 per range replaces bad bytes as TextDecoder does. */
const NodeBuffer = (globalThis as { Buffer?: NodeBufferClass }).Buffer;

// What splitLines turns into ' ' or drops, plus everything that sends a file back to the whole-text path.
const NEEDS_A_CLOSER_LOOK = /[\x00-\x1f\u00a0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\u2060\ufeff\ufffd]/;
// The same for a line of as many characters as bytes, which holds only ASCII and U+FFFD: a third of the cost on long lines.
const NEEDS_A_CLOSER_LOOK_IN_ASCII = /[\x00-\x1f\ufffd]/;
// Line breaks other than LF/CRLF and characters looksBinary counts (controls, U+FFFD for undecodable bytes).
const NOT_FOR_THE_FAST_PATH = /[\x00-\x08\x0d-\x1f\u2028\u2029\ufffd]/;
const SPACE_RUN = / {2,}/g;

const CARRIAGE_RETURN = 0x0d;
/** V8's longest string; a larger file goes to the whole-text path, which reports that it cannot be read. */
const MAX_STRING_LENGTH = 2 ** 29 - 24;

export interface ByteLines {
  /** The lines exactly as `splitLines` gives them for the decoded text. */
  lines: string[];
  /** False when every character is whitespace. */
  hasContent: boolean;
  /** The lines as read that start within the first SAMPLE_CHARS characters, for format detection. */
  head: TextHead;
}

/** Skips up to two UTF-8 byte-order marks: TextDecoder drops one and stripBom the next. */
function contentStart(bytes: Uint8Array): number {
  let start = 0;
  for (let marks = 0; marks < 2 && bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf; marks++) start += 3;
  return start;
}

/**
 * The lines of UTF-8 `bytes` (after byte-order marks), or null when this fast path does not apply:
 * no Node Buffer, big-endian words, a file too long for one string, a CR or Unicode line separator
 * other than CRLF, control characters or undecodable bytes. The caller then decodes the whole text,
 * which gives the same lines and reports binary data.
 */
export function linesOfUtf8(bytes: Uint8Array): ByteLines | null {
  if (NodeBuffer === undefined || !WORDS_ARE_LITTLE_ENDIAN || bytes.length > MAX_STRING_LENGTH) return null;
  const buffer = NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bytesAsText = buffer.toString('latin1');
  const scanner = new PlainAsciiScanner(bytes);
  const length = bytesAsText.length;
  const lines: string[] = [];
  const head: TextHead = { raw: [], separatorLengths: [] };
  let headChars = 0;
  let hasContent = false;
  let nextNotPlain = -1;
  let start = contentStart(bytes);
  for (;;) {
    const lineFeed = bytesAsText.indexOf('\n', start);
    const end = lineFeed === -1 ? length : lineFeed - (lineFeed > start && bytes[lineFeed - 1] === CARRIAGE_RETURN ? 1 : 0);
    if (nextNotPlain < start) nextNotPlain = scanner.next(start);
    const plain = nextNotPlain >= end;
    const raw = plain ? bytesAsText.slice(start, end) : buffer.toString(undefined, start, end);
    if (!hasContent && raw.trim().length > 0) hasContent = true;
    if (headChars < SAMPLE_CHARS) {
      const separatorLength = lineFeed === -1 ? 0 : lineFeed + 1 - end;
      head.raw.push(raw);
      head.separatorLengths.push(separatorLength);
      headChars += raw.length + separatorLength;
    }
    let line = raw;
    if (!plain) {
      // Each valid multi-byte sequence gives fewer UTF-16 units than bytes; an undecodable byte gives one U+FFFD.
      const closerLook = raw.length === end - start ? NEEDS_A_CLOSER_LOOK_IN_ASCII : NEEDS_A_CLOSER_LOOK;
      if (closerLook.test(line)) {
        if (NOT_FOR_THE_FAST_PATH.test(line)) return null;
        line = cleanSpaces(line);
      }
      if (line.indexOf('  ') !== -1) line = line.replace(SPACE_RUN, ' ');
    }
    lines.push(line);
    if (lineFeed === -1) break;
    start = lineFeed + 1;
  }
  return { lines, hasContent, head };
}
