/**
 * Finds where a line stops being plain ASCII text, four bytes at a time. One pass over the bytes
 * replaces two string scans (a regex for control and non-ASCII bytes, indexOf for double spaces),
 * which were a third of the time to read a page.
 */

const LINE_FEED = 0x0a;
const SPACE = 0x20;

/** Whether Int32Array lanes follow byte order, lowest address in the lowest byte; the word scan relies on it. */
export const WORDS_ARE_LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** A byte a plain line cannot hold: a control character other than LF, a non-ASCII byte, or the first of two spaces. */
export function stopsPlainLine(bytes: Uint8Array, index: number): boolean {
  const byte = bytes[index];
  return byte >= 0x80 || (byte < 0x20 && byte !== LINE_FEED) || (byte === SPACE && bytes[index + 1] === SPACE);
}

// In each byte lane of a 32-bit word, bit 7 of these masks flags the lanes that hold a given kind of byte;
// the additions stay inside their lane because each lane's low seven bits plus at most 0x7f fit in eight bits.
const HIGH_BITS = 0x80808080 | 0;
const LOW_SEVEN_BITS = 0x7f7f7f7f;

function lanesEqualTo(word: number, repeatedByte: number): number {
  const difference = word ^ repeatedByte;
  return ~(((difference & LOW_SEVEN_BITS) + LOW_SEVEN_BITS) | difference) & HIGH_BITS;
}

function lanesBelowSpace(word: number): number {
  return ~(((word & LOW_SEVEN_BITS) + 0x60606060) | word) & HIGH_BITS;
}

export class PlainAsciiScanner {
  private readonly words: Int32Array;
  /** Index in `bytes` of the first byte of `words[0]`: Int32Array needs an offset divisible by 4. */
  private readonly wordsStart: number;
  private readonly wordsEnd: number;

  /** Needs little-endian words ({@link WORDS_ARE_LITTLE_ENDIAN}). */
  constructor(private readonly bytes: Uint8Array) {
    this.wordsStart = Math.min((4 - (bytes.byteOffset & 3)) & 3, bytes.length);
    const wordCount = (bytes.length - this.wordsStart) >> 2;
    // A view of no words still needs an aligned offset, which a short misaligned array does not have.
    this.words = wordCount === 0 ? new Int32Array(0) : new Int32Array(bytes.buffer, bytes.byteOffset + this.wordsStart, wordCount);
    this.wordsEnd = this.wordsStart + wordCount * 4;
  }

  /**
   * The index of the first byte at or after `lineStart` that {@link stopsPlainLine}, or the length.
   * `lineStart` must follow a LF, a non-space byte or nothing, so no double space begins before it.
   */
  next(lineStart: number): number {
    const { bytes, wordsStart, wordsEnd } = this;
    let index = lineStart;
    for (; index < wordsStart; index++) if (stopsPlainLine(bytes, index)) return index;
    if (index < wordsEnd) {
      const found = this.nextInWords(index);
      if (found !== -1) return found;
      // The last word's final byte may be the first of two spaces with the byte after the words.
      index = wordsEnd - 1;
    }
    for (; index < bytes.length; index++) if (stopsPlainLine(bytes, index)) return index;
    return bytes.length;
  }

  private nextInWords(from: number): number {
    const words = this.words;
    const offset = from - this.wordsStart;
    let lanesFromStart = -1 << ((offset & 3) << 3);
    let spaceInLastLane = 0;
    for (let w = offset >> 2; w < words.length; w++) {
      const word = words[w];
      const spaces = lanesEqualTo(word, 0x20202020);
      // Two spaces across the boundary with the previous word begin before every other byte of this one.
      if ((spaceInLastLane & spaces) !== 0) return this.wordsStart + w * 4 - 1;
      const doubleSpaces = spaces & (spaces >> 8) & 0x00808080;
      spaceInLastLane = (spaces >>> 24) & 0x80;
      const controls = lanesBelowSpace(word) & ~lanesEqualTo(word, 0x0a0a0a0a);
      const stops = ((word & HIGH_BITS) | controls | doubleSpaces) & lanesFromStart;
      lanesFromStart = -1;
      if (stops !== 0) return this.wordsStart + w * 4 + ((31 - Math.clz32(stops & -stops)) >> 3);
    }
    return -1;
  }
}
