import * as assert from 'assert';
import { buildCorpus, paperId } from '../../src/core/corpus';
import type { Paper, ParsedEntry } from '../../src/core/types';

function entry(overrides: Partial<ParsedEntry> & Pick<ParsedEntry, 'title'>): ParsedEntry {
  return {
    authors: [],
    authorsTruncated: false,
    authorCount: null,
    organization: null,
    abstract: '',
    date: null,
    upvotes: null,
    source: { file: 'page.txt', format: 'hf-daily-papers', line: 1, pageDate: null },
    ...overrides,
  };
}

describe('buildCorpus', () => {
  it('merges the same title seen in two pages, ignoring case, punctuation and spacing', () => {
    const corpus = buildCorpus([
      { entries: [entry({ title: 'Grokking: Generalization Beyond Overfitting', authorCount: 5, upvotes: 3, date: '2022-01-06', abstract: 'Short.', source: { file: 'a.txt', format: 'hf-daily-papers', line: 12, pageDate: '2026-04-21' } })], diagnostics: [] },
      { entries: [entry({ title: 'grokking -  generalization beyond overfitting', authors: ['Alethea Power', 'Yuri Burda'], authorsTruncated: true, upvotes: 7, abstract: 'A longer abstract wins.', source: { file: 'b.txt', format: 'flatiron-publications', line: 40, pageDate: null } })], diagnostics: [] },
    ]);
    assert.strictEqual(corpus.papers.length, 1);
    const paper = corpus.papers[0];
    assert.strictEqual(paper.title, 'Grokking: Generalization Beyond Overfitting');
    assert.deepStrictEqual(paper.authors, ['Alethea Power', 'Yuri Burda']);
    assert.strictEqual(paper.authorsTruncated, true);
    assert.strictEqual(paper.authorCount, 5);
    assert.strictEqual(paper.abstract, 'A longer abstract wins.');
    assert.strictEqual(paper.upvotes, 7);
    assert.strictEqual(paper.date, '2022-01-06');
    assert.deepStrictEqual(paper.sources.map((s) => `${s.file}:${s.line}`), ['a.txt:12', 'b.txt:40']);
    assert.strictEqual(paper.citationKey, 'power2022grokking');
    assert.strictEqual(paper.id, paperId('GROKKING generalization, beyond overfitting'));
  });

  it('tells the papers\' ids as soon as duplicates are found, builds any of them as the corpus will hold it, and chooses the same keys', () => {
    const results = [
      {
        entries: [
          entry({ title: 'Engines Late', authors: ['Ada Lovelace'], date: '2024-01-01', source: { file: 'b.txt', format: 'hf-daily-papers' as const, line: 5, pageDate: null } }),
          entry({ title: 'Engines early', abstract: 'A longer abstract from the second page.', authors: ['Ada Lovelace'], date: '2024-02-02', source: { file: 'b.txt', format: 'hf-daily-papers' as const, line: 9, pageDate: null } }),
        ],
        diagnostics: [],
      },
      {
        entries: [
          entry({ title: 'Engines Early', authors: ['Ada Lovelace'], date: '2024-02-02', source: { file: 'a.txt', format: 'hf-daily-papers' as const, line: 1, pageDate: null } }),
          entry({ title: 'Another Early Paper', authors: ['Ada Lovelace'], date: '2024-03-03', source: { file: 'a.txt', format: 'hf-daily-papers' as const, line: 9, pageDate: null } }),
        ],
        diagnostics: [],
      },
    ];
    const seen: Paper[] = [];
    const corpus = buildCorpus(results, (groups) => seen.push(...groups.ids.map((_, group) => groups.paper(group))));
    assert.deepStrictEqual(
      corpus.papers.map((p) => [p.title, p.abstract, p.sources.length, p.citationKey]),
      [
        ['Engines Early', 'A longer abstract from the second page.', 2, 'lovelace2024engines'],
        ['Another Early Paper', '', 1, 'lovelace2024another'],
        ['Engines Late', '', 1, 'lovelace2024enginesa'],
      ],
    );
    // In merge order (the first page first), merged duplicates included: the papers exactly, keys still to come.
    assert.deepStrictEqual(
      seen,
      ['Engines Late', 'Engines Early', 'Another Early Paper'].map((title) => ({ ...corpus.papers.find((paper) => paper.title === title)!, citationKey: '' })),
    );
    assert.deepStrictEqual(corpus, buildCorpus(results));
  });

  it('prefers a complete author list over a longer truncated one', () => {
    const corpus = buildCorpus([
      { entries: [entry({ title: 'T', authors: ['A B', 'C D', 'E F'], authorsTruncated: true })], diagnostics: [] },
      { entries: [entry({ title: 'T', authors: ['A B', 'C D'], authorsTruncated: false, source: { file: 'x.bib', format: 'bibtex', line: 3, pageDate: null } })], diagnostics: [] },
    ]);
    assert.deepStrictEqual(corpus.papers[0].authors, ['A B', 'C D']);
    assert.strictEqual(corpus.papers[0].authorsTruncated, false);
    assert.strictEqual(corpus.papers[0].authorCount, 2);
  });

  it('keeps the key a .bib gives the paper and its bibliographic extras', () => {
    const corpus = buildCorpus([
      { entries: [entry({ title: 'Attention Is All You Need', authors: ['Ashish Vaswani'], date: '2017-06-12' })], diagnostics: [] },
      { entries: [entry({ title: 'Attention is all you need', authors: ['Ashish Vaswani'], existingKey: 'vaswani2017', extras: { doi: '10.5555/3295222.3295349' }, source: { file: 'refs.bib', format: 'bibtex', line: 1, pageDate: null } })], diagnostics: [] },
    ]);
    assert.strictEqual(corpus.papers[0].citationKey, 'vaswani2017');
    assert.deepStrictEqual(corpus.extras.get(corpus.papers[0].id), { doi: '10.5555/3295222.3295349' });
  });

  it('passes every diagnostic through and orders papers by where they first appear', () => {
    const corpus = buildCorpus([
      { entries: [entry({ title: 'Second', source: { file: 'b.txt', format: 'hf-daily-papers', line: 5, pageDate: null } })], diagnostics: [{ file: 'b.txt', line: 9, message: 'cut', severity: 'warning' }] },
      { entries: [entry({ title: 'First', source: { file: 'a.txt', format: 'hf-daily-papers', line: 30, pageDate: null } })], diagnostics: [] },
    ]);
    assert.deepStrictEqual(corpus.papers.map((p) => p.title), ['First', 'Second']);
    assert.deepStrictEqual(corpus.diagnostics, [{ file: 'b.txt', line: 9, message: 'cut', severity: 'warning' }]);
  });

  it('takes the mixed-case wording of a title over shouted or flattened sightings, accented titles too', () => {
    const sighting = (title: string, file: string, format: 'bibtex' | 'hf-daily-papers') => entry({ title, source: { file, format, line: 1, pageDate: null } });
    const corpus = buildCorpus([
      { entries: [sighting('GROKKING AT THE EDGE', 'a.bib', 'bibtex'), sighting('ÜBER DYNAMICS OF CELLS', 'a.bib', 'bibtex')], diagnostics: [] },
      { entries: [sighting('grokking at the edge', 'b.txt', 'hf-daily-papers'), sighting('über dynamics of cells', 'b.txt', 'hf-daily-papers')], diagnostics: [] },
      { entries: [sighting('Grokking at the Edge', 'c.txt', 'hf-daily-papers'), sighting('Über Dynamics of Cells', 'c.txt', 'hf-daily-papers')], diagnostics: [] },
    ]);
    assert.deepStrictEqual(corpus.papers.map((p) => [p.title, p.sources.map((s) => s.file)]), [
      ['Grokking at the Edge', ['a.bib', 'b.txt', 'c.txt']],
      ['Über Dynamics of Cells', ['a.bib', 'b.txt', 'c.txt']],
    ]);
    assert.strictEqual(corpus.papers[1].id, paperId('uber dynamics of cells'));
  });

  it('keys thirty thousand papers that share one base as paper, papera, …, paperz, paperaa, … in id order', () => {
    const grammar = ['a', 'an', 'the', 'on', 'of', 'in', 'for', 'and', 'or', 'to'];
    // Titles of grammar words only: distinct papers whose keys all start from the base `paper`.
    const title = (i: number) => String(i).padStart(5, '0').split('').map((digit) => grammar[Number(digit)]).join(' ');
    const entries = Array.from({ length: 30000 }, (_, i) => entry({ title: title(i), source: { file: 'many.txt', format: 'hf-daily-papers', line: i + 1, pageDate: null } }));
    const corpus = buildCorpus([{ entries, diagnostics: [] }]);
    const letters = (n: number): string => (n < 26 ? '' : letters(Math.floor(n / 26) - 1)) + String.fromCharCode(97 + (n % 26));
    const keysById = [...corpus.papers].sort((a, b) => (a.id < b.id ? -1 : 1)).map((p) => p.citationKey);
    assert.deepStrictEqual(keysById, keysById.map((_, k) => (k === 0 ? 'paper' : `paper${letters(k - 1)}`)));
    assert.deepStrictEqual(keysById.slice(0, 3).concat(keysById.slice(26, 29), keysById.slice(-1)), ['paper', 'papera', 'paperb', 'paperz', 'paperaa', 'paperab', 'paperariu']);
  });
});
