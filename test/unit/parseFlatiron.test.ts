import * as assert from 'assert';
import { looksLikeAuthorList, parseAuthorList, parseFlatironPublications } from '../../src/core/parse/flatiron';
import { ParsedEntry } from '../../src/core/types';
import { SEED_FILES, TODAY, assertAbstractBounds, readSeed, seedLine, titles } from './parseTestSupport';

interface ExpectedFlatironEntry {
  line: number;
  title: string;
  authors: string[];
  authorsTruncated: boolean;
  authorCount: number | null;
  date: string | null;
  abstractStart: string;
  abstractEnd: string;
}

/** Read off test/fixtures/seeds/000_dcb950095772cd83.txt. */
const EXPECTED: ExpectedFlatironEntry[] = [
  {
    line: 3,
    title: 'On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature',
    authors: ['Yikuan Zhang', 'Ning Yang', 'Y. Tu'],
    authorsTruncated: false,
    authorCount: 3,
    date: '2026-02-05',
    abstractStart: 'Stochastic Gradient Descent (SGD) introduces anisotropic noise',
    abstractEnd: 'noise-curvature relationship in deep learning.',
  },
  {
    line: 12,
    title: 'Collective is different: Information exchange and speed-accuracy trade-offs in self-organized patterning',
    authors: ['Ashutosh Tripathi', 'Jörn Dunkel', 'D. Skinner'],
    authorsTruncated: false,
    authorCount: 3,
    date: '2026-02-04',
    abstractStart: 'During development, highly ordered structures emerge',
    abstractEnd: 'finds a qualitatively similar effect.',
  },
  {
    line: 21,
    title: 'Neural population geometry and optimal coding of tasks with shared latent structure',
    authors: ['Albert J. Wakhloo', 'Will Slatton', 'S. Chung'],
    authorsTruncated: false,
    authorCount: 3,
    date: null,
    abstractStart: 'Animals can recognize latent structures',
    abstractEnd: 'population activity to its geometry.',
  },
  {
    line: 29,
    title: 'Exploring How Workflow Variations in Denaturation-Based Assays Impact Global Protein\u2013Protein Interaction Predictions',
    authors: ['Tavis J. Reed', 'Laura M. Haubold', 'O. Troyanskaya'],
    authorsTruncated: true,
    authorCount: null,
    date: null,
    abstractStart: 'Protein denaturation-based assays, such as',
    abstractEnd: 'enhancing global PPI network mapping.',
  },
  {
    line: 37,
    title: 'Nonequilibrium Thermodynamics of Biochemical Networks: Energetics of Cellular Functions',
    authors: [],
    authorsTruncated: false,
    authorCount: null,
    date: null,
    abstractStart: 'I review recent advances in nonequilibrium thermodynamics',
    abstractEnd: 'broader range of biological phenomena.',
  },
  {
    line: 43,
    title: 'Sparse input representations explain odor discrimination in complex, concentration-varying mixtures',
    authors: ['Hannah McCalmon', 'George Cai', 'Constantine Tsibouris', 'Farhad Pashakhanloo', 'S. Chung', 'Vikrant Kapoor', 'Venkatesh N Murthy'],
    authorsTruncated: false,
    authorCount: 7,
    date: '2026-01-28',
    abstractStart: 'In natural environments, animals must detect',
    abstractEnd: 'rather than background interference.',
  },
  {
    line: 52,
    title: 'Understanding the Mechanisms of Fast Hyperparameter Transfer',
    authors: [],
    authorsTruncated: false,
    authorCount: null,
    date: null,
    abstractStart: 'The growing scale of deep learning models',
    abstractEnd: 'practical settings such as LLM training.',
  },
  {
    line: 58,
    title: 'Clocks and Dominoes: Timing Mechanisms of Embryogenesis',
    authors: ['Yonghyun Song', 'Brian D. Leahy', 'D. Needleman'],
    authorsTruncated: true,
    authorCount: null,
    date: '2026-01-26',
    abstractStart: 'How developmental timings are regulated is',
    abstractEnd: 'fundamental biology and clinical practice.',
  },
  {
    line: 67,
    title: 'Neurons as Detectors of Coherent Sets in Sensory Dynamics',
    authors: [],
    authorsTruncated: false,
    authorCount: null,
    date: null,
    abstractStart: 'We model sensory streams as observations',
    abstractEnd: 'transferable to bio-inspired artificial systems.',
  },
  {
    line: 73,
    title: 'Multiscale Clustering and Source Separation of InSight Mission Seismic Data',
    authors: ['Ali Siahkoohi', 'R. Morel', 'R. Balestriero', 'Erwan Allys', 'Grégory Sainton', 'Taichi Kawamura'],
    authorsTruncated: false,
    authorCount: 6,
    date: null,
    abstractStart: 'Unsupervised source separation involves unraveling',
    abstractEnd: 'further investigations into the isolated sources.',
  },
];

const FILE = SEED_FILES.flatiron;

function parseSeed() {
  return parseFlatironPublications(readSeed(FILE), FILE, { today: TODAY });
}

function entryTitled(entries: readonly ParsedEntry[], prefix: string): ParsedEntry {
  const entry = entries.find((candidate) => candidate.title.startsWith(prefix));
  assert.ok(entry, `no entry titled "${prefix}..."`);
  return entry;
}

const ABSTRACT = 'We study something carefully and report what we found in several experiments.';

describe('parseFlatironPublications on the seed page', () => {
  it('reads every title, in page order', () => {
    assert.deepStrictEqual(titles(parseSeed().entries), EXPECTED.map((expected) => expected.title));
  });

  it('reports no diagnostics', () => {
    assert.deepStrictEqual(parseSeed().diagnostics, []);
  });

  it('reads each entry field by field: line, authors, truncation, count, date', () => {
    const { entries } = parseSeed();
    assert.deepStrictEqual(
      entries.map((entry) => ({
        line: entry.source.line,
        title: entry.title,
        authors: entry.authors,
        authorsTruncated: entry.authorsTruncated,
        authorCount: entry.authorCount,
        date: entry.date,
      })),
      EXPECTED.map(({ line, title, authors, authorsTruncated, authorCount, date }) => ({ line, title, authors, authorsTruncated, authorCount, date })),
    );
  });

  it('reads each abstract from its first to its last words', () => {
    const { entries } = parseSeed();
    EXPECTED.forEach((expected, index) => assertAbstractBounds(entries[index], expected.abstractStart, expected.abstractEnd));
  });

  it('takes each abstract exactly from its paragraph on the page', () => {
    const { entries } = parseSeed();
    const abstractLines = [7, 16, 25, 33, 39, 47, 54, 62, 69, 77];
    assert.deepStrictEqual(
      entries.map((entry) => entry.abstract),
      abstractLines.map((line) => seedLine(FILE, line).replace(/\s+/g, ' ').trim()),
    );
  });

  it('gives every entry the file, the format, no page date, no organisation and no upvotes', () => {
    for (const entry of parseSeed().entries) {
      assert.deepStrictEqual(
        [entry.source.file, entry.source.format, entry.source.pageDate, entry.organization, entry.upvotes],
        [FILE, 'flatiron-publications', null, null, null],
      );
    }
  });

  it('keeps the date line after "Show Abstract" with the entry it follows', () => {
    const { entries } = parseSeed();
    assert.strictEqual(entryTitled(entries, 'On the Superlinear Relationship').date, '2026-02-05');
    assert.strictEqual(entryTitled(entries, 'Collective is different').date, '2026-02-04');
    assert.strictEqual(entryTitled(entries, 'Neural population geometry').date, null);
  });

  it('reads an entry with no authors line: the paragraph after the title is its abstract', () => {
    const entry = entryTitled(parseSeed().entries, 'Nonequilibrium Thermodynamics');
    assert.deepStrictEqual([entry.authors, entry.authorCount, entry.authorsTruncated], [[], null, false]);
    assert.ok(entry.abstract.startsWith('I review recent advances'));
  });

  it('removes "et al." and marks the list truncated with an unknown count', () => {
    const entry = entryTitled(parseSeed().entries, 'Clocks and Dominoes');
    assert.deepStrictEqual([entry.authors, entry.authorsTruncated, entry.authorCount], [['Yonghyun Song', 'Brian D. Leahy', 'D. Needleman'], true, null]);
  });

  it('drops the stray space before a comma in an author list', () => {
    const { entries } = parseSeed();
    assert.strictEqual(entryTitled(entries, 'Multiscale Clustering').authors[0], 'Ali Siahkoohi');
    assert.strictEqual(entryTitled(entries, 'Sparse input representations').authors[4], 'S. Chung');
  });

  it('takes neither the "2795 Publications" header nor the footer for entries', () => {
    const found = titles(parseSeed().entries);
    assert.strictEqual(found[0], EXPECTED[0].title);
    assert.strictEqual(found[found.length - 1], 'Multiscale Clustering and Source Separation of InSight Mission Seismic Data');
    assert.ok(!found.some((title) => /Publications|Previous Page|Next Page|Viewing|Advancing Research/.test(title)));
    assert.ok(!entryTitled(parseSeed().entries, 'Multiscale Clustering').abstract.includes('Previous Page'));
  });
});

describe('parseFlatironPublications on constructed pages', () => {
  it('keeps a title that looks like a date as a title, even right after a date line', () => {
    const text = `12 Publications\n\nFirst paper\n\nA. Author\n\n${ABSTRACT}\n\nShow Abstract\nFebruary 5, 2026\n\nMarch 3, 2024\n\nB. Author, C. Author\n\n${ABSTRACT}\n\nShow Abstract\nJanuary 2, 2025`;
    const { entries, diagnostics } = parseFlatironPublications(text, 'f.txt');
    assert.deepStrictEqual(
      entries.map((entry) => [entry.title, entry.authors, entry.date, entry.source.line]),
      [
        ['First paper', ['A. Author'], '2026-02-05', 3],
        ['March 3, 2024', ['B. Author', 'C. Author'], '2025-01-02', 12],
      ],
    );
    assert.deepStrictEqual(diagnostics, []);
  });

  it('accepts "Hide Abstract", the button\'s label when the abstract was expanded', () => {
    const text = `Expanded paper\n\nA. Author\n\n${ABSTRACT}\n\nHide Abstract\nMarch 9, 2025`;
    const [entry] = parseFlatironPublications(text, 'f.txt').entries;
    assert.deepStrictEqual([entry.title, entry.authors, entry.abstract, entry.date], ['Expanded paper', ['A. Author'], ABSTRACT, '2025-03-09']);
  });

  it('splits "A, B and C" into three names', () => {
    const text = `Paper\n\nAda Lovelace, Alan Turing and Grace Hopper\n\n${ABSTRACT}\n\nShow Abstract`;
    const [entry] = parseFlatironPublications(text, 'f.txt').entries;
    assert.deepStrictEqual([entry.authors, entry.authorCount], [['Ada Lovelace', 'Alan Turing', 'Grace Hopper'], 3]);
  });

  it('joins a title wrapped over two lines and an abstract over two paragraphs', () => {
    const text = `A long title\nthat wraps\n\nA. Author\n\nFirst paragraph of the abstract, which is prose.\n\nSecond paragraph, also prose.\n\nShow Abstract`;
    const [entry] = parseFlatironPublications(text, 'f.txt').entries;
    assert.deepStrictEqual(
      [entry.title, entry.authors, entry.abstract],
      ['A long title that wraps', ['A. Author'], 'First paragraph of the abstract, which is prose. Second paragraph, also prose.'],
    );
  });

  it('keeps an entry with a title and authors but no abstract, warning at its title line', () => {
    const text = `Paper one\n\nA. Author, B. Author\n\nShow Abstract\n\nPaper two\n\nC. Author\n\n${ABSTRACT}\n\nShow Abstract`;
    const { entries, diagnostics } = parseFlatironPublications(text, 'f.txt');
    assert.deepStrictEqual(
      entries.map((entry) => [entry.title, entry.authors, entry.abstract]),
      [['Paper one', ['A. Author', 'B. Author'], ''], ['Paper two', ['C. Author'], ABSTRACT]],
    );
    assert.deepStrictEqual(diagnostics, [{ file: 'f.txt', line: 1, message: '"Paper one" has no abstract.', severity: 'warning' }]);
  });

  it('warns about a "Show Abstract" with no paper above it and loads the rest', () => {
    const text = `Paper one\n\n${ABSTRACT}\n\nShow Abstract\n\nShow Abstract\n\nPaper two\n\n${ABSTRACT}\n\nShow Abstract`;
    const { entries, diagnostics } = parseFlatironPublications(text, 'f.txt');
    assert.deepStrictEqual(titles(entries), ['Paper one', 'Paper two']);
    assert.deepStrictEqual(diagnostics.map((d) => [d.line, d.severity]), [[7, 'warning']]);
  });

  it('points the warning about an orphan "Show Abstract" at that line, not at the date under it', () => {
    const text = `Paper one\n\n${ABSTRACT}\n\nShow Abstract\nMay 1, 2025\n\nShow Abstract\nMay 2, 2025`;
    const { entries, diagnostics } = parseFlatironPublications(text, 'f.txt');
    assert.deepStrictEqual([titles(entries), entries[0].date, diagnostics.map((d) => d.line)], [['Paper one'], '2025-05-01', [8]]);
  });

  it('leaves a year-less Feb 29 empty with a warning at its line when the year is not a leap year', () => {
    const text = `Paper\n\n${ABSTRACT}\n\nShow Abstract\nFebruary 29`;
    const { entries, diagnostics } = parseFlatironPublications(text, 'f.txt', { pageYear: 2025 });
    assert.deepStrictEqual([entries[0].date, diagnostics.map((d) => [d.line, d.severity])], [null, [[6, 'warning']]]);
  });

  it('gives a year-less date after "Show Abstract" the year set by ParseOptions.pageYear', () => {
    const text = `Paper\n\n${ABSTRACT}\n\nShow Abstract\nMarch 9`;
    const [entry] = parseFlatironPublications(text, 'f.txt', { pageYear: 2021 }).entries;
    assert.strictEqual(entry.date, '2021-03-09');
  });

  it('treats everything from the pagination bullets on as footer', () => {
    const text = `Paper\n\n${ABSTRACT}\n\nShow Abstract\n  • Previous Page\n\nNot a paper\n\nNot an abstract either.\n\nShow Abstract`;
    const { entries, diagnostics } = parseFlatironPublications(text, 'f.txt');
    assert.deepStrictEqual([titles(entries), diagnostics], [['Paper'], []]);
  });
});

describe('Flatiron author lists', () => {
  it('parses names in order, removing "et al." and stray spaces', () => {
    assert.deepStrictEqual(parseAuthorList('Ali Siahkoohi , R. Morel, O. Troyanskaya, et al.'), { authors: ['Ali Siahkoohi', 'R. Morel', 'O. Troyanskaya'], truncated: true });
    assert.deepStrictEqual(parseAuthorList('Y. Tu'), { authors: ['Y. Tu'], truncated: false });
    assert.deepStrictEqual(parseAuthorList('A. One, B. Two, & C. Three'), { authors: ['A. One', 'B. Two', 'C. Three'], truncated: false });
    assert.deepStrictEqual(parseAuthorList('A. One et al'), { authors: ['A. One'], truncated: true });
  });

  it('keeps names that merely contain "and", such as Alexander or Sandra', () => {
    assert.deepStrictEqual(parseAuthorList('Alexander Andersen, Sandra Anderson').authors, ['Alexander Andersen', 'Sandra Anderson']);
  });

  it('tells a list of names from an abstract', () => {
    assert.strictEqual(looksLikeAuthorList('Yikuan Zhang, Ning Yang, Y. Tu'), true);
    assert.strictEqual(looksLikeAuthorList('Tavis J. Reed, Laura M. Haubold, O. Troyanskaya, et al.'), true);
    assert.strictEqual(looksLikeAuthorList(ABSTRACT), false);
    assert.strictEqual(looksLikeAuthorList('Short abstract sentence.'), false);
  });
});
