import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseFlatironPublications } from '../../src/core/parse/flatiron';
import { parseHfDailyPapers } from '../../src/core/parse/hfDailyPapers';
import { parseBytes, parseText, unreadableFileResult } from '../../src/core/parse/index';
import { looksBinary, splitLines } from '../../src/core/parse/text';
import { MAX_DIAGNOSTICS_PER_FILE } from '../../src/core/parse/diagnostics';
import { ParseResult } from '../../src/core/types';
import { SEEDS_DIR, SEED_FILES, TODAY, readSeed, titles } from './parseTestSupport';
import { seededRandom } from '../../src/core/topics/kmeans';

const ALL_SEEDS = Object.values(SEED_FILES);
const OPTIONS = { today: TODAY };


function firstLines(text: string, count: number): string {
  return text.split('\n').slice(0, count).join('\n');
}

function assertSingleFileProblem(result: ParseResult, file: string, severity: 'error' | 'warning', message: RegExp): void {
  assert.deepStrictEqual(result.entries, []);
  assert.strictEqual(result.diagnostics.length, 1, JSON.stringify(result.diagnostics));
  const [diagnostic] = result.diagnostics;
  assert.deepStrictEqual([diagnostic.file, diagnostic.line, diagnostic.severity], [file, 0, severity]);
  assert.match(diagnostic.message, message);
}

describe('parsers on hostile input', () => {
  describe('files that hold no listing', () => {
    it('gives one warning and no entries for an empty file', () => {
      assertSingleFileProblem(parseText('', 'empty.txt'), 'empty.txt', 'warning', /empty/);
      assertSingleFileProblem(parseBytes(new Uint8Array(0), 'empty.bib'), 'empty.bib', 'warning', /empty/);
    });

    it('gives one warning and no entries for a file of blank lines, spaces, tabs and a BOM', () => {
      assertSingleFileProblem(parseText('\ufeff\n \t\r\n\u00a0\n\n', 'blank.txt'), 'blank.txt', 'warning', /empty/);
    });

    it('gives one error and no entries for random bytes', () => {
      const random = seededRandom(42);
      const bytes = new Uint8Array(64 * 1024).map(() => Math.floor(random() * 256));
      assertSingleFileProblem(parseBytes(bytes, 'noise.bin'), 'noise.bin', 'error', /binary/);
    });

    it('gives one error for a text file with NUL bytes, even when it starts like a listing', () => {
      const text = `${readSeed(SEED_FILES.hf001)}\u0000\u0000`;
      assertSingleFileProblem(parseText(text, 'nul.txt'), 'nul.txt', 'error', /binary/);
    });

    it('gives one error and no entries for text in no known format', () => {
      assertSingleFileProblem(parseText('Dear diary,\n\nnothing happened.\n', 'diary.txt'), 'diary.txt', 'error', /Unknown format/);
    });

    it('gives one error and no entries for a file that cannot be read', () => {
      let error: unknown;
      try {
        fs.readFileSync(path.join(SEEDS_DIR, 'no-such-file.txt'));
      } catch (caught) {
        error = caught;
      }
      assertSingleFileProblem(unreadableFileResult('no-such-file.txt', error), 'no-such-file.txt', 'error', /Could not read the file: ENOENT/);
    });

    it('gives one warning for a page header with no papers under it', () => {
      const header = firstLines(readSeed(SEED_FILES.hf001), 11);
      assertSingleFileProblem(parseText(header, 'header.txt'), 'header.txt', 'warning', /No papers found/);
    });

    it('tells binary from text by NULs and undecodable characters, not by accents', () => {
      assert.strictEqual(looksBinary(readSeed(SEED_FILES.flatiron)), false);
      assert.strictEqual(looksBinary('Grégory Sainton, Jörn Dunkel, Σ ∝ ℏ'), false);
      assert.strictEqual(looksBinary('abc\u0000def'), true);
      assert.strictEqual(looksBinary('\ufffd'.repeat(10) + 'a'.repeat(90)), true);
    });
  });

  describe('a Hugging Face page cut in the middle of an entry', () => {
    const full = readSeed(SEED_FILES.hf001);
    const complete = parseHfDailyPapers(full, 'cut.txt', OPTIONS).entries;
    const cutTitle = 'Understanding the Role of Optimization in Double Descent';

    it('loads the complete entries and the cut one, warning at its title, when cut inside the abstract', () => {
      const abstractLine = full.split('\n')[54];
      const text = `${firstLines(full, 54)}\n${abstractLine.slice(0, 500)}`;
      const { entries, diagnostics } = parseHfDailyPapers(text, 'cut.txt', OPTIONS);
      assert.deepStrictEqual(entries.slice(0, 5), complete.slice(0, 5));
      const cut = entries[5];
      assert.deepStrictEqual(
        [entries.length, cut.title, cut.abstract, cut.authorCount, cut.date, cut.source.line],
        [6, cutTitle, abstractLine.slice(0, 500).trim(), null, null, 53],
      );
      assert.deepStrictEqual(diagnostics, [
        { file: 'cut.txt', line: 53, message: `The page seems to end inside the abstract of "${cutTitle}"; loaded as it is.`, severity: 'warning' },
      ]);
    });

    it('skips an entry cut right after its title, with a warning at the title line', () => {
      const { entries, diagnostics } = parseHfDailyPapers(firstLines(full, 53), 'cut.txt', OPTIONS);
      assert.deepStrictEqual(entries, complete.slice(0, 5));
      assert.deepStrictEqual(diagnostics, [
        { file: 'cut.txt', line: 53, message: `The page ends after the title "${cutTitle}"; entry skipped.`, severity: 'warning' },
      ]);
    });

    it('loads an entry cut inside its metadata with what it has, warning that the date is missing', () => {
      for (const lastLine of [57, 58]) {
        const { entries, diagnostics } = parseHfDailyPapers(firstLines(full, lastLine), 'cut.txt', OPTIONS);
        const cut = entries[5];
        assert.deepStrictEqual([entries.length, cut.title, cut.authorCount, cut.date], [6, cutTitle, 2, null], `cut after line ${lastLine}`);
        assert.deepStrictEqual(diagnostics.map((d) => [d.line, d.severity, d.message]), [[57, 'warning', 'Metadata block without a date line; date left empty.']]);
      }
    });

    it('reads a page cut inside the header as no entries, without throwing', () => {
      const result = parseText(firstLines(full, 7), 'cut.txt');
      assert.deepStrictEqual(result.entries, []);
    });
  });

  describe('a Flatiron page cut in the middle of an entry', () => {
    const full = readSeed(SEED_FILES.flatiron);
    const complete = parseFlatironPublications(full, 'cut.txt', OPTIONS).entries;

    it('loads the complete entries and the cut one, warning that "Show Abstract" never came', () => {
      const text = `${firstLines(full, 46)}\n${full.split('\n')[46].slice(0, 300)}`;
      const { entries, diagnostics } = parseFlatironPublications(text, 'cut.txt', OPTIONS);
      assert.deepStrictEqual(entries.slice(0, 5), complete.slice(0, 5));
      assert.deepStrictEqual(
        [entries.length, entries[5].title, entries[5].authorCount, entries[5].abstract.length > 250],
        [6, complete[5].title, 7, true],
      );
      assert.deepStrictEqual(diagnostics.map((d) => [d.line, d.severity]), [[43, 'warning']]);
      assert.match(diagnostics[0].message, /ends before "Show Abstract"/);
    });

    it('skips an entry cut right after its title, with a warning at the title line', () => {
      const { entries, diagnostics } = parseFlatironPublications(firstLines(full, 43), 'cut.txt', OPTIONS);
      assert.deepStrictEqual(entries, complete.slice(0, 5));
      assert.deepStrictEqual(diagnostics.map((d) => [d.line, d.severity]), [[43, 'warning']]);
    });
  });

  describe('line endings and odd spaces', () => {
    for (const file of ALL_SEEDS) {
      it(`reads ${file} with CRLF or CR line endings exactly as with LF`, () => {
        const text = readSeed(file);
        const expected = parseText(text, file, OPTIONS);
        assert.ok(expected.entries.length >= 10);
        assert.deepStrictEqual(parseText(text.replace(/\n/g, '\r\n'), file, OPTIONS), expected);
        assert.deepStrictEqual(parseText(text.replace(/\n/g, '\r'), file, OPTIONS), expected);
      });

      it(`reads ${file} with tabs, non-breaking and other Unicode spaces exactly as with plain spaces`, () => {
        const text = readSeed(file);
        const oddSpaces = ['\t', '\u00a0', '\u2009', '\u3000', ' \t', '\u202f'];
        let next = 0;
        const spaced = text.replace(/ /g, () => oddSpaces[next++ % oddSpaces.length]);
        assert.deepStrictEqual(parseText(spaced, file, OPTIONS), parseText(text, file, OPTIONS));
      });
    }

    it('reads a UTF-8 byte-order mark, UTF-16 LE and UTF-16 BE as the same page', () => {
      const text = readSeed(SEED_FILES.flatiron);
      const expected = parseText(text, 'x.txt', OPTIONS);
      const utf8 = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
      const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      const utf16be = Buffer.from(utf16le);
      utf16be.swap16();
      for (const bytes of [utf8, utf16le, utf16be]) {
        assert.deepStrictEqual(parseBytes(new Uint8Array(bytes), 'x.txt', OPTIONS), expected);
      }
    });

    it('splits lines on CRLF, CR, LF and Unicode separators, and cleans odd spaces', () => {
      assert.deepStrictEqual(splitLines('a\r\nb\rc\nd\u2028e\tf\u00a0g\u200bh\n  x \t y'), ['a', 'b', 'c', 'd', 'e f gh', ' x y']);
    });
  });

  describe('titles that look like dates', () => {
    it('stay titles on a Hugging Face page read through parseText', () => {
      const text =
        'Daily Papers\n\nApr 21\n\nMarch 3, 2024\n\nAbstract of a paper titled like a date.\n\n  • 2 authors\n·\nJan 2, 2024\n\n' +
        'Feb 22\n\nAnother abstract.\n\n  • 1 authors\n·\nFeb 23';
      const { entries } = parseText(text, 'dates.txt', OPTIONS);
      assert.deepStrictEqual(
        entries.map((entry) => [entry.title, entry.abstract, entry.date]),
        [['March 3, 2024', 'Abstract of a paper titled like a date.', '2024-01-02'], ['Feb 22', 'Another abstract.', '2025-02-23']],
      );
    });
  });

  describe('large and pathological pages', () => {
    const TARGET_BYTES = 20 * 1024 * 1024;

    it('parses a 20 MB Hugging Face page entry by entry, with the right fields at the start, middle and end', () => {
      const seed = readSeed(SEED_FILES.hf002);
      const seedLines = seed.split('\n');
      const header = seedLines.slice(0, 12).join('\n');
      const body = seedLines.slice(12);
      const bodyText = body.join('\n');
      const copies = Math.ceil(TARGET_BYTES / bodyText.length);
      const pieces: string[] = [header];
      for (let copy = 0; copy < copies; copy++) {
        // Distinct titles, as on a real page; the title is the line two after a blank one at each entry start.
        pieces.push(bodyText.replace(/^(.+)\n\n(.{200,})$/gm, `$1 #${copy}\n\n$2`) + '\n');
      }
      const text = pieces.join('\n');
      assert.ok(text.length >= TARGET_BYTES);

      const { entries, diagnostics } = parseHfDailyPapers(text, 'big.txt', OPTIONS);
      const perCopy = 32;
      const linesPerCopy = body.length + 1;
      assert.deepStrictEqual(diagnostics, []);
      assert.strictEqual(entries.length, copies * perCopy);
      for (const copy of [0, Math.floor(copies / 2), copies - 1]) {
        const dale = entries[copy * perCopy + 12];
        assert.deepStrictEqual(
          [dale.title, dale.date, dale.authorCount, dale.source.line],
          [`Dale meets Langevin: A Multiplicative Denoising Diffusion Model #${copy}`, null, null, 109 + copy * linesPerCopy],
        );
        const last = entries[copy * perCopy + perCopy - 1];
        assert.deepStrictEqual(
          [last.title, last.date, last.authorCount, last.source.pageDate],
          [`An adaptively inexact first-order method for bilevel optimization with application to hyperparameter learning #${copy}`, '2023-08-19', 4, '2026-02-11'],
        );
      }
    });

    it('parses a 20 MB Flatiron page entry by entry', () => {
      const seed = readSeed(SEED_FILES.flatiron);
      const lines = seed.split('\n');
      const header = lines[0];
      const body = lines.slice(1, 79).join('\n');
      const copies = Math.ceil(TARGET_BYTES / body.length);
      const pieces = [header];
      for (let copy = 0; copy < copies; copy++) pieces.push(body);
      pieces.push(lines.slice(79).join('\n'));
      const { entries, diagnostics } = parseFlatironPublications(pieces.join('\n'), 'big.txt', OPTIONS);
      assert.deepStrictEqual(diagnostics, []);
      assert.strictEqual(entries.length, copies * 10);
      const lastCopy = entries.slice(-10);
      assert.deepStrictEqual(titles(lastCopy), titles(parseFlatironPublications(seed, 'x', OPTIONS).entries));
      assert.deepStrictEqual([lastCopy[0].date, lastCopy[7].authorsTruncated, lastCopy[9].authors[0]], ['2026-02-05', true, 'Ali Siahkoohi']);
    });

    it('skips a 5 MB paragraph where a title belongs, without slowing down on it', () => {
      const text = `Daily Papers\n\nApr 21\n\n${'Feb 3 7 '.repeat(600_000)}\n\nReal title\n\nReal abstract.\n\n  • 2 authors\n·\nJan 2, 2024`;
      const { entries, diagnostics } = parseHfDailyPapers(text, 'long.txt', OPTIONS);
      assert.deepStrictEqual(titles(entries), ['Real title']);
      assert.deepStrictEqual(diagnostics.map((d) => [d.line, d.severity]), [[5, 'warning']]);
    });

    it('caps the diagnostics of a garbage page and counts the rest', () => {
      const text = `Daily Papers\n\nApr 21\n\n${'·\n'.repeat(100_000)}`;
      const { entries, diagnostics } = parseHfDailyPapers(text, 'dots.txt', OPTIONS);
      assert.deepStrictEqual(entries, []);
      assert.strictEqual(diagnostics.length, MAX_DIAGNOSTICS_PER_FILE + 1);
      assert.match(diagnostics[diagnostics.length - 1].message, /^\d+ more problems not shown\.$/);
    });
  });

  describe('mutated seed pages', () => {
    it('never throw, and every entry and diagnostic points into the file', () => {
      const random = seededRandom(7);
      for (let round = 0; round < 150; round++) {
        const file = ALL_SEEDS[round % ALL_SEEDS.length];
        const lines = readSeed(file).split('\n');
        const mutations = 1 + Math.floor(random() * 6);
        for (let m = 0; m < mutations; m++) {
          const at = Math.floor(random() * lines.length);
          const kind = Math.floor(random() * 4);
          if (kind === 0) lines.splice(at, 1);
          else if (kind === 1) lines.splice(at, 0, lines[Math.floor(random() * lines.length)] ?? '');
          else if (kind === 2) lines[at] = (lines[at] ?? '').slice(0, Math.floor(random() * 40));
          else lines.splice(at, 0, '');
        }
        const text = lines.join('\n');
        let result: ParseResult | undefined;
        assert.doesNotThrow(() => {
          result = parseText(text, file, OPTIONS);
        }, `round ${round}`);
        const lineCount = lines.length;
        for (const entry of result!.entries) {
          assert.ok(entry.title.length > 0, `round ${round}: empty title`);
          assert.ok(entry.source.line >= 1 && entry.source.line <= lineCount, `round ${round}: line ${entry.source.line}`);
          assert.ok(entry.date === null || /^\d{4}-\d{2}-\d{2}$/.test(entry.date), `round ${round}: date ${entry.date}`);
        }
        for (const diagnostic of result!.diagnostics) {
          assert.strictEqual(diagnostic.file, file);
          assert.ok(diagnostic.line >= 0 && diagnostic.line <= lineCount, `round ${round}: diagnostic line ${diagnostic.line}`);
        }
      }
    });
  });
});
