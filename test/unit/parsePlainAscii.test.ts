import * as assert from 'assert';
import { PlainAsciiScanner } from '../../src/core/parse/plainAscii';
import { seededRandom } from '../../src/core/topics/kmeans';

/** The byte-by-byte definition the word scan must agree with. */
function referenceNext(bytes: Uint8Array, from: number): number {
  for (let i = from; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte >= 0x80 || (byte < 0x20 && byte !== 0x0a) || (byte === 0x20 && bytes[i + 1] === 0x20)) return i;
  }
  return bytes.length;
}

/** `text` as Latin-1 bytes starting `misalignment` bytes past a 4-byte boundary. */
function bytesAt(text: string, misalignment: number): Uint8Array {
  const backing = new Uint8Array(text.length + 8);
  const bytes = backing.subarray(misalignment, misalignment + text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

describe('PlainAsciiScanner', () => {
  it('finds controls, non-ASCII bytes and the first of two spaces, and skips LF and single spaces', () => {
    const cases: [string, number, number][] = [
      ['plain text, one space each\nand LF', 0, 33],
      ['abc\tdef', 0, 3],
      ['ab\u0000', 0, 2],
      ['ab\rcd', 0, 2],
      ['abcd\u00e9', 0, 4],
      ['one  two', 0, 3],
      ['abc  def', 0, 3],
      ['abcdefg  h', 0, 7],
      ['a b c d e f g h  ', 0, 15],
      ['  x', 1, 3],
      ['x\n  y', 2, 2],
      ['', 0, 0],
      ['\u007f~ DEL and tilde are plain', 0, 26],
    ];
    for (const [text, from, expected] of cases) {
      for (let misalignment = 0; misalignment < 4; misalignment++) {
        const bytes = bytesAt(text, misalignment);
        assert.strictEqual(new PlainAsciiScanner(bytes).next(from), expected, `${JSON.stringify(text)} from ${from}, misaligned by ${misalignment}`);
      }
    }
  });

  it('agrees with the byte-by-byte definition on random bytes, at every alignment and start', () => {
    const random = seededRandom(7);
    const alphabet = [0x20, 0x20, 0x20, 0x61, 0x62, 0x0a, 0x09, 0x0d, 0x00, 0x7f, 0x80, 0xc3, 0xa9, 0xff, 0x1f];
    for (let round = 0; round < 400; round++) {
      const length = Math.floor(random() * 70);
      // Mostly letters, so runs without a stop span several words.
      const text = Array.from({ length }, () => String.fromCharCode(random() < 0.8 ? 0x61 + Math.floor(random() * 26) : alphabet[Math.floor(random() * alphabet.length)])).join('');
      const misalignment = round % 4;
      const bytes = bytesAt(text, misalignment);
      const scanner = new PlainAsciiScanner(bytes);
      for (let from = 0; from <= length; from++) {
        assert.strictEqual(scanner.next(from), referenceNext(bytes, from), `${JSON.stringify(text)} from ${from}, misaligned by ${misalignment}`);
      }
    }
  });

  it('agrees with the byte-by-byte definition on a long plain page with rare stops', () => {
    const random = seededRandom(11);
    const chars: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const roll = random();
      chars.push(roll < 0.001 ? '\u00e9' : roll < 0.002 ? '  ' : roll < 0.003 ? '\t' : roll < 0.02 ? '\n' : roll < 0.17 ? ' ' : 'x');
    }
    const bytes = new Uint8Array(Buffer.from(chars.join(''), 'utf8'));
    const scanner = new PlainAsciiScanner(bytes);
    let expectedStops = 0;
    for (let from = 0, at = 0; at < bytes.length; from = at + 1) {
      at = scanner.next(from);
      assert.strictEqual(at, referenceNext(bytes, from));
      if (at < bytes.length) expectedStops++;
    }
    assert.ok(expectedStops > 30, `${expectedStops} stops`);
  });
});
