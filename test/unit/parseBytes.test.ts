import * as assert from 'assert';
import { parseBytes, parseText } from '../../src/core/parse/index';
import { linesOfUtf8 } from '../../src/core/parse/lines';
import { looksBinary, normalizeWhitespace, splitLines } from '../../src/core/parse/text';
import { ParseResult } from '../../src/core/types';
import { SEED_FILES, TODAY, readSeed } from './parseTestSupport';
import { seededRandom } from '../../src/core/topics/kmeans';

const OPTIONS = { today: TODAY };
const HF_FIRST_TITLE = 'Multi-scale Feature Learning Dynamics: Insights for Double Descent';

function utf8(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, 'utf8'));
}

function bytesOf(...parts: (string | number[])[]): Uint8Array {
  return new Uint8Array(Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part)))));
}

function firstEntrySummary(result: ParseResult): unknown {
  const [entry] = result.entries;
  return [entry.title, entry.authors, entry.authorCount, entry.date, entry.source.line, entry.source.pageDate];
}

function assertSingleFileProblem(result: ParseResult, severity: 'error' | 'warning', message: RegExp): void {
  assert.deepStrictEqual(result.entries, []);
  assert.strictEqual(result.diagnostics.length, 1, JSON.stringify(result.diagnostics));
  assert.strictEqual(result.diagnostics[0].line, 0);
  assert.strictEqual(result.diagnostics[0].severity, severity);
  assert.match(result.diagnostics[0].message, message);
}

describe('parseBytes on UTF-8 pages, read line by line', () => {
  it('reads every seed from its bytes exactly as parseText reads its text', () => {
    for (const file of Object.values(SEED_FILES)) {
      const text = readSeed(file);
      assert.deepStrictEqual(parseBytes(utf8(text), file, OPTIONS), parseText(text, file, OPTIONS), file);
    }
    assert.deepStrictEqual(firstEntrySummary(parseBytes(utf8(readSeed(SEED_FILES.hf001)), 'hf.txt', OPTIONS)), [
      HF_FIRST_TITLE, [], 4, '2021-12-06', 13, '2026-04-21',
    ]);
    assert.deepStrictEqual(firstEntrySummary(parseBytes(utf8(readSeed(SEED_FILES.flatiron)), 'fi.txt', OPTIONS)), [
      'On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature',
      ['Yikuan Zhang', 'Ning Yang', 'Y. Tu'], 3, '2026-02-05', 3, null,
    ]);
  });

  it('reads CRLF, lone CR, U+2028 and mixed line ends as LF, with the same line numbers', () => {
    for (const file of [SEED_FILES.hf001, SEED_FILES.flatiron]) {
      const text = readSeed(file);
      const expected = parseBytes(utf8(text), file, OPTIONS);
      let next = 0;
      const mixedEnds = ['\r\n', '\n', '\r', '\u2028', '\r\n', '\u2029'];
      const mixed = text.replace(/\n/g, () => mixedEnds[next++ % mixedEnds.length]);
      for (const variant of [text.replace(/\n/g, '\r\n'), text.replace(/\n/g, '\r'), text.replace(/\n/g, '\u2028'), mixed]) {
        assert.deepStrictEqual(parseBytes(utf8(variant), file, OPTIONS), expected);
      }
    }
    const crlf = readSeed(SEED_FILES.hf001).replace(/\n/g, '\r\n');
    assert.deepStrictEqual(firstEntrySummary(parseBytes(utf8(crlf), 'hf.txt', OPTIONS)), [HF_FIRST_TITLE, [], 4, '2021-12-06', 13, '2026-04-21']);
  });

  it('drops one or two UTF-8 byte-order marks and reads a third as an invisible character', () => {
    const text = readSeed(SEED_FILES.hf001);
    const expected = parseBytes(utf8(text), 'bom.txt', OPTIONS);
    const bom = [0xef, 0xbb, 0xbf];
    for (const marks of [bom, [...bom, ...bom], [...bom, ...bom, ...bom]]) {
      const result = parseBytes(bytesOf(marks, text), 'bom.txt', OPTIONS);
      assert.deepStrictEqual(result, expected);
      assert.strictEqual(result.entries[0].source.pageDate, '2026-04-21');
    }
  });

  it('reads tabs, NBSP, thin, ideographic and zero-width spaces in the bytes as the plain spaces around them', () => {
    const text = readSeed(SEED_FILES.hf001).replace(HF_FIRST_TITLE, 'Multi-scale\u00a0Feature\u2009Learning\u200b Dynamics:\tInsights \u3000for  Double\u202fDescent');
    const result = parseBytes(utf8(text), 'spaces.txt', OPTIONS);
    assert.strictEqual(result.entries[0].title, HF_FIRST_TITLE);
    assert.deepStrictEqual(result, parseText(text, 'spaces.txt', OPTIONS));
  });

  it('reads undecodable bytes as U+FFFD, as TextDecoder does, and still loads the page', () => {
    const [before, after] = readSeed(SEED_FILES.hf001).split('Multi-scale');
    const result = parseBytes(bytesOf(before, 'Multi', [0xff], 'scale', after), 'broken.txt', OPTIONS);
    assert.strictEqual(result.entries[0].title, 'Multi\ufffdscale Feature Learning Dynamics: Insights for Double Descent');
    assert.strictEqual(result.entries.length, parseText(readSeed(SEED_FILES.hf001), 'x.txt', OPTIONS).entries.length);
  });

  it('reports a NUL byte beyond the first megabyte as binary, though the page before it parses', () => {
    const seed = readSeed(SEED_FILES.hf002);
    const text = `${seed.repeat(Math.ceil((1.2 * 1024 * 1024) / seed.length))}\u0000\n`;
    assert.ok(text.indexOf('\u0000') > 1024 * 1024);
    assertSingleFileProblem(parseBytes(utf8(text), 'late-nul.txt', OPTIONS), 'error', /binary/);
    assertSingleFileProblem(parseText(text, 'late-nul.txt', OPTIONS), 'error', /binary/);
  });

  it('reports control characters in a page as binary when they exceed 5% of it, and loads it when they are fewer', () => {
    const lines = ['Daily Papers', '', HF_FIRST_TITLE, '', 'An abstract that ends here.', '', '• 4 authors', '·', 'Dec 6, 2021', ''];
    const page = lines.join('\n');
    const noisy = `${page}${'\u0001'.repeat(Math.ceil(page.length * 0.06))}`;
    assertSingleFileProblem(parseBytes(utf8(noisy), 'noisy.txt', OPTIONS), 'error', /binary/);
    const lightlyNoisy = `${page}\u0001\n`;
    const result = parseBytes(utf8(lightlyNoisy), 'light.txt', OPTIONS);
    assert.deepStrictEqual(result.entries.map((e) => [e.title, e.abstract, e.date]), [[HF_FIRST_TITLE, 'An abstract that ends here.', '2021-12-06']]);
  });

  it('reads a file of blank lines, spaces, tabs, NBSP and byte-order marks as empty', () => {
    assertSingleFileProblem(parseBytes(bytesOf([0xef, 0xbb, 0xbf], ' \t\r\n\u00a0\n\ufeff\n\n'), 'blank.txt'), 'warning', /empty/);
  });

  it('reads a file of zero-width spaces as text of unknown format, not as empty', () => {
    assertSingleFileProblem(parseBytes(utf8('\u200b\n\u200b\n'), 'zwsp.txt'), 'error', /Unknown format/);
    assertSingleFileProblem(parseText('\u200b\n\u200b\n', 'zwsp.txt'), 'error', /Unknown format/);
  });

  it('detects the format from the first 64K characters only, so a page after 70,000 blank lines is of unknown format', () => {
    const text = `${'\n'.repeat(70_000)}${readSeed(SEED_FILES.hf001)}`;
    assertSingleFileProblem(parseBytes(utf8(text), 'late.txt', OPTIONS), 'error', /Unknown format/);
    assertSingleFileProblem(parseText(text, 'late.txt', OPTIONS), 'error', /Unknown format/);
  });

  it('recognises a header line that the 64K sample cuts right after "Daily Papers", as parseText does', () => {
    const text = `${' '.repeat(64 * 1024 - 'Daily Papers'.length)}Daily Papers and more\n\n${readSeed(SEED_FILES.hf001)}`;
    const result = parseBytes(utf8(text), 'cut.txt', OPTIONS);
    // Read as a Hugging Face page, whose first "title" is that whole line.
    assert.deepStrictEqual([result.entries[0].title, result.entries[0].source.format], ['Daily Papers and more', 'hf-daily-papers']);
    assert.deepStrictEqual(result, parseText(text, 'cut.txt', OPTIONS));
  });

  it('reads CSL-JSON and BibTeX saved as .txt by their content', () => {
    const csl = '[\n  {"id": "smith2024", "type": "article-journal", "title": "A Paper", "issued": {"date-parts": [[2024, 3, 1]]}}\n]\n';
    const bibtex = '% exported\n@article{smith2024,\n  title = {A Paper},\n  author = {Smith, Jane},\n  year = {2024}\n}\n';
    for (const [name, text] of [['csl.txt', csl], ['refs.txt', bibtex], ['refs.bib', bibtex], ['csl.json', csl]]) {
      const result = parseBytes(utf8(text), name);
      assert.deepStrictEqual(result.entries.map((e) => e.title), ['A Paper'], name);
      assert.deepStrictEqual(result, parseText(text, name), name);
    }
  });
  it('agrees with TextDecoder plus parseText on seeds with odd bytes sprinkled in, line by line or not', () => {
    const random = seededRandom(2026);
    const insertions = [[0x09], [0xc2, 0xa0], [0xe2, 0x80, 0x89], [0x20, 0x20], [0x0d, 0x0a], [0xe2, 0x80, 0xa8], [0x01], [0xff], [0xc3], [0xef, 0xbb, 0xbf], [0x0d]];
    const decoder = new TextDecoder('utf-8');
    for (const file of Object.values(SEED_FILES)) {
      const seed = Buffer.from(readSeed(file), 'utf8');
      for (const kinds of [[0], [1, 2, 3], [4], [5], [6], [7, 8], [9], [10], [0, 1, 2, 3, 4, 9]]) {
        const parts: Buffer[] = [];
        let from = 0;
        for (let at = 0; at < seed.length; at++) {
          // Insert only between characters, before an ASCII byte, so the seed's own UTF-8 stays whole.
          if (seed[at] < 0x80 && random() < 0.004) {
            parts.push(seed.subarray(from, at), Buffer.from(insertions[kinds[Math.floor(random() * kinds.length)]]));
            from = at;
          }
        }
        parts.push(seed.subarray(from));
        const bytes = new Uint8Array(Buffer.concat(parts));
        const expected = parseText(decoder.decode(bytes), file, OPTIONS);
        assert.deepStrictEqual(parseBytes(bytes, file, OPTIONS), expected, `${file} with insertions ${kinds.join(',')}`);
      }
    }
  });
});

describe('linesOfUtf8', () => {
  it('splits on LF and CRLF and keeps the empty line after a final line break', () => {
    const read = linesOfUtf8(utf8('a\r\nb\n'));
    assert.ok(read);
    assert.deepStrictEqual(read.lines, ['a', 'b', '']);
    assert.deepStrictEqual(read.head, { raw: ['a', 'b', ''], separatorLengths: [2, 1, 0] });
    assert.strictEqual(read.hasContent, true);
  });

  it('cleans odd spaces and collapses runs of spaces as splitLines does, keeping the raw line for detection', () => {
    const text = 'x\u00a0\u00a0y\tz  w\u200b\n\u3000• 4 authors';
    const read = linesOfUtf8(utf8(text));
    assert.ok(read);
    assert.deepStrictEqual(read.lines, ['x y z w', ' • 4 authors']);
    assert.deepStrictEqual(read.lines, splitLines(text));
    assert.deepStrictEqual(read.head.raw, ['x\u00a0\u00a0y\tz  w\u200b', '\u3000• 4 authors']);
  });

  it('keeps DEL and every other printable ASCII character as it is, on lines with and without accents', () => {
    const read = linesOfUtf8(utf8('a\u007fb ~{}|\nJörn\u007f Dunkel\r\n'));
    assert.deepStrictEqual(read?.lines, ['a\u007fb ~{}|', 'Jörn\u007f Dunkel', '']);
  });

  it('leaves lone CRs, Unicode line separators, control characters and undecodable bytes to the whole-text reader', () => {
    assert.strictEqual(linesOfUtf8(utf8('a\rb')), null);
    assert.strictEqual(linesOfUtf8(utf8('a\nb\r')), null);
    assert.strictEqual(linesOfUtf8(utf8('a\u2028b')), null);
    assert.strictEqual(linesOfUtf8(utf8('a\u0000b')), null);
    assert.strictEqual(linesOfUtf8(utf8('a\u001bb')), null);
    assert.strictEqual(linesOfUtf8(bytesOf('abc', [0xff], 'def')), null);
    assert.strictEqual(linesOfUtf8(bytesOf('a\u00e9', [0xc3])), null);
  });

  it('says a file of spaces, tabs, NBSP and byte-order marks has no content, and one with a zero-width space has', () => {
    assert.strictEqual(linesOfUtf8(bytesOf([0xef, 0xbb, 0xbf], ' \t\n\u00a0\r\n\ufeff'))?.hasContent, false);
    assert.strictEqual(linesOfUtf8(utf8(' \n\u200b'))?.hasContent, true);
  });
});

describe('text helpers on fast paths', () => {
  it('normalizeWhitespace returns plain text unchanged and cleans every kind of space', () => {
    assert.strictEqual(normalizeWhitespace('Yikuan Zhang, Ning Yang, Y. Tu'), 'Yikuan Zhang, Ning Yang, Y. Tu');
    assert.strictEqual(normalizeWhitespace(''), '');
    assert.strictEqual(normalizeWhitespace(' Jörn  Dunkel '), 'Jörn Dunkel');
    assert.strictEqual(normalizeWhitespace('A.\u00a0Smith,\tB.\nJones\u200b'), 'A. Smith, B. Jones');
    assert.strictEqual(normalizeWhitespace('a\u2028b\u3000c\ufeff'), 'a b c');
  });

  it('splitLines on LF-only text cleans odd spaces and runs of spaces per line', () => {
    assert.deepStrictEqual(splitLines('a\tb\nc\u3000 d\n\u00a0Show  Abstract'), ['a b', 'c d', ' Show Abstract']);
    assert.deepStrictEqual(splitLines('plain\nlines'), ['plain', 'lines']);
  });

  it('looksBinary: accents and one U+FFFD are text, a NUL anywhere or over 5% controls is binary', () => {
    assert.strictEqual(looksBinary('Jörn Dunkel – naïve café\ufffd'), false);
    assert.strictEqual(looksBinary(`${'a'.repeat(2 * 1024 * 1024)}\u0000`), true);
    assert.strictEqual(looksBinary(`${'a'.repeat(96)}${'\u0007'.repeat(4)}`), false);
    assert.strictEqual(looksBinary(`${'a'.repeat(94)}${'\u0007'.repeat(6)}`), true);
    assert.strictEqual(looksBinary('tabs\tform\ffeed\vand\r\nbreaks'), false);
  });
});
