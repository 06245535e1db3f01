import * as assert from 'assert';
import { describeAuthors, describeSource, fileBaseName, formatDisplayDate, formatLabel, groupDigits } from '../../src/core/format';

const flatironThreeAuthors = { authors: ['Yikuan Zhang', 'Ning Yang', 'Y. Tu'], authorsTruncated: false, authorCount: 3, organization: null };
const flatironTruncated = { authors: ['Tavis J. Reed', 'Laura M. Haubold', 'O. Troyanskaya'], authorsTruncated: true, authorCount: null, organization: null };
const hfCountOnly = { authors: [], authorsTruncated: false, authorCount: 4, organization: null };

describe('formatDisplayDate', () => {
  it('writes a full ISO date as `Mon D, YYYY`, without a leading zero on the day', () => {
    assert.strictEqual(formatDisplayDate('2026-02-05'), 'Feb 5, 2026');
    assert.strictEqual(formatDisplayDate('2021-12-06'), 'Dec 6, 2021');
    assert.strictEqual(formatDisplayDate('2025-07-15'), 'Jul 15, 2025');
  });

  it('writes `Mon YYYY` when the day is missing and the year alone when the month is', () => {
    assert.strictEqual(formatDisplayDate('2026-02'), 'Feb 2026');
    assert.strictEqual(formatDisplayDate('2026'), '2026');
  });

  it('says `Undated` for null, empty, malformed and impossible dates', () => {
    assert.deepStrictEqual(
      [null, undefined, '', 'Feb 22', '2026-13-01', '2026-02-30', '2026-00', '26-02-05', '2026-02-05T10:00'].map(formatDisplayDate),
      ['Undated', 'Undated', 'Undated', 'Undated', 'Undated', 'Undated', 'Undated', 'Undated', 'Undated'],
    );
  });

  it('accepts Feb 29 only in leap years', () => {
    assert.strictEqual(formatDisplayDate('2024-02-29'), 'Feb 29, 2024');
    assert.strictEqual(formatDisplayDate('2025-02-29'), 'Undated');
  });
});

describe('describeAuthors', () => {
  it('lists every name in page order for the panel, adding `et al.` when the page cut the list', () => {
    assert.strictEqual(describeAuthors(flatironThreeAuthors, 'full'), 'Yikuan Zhang, Ning Yang, Y. Tu');
    assert.strictEqual(describeAuthors(flatironTruncated, 'full'), 'Tavis J. Reed, Laura M. Haubold, O. Troyanskaya et al.');
    assert.strictEqual(describeAuthors(flatironThreeAuthors), 'Yikuan Zhang, Ning Yang, Y. Tu');
  });

  it('shortens to the first family name and `et al.` for the tree', () => {
    assert.strictEqual(describeAuthors(flatironThreeAuthors, 'short'), 'Zhang et al.');
    assert.strictEqual(describeAuthors(flatironTruncated, 'short'), 'Reed et al.');
    assert.strictEqual(describeAuthors({ ...flatironThreeAuthors, authors: ['Albert J. Wakhloo', 'Will Slatton'] }, 'short'), 'Wakhloo and Slatton');
    assert.strictEqual(describeAuthors({ ...flatironThreeAuthors, authors: ['Jörn Dunkel'] }, 'short'), 'Dunkel');
    assert.strictEqual(describeAuthors({ ...flatironTruncated, authors: ['Jörn Dunkel'] }, 'short'), 'Dunkel et al.');
  });

  it('falls back to `N authors` when only the count is known, then to the organization', () => {
    assert.strictEqual(describeAuthors(hfCountOnly, 'short'), '4 authors');
    assert.strictEqual(describeAuthors(hfCountOnly, 'full'), '4 authors');
    assert.strictEqual(describeAuthors({ ...hfCountOnly, authorCount: 1 }, 'full'), '1 author');
    assert.strictEqual(describeAuthors({ ...hfCountOnly, authorCount: null, organization: 'Polymathic AI' }, 'short'), 'Polymathic AI');
    assert.strictEqual(describeAuthors({ ...hfCountOnly, authorCount: 12, organization: 'Polymathic AI' }, 'full'), '12 authors');
  });

  it('gives an empty string when nothing about the authors is known', () => {
    assert.strictEqual(describeAuthors({ authors: [' '], authorsTruncated: false, authorCount: null, organization: null }, 'short'), '');
  });
});

describe('source labels', () => {
  it('names a source by file base name and line, for paths and URIs', () => {
    assert.strictEqual(describeSource({ file: '/ws/papers/004_4f62d7060283d739.txt', format: 'hf-daily-papers', line: 12, pageDate: '2026-03-03' }), '004_4f62d7060283d739.txt:12');
    assert.strictEqual(describeSource({ file: 'C:\\ws\\papers\\refs.bib', format: 'bibtex', line: 3, pageDate: null }), 'refs.bib:3');
    assert.strictEqual(describeSource({ file: 'file:///ws/papers/my%20refs.json', format: 'csl-json', line: 0, pageDate: null }), 'my refs.json');
  });

  it('keeps a name that is not valid percent-encoding as it is', () => {
    assert.strictEqual(fileBaseName('vscode-remote://host/ws/100%.txt'), '100%.txt');
    assert.strictEqual(fileBaseName('papers/000_dcb950095772cd83.txt'), '000_dcb950095772cd83.txt');
  });

  it('names each source format as people know it', () => {
    assert.deepStrictEqual(
      (['hf-daily-papers', 'flatiron-publications', 'bibtex', 'csl-json'] as const).map(formatLabel),
      ['Hugging Face Daily Papers', 'Flatiron Institute publications', 'BibTeX', 'CSL-JSON'],
    );
  });
});

describe('groupDigits', () => {
  it('puts a comma between every three digits, as en-US does', () => {
    assert.deepStrictEqual([0, 7, 96, 999, 1000, 12345, 100014, 1234567].map(groupDigits), ['0', '7', '96', '999', '1,000', '12,345', '100,014', '1,234,567']);
  });
});
