import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseBibtex, splitBibtex } from '../../src/core/parse/bibtex';
import type { ParsedEntry } from '../../src/core/types';

const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'bib');
const library = fs.readFileSync(path.join(fixtures, 'library.bib'), 'utf8');

function byKey(entries: ParsedEntry[], key: string): ParsedEntry {
  const entry = entries.find((e) => e.existingKey === key);
  assert.ok(entry, `no entry "${key}"`);
  return entry;
}

/** The title Citation.js (with our fix-ups) reads from a one-field entry. */
function decodedTitle(latex: string): string {
  const result = parseBibtex(`@article{k, title = {${latex}}, year = 2020}`, 't.bib');
  assert.deepStrictEqual(result.diagnostics, []);
  return result.entries[0].title;
}

describe('parseBibtex on the fixture library', () => {
  const result = parseBibtex(library, 'library.bib');

  it('loads every well-formed entry, in file order, despite the broken ones between them', () => {
    assert.deepStrictEqual(
      result.entries.map((e) => e.existingKey),
      ['dunkel2026collective', 'sagun2017hessian', 'muon2025', 'walrus2025', 'vonneumann1944', 'kingjr1955'],
    );
  });

  it('reports each skipped entry once, at the line of its @type{', () => {
    assert.deepStrictEqual(result.diagnostics, [
      { file: 'library.bib', line: 45, message: 'Skipped entry "broken2024": it is not closed (missing "}" before the next entry).', severity: 'error' },
      { file: 'library.bib', line: 50, message: 'Entry "notitle2023" has no title; skipped.', severity: 'warning' },
      { file: 'library.bib', line: 55, message: 'Skipped entry "badfield2022": expected "equals", got "lbrace" (line 58).', severity: 'error' },
    ]);
  });

  it('maps a complete journal article to the record and its bibliographic extras', () => {
    assert.deepStrictEqual(byKey(result.entries, 'dunkel2026collective'), {
      title: 'Collective is Different: Information Exchange and Speed–Accuracy Trade-offs in Self-Organized Patterning',
      authors: ['Ashutosh Tripathi', 'Jörn Dunkel', 'D. Skinner'],
      authorsTruncated: false,
      authorCount: 3,
      organization: null,
      abstract: 'During development, highly ordered structures emerge as cells collectively coordinate with each other.',
      date: '2026-02-05',
      upvotes: null,
      source: { file: 'library.bib', format: 'bibtex', line: 7, pageDate: null },
      existingKey: 'dunkel2026collective',
      extras: {
        type: 'article-journal',
        containerTitle: 'Physical Review X',
        volume: '16',
        issue: '1',
        pages: '011001-011020',
        doi: '10.1103/PhysRevX.16.011001',
      },
    });
  });

  it('decodes accents in names, including breve and acute on a quoted title', () => {
    const entry = byKey(result.entries, 'sagun2017hessian');
    assert.deepStrictEqual(entry.authors, ['Levent Sagun', 'Utku Evci', 'V. Uğur Güney', 'Yann Dauphin', 'Léon Bottou']);
    assert.strictEqual(entry.title, 'Empirical Analysis of the Hessian of Over-Parametrized Neural Networks');
    assert.strictEqual(entry.source.line, 22);
  });

  it('keeps a year-only date out of the record and in extras.issued', () => {
    const entry = byKey(result.entries, 'sagun2017hessian');
    assert.strictEqual(entry.date, null);
    assert.deepStrictEqual(entry.extras, {
      type: 'paper-conference',
      containerTitle: 'International Conference on Learning Representations (ICLR) Workshop',
      url: 'https://arxiv.org/abs/1706.04454',
      issued: '2017',
    });
  });

  it('marks "and others" as a truncated list with an unknown count', () => {
    const entry = byKey(result.entries, 'muon2025');
    assert.deepStrictEqual(entry.authors, ['Jeremy Bernstein', 'René Café', 'Bjørn Åse']);
    assert.strictEqual(entry.authorsTruncated, true);
    assert.strictEqual(entry.authorCount, null);
  });

  it('decodes math, \\mathbb, escapes and brace groups in a title', () => {
    assert.strictEqual(byKey(result.entries, 'muon2025').title, "Muon Is Scalable: 𝔼[h] ∝ γ with γ ≤ 2 & 100% — Müller's Trick");
  });

  it('expands @string macros joined with # and month macros', () => {
    const entry = byKey(result.entries, 'muon2025');
    assert.strictEqual(entry.extras?.containerTitle, 'Journal of Machine Learning Research (Special Issue)');
    assert.strictEqual(entry.extras?.issued, '2025-06');
  });

  it('reads a braced corporate author standing alone as the organization, with no person authors', () => {
    const entry = byKey(result.entries, 'walrus2025');
    assert.strictEqual(entry.organization, 'Polymathic AI');
    assert.deepStrictEqual(entry.authors, []);
    assert.strictEqual(entry.authorCount, null);
    assert.strictEqual(entry.date, '2025-05-30');
  });

  it('keeps particles and suffixes in the display name', () => {
    assert.deepStrictEqual(byKey(result.entries, 'vonneumann1944').authors, ['John von Neumann', 'Oskar Morgenstern']);
    assert.deepStrictEqual(byKey(result.entries, 'kingjr1955').authors, ['Martin Luther King Jr.']);
  });

  it('reads a thesis school as its publisher and a braced month name', () => {
    const entry = byKey(result.entries, 'kingjr1955');
    assert.deepStrictEqual(entry.extras, { type: 'thesis', publisher: 'Boston University', issued: '1955-06' });
  });
});

describe('parseBibtex LaTeX decoding', () => {
  it('decodes accent commands in every usual spelling', () => {
    assert.strictEqual(
      decodedTitle(String.raw`{\"o} \"{o} \'{e} \'e {\'e} \c{c} {\ss} \o{} {\aa} {\AA}se \l{} {\'\i} \v{s} \H{o} \~n \^{a} \r{u} \.{z} \`{a}`),
      'ö ö é é é ç ß ø å Åse ł í š ő ñ â ů ż à',
    );
  });

  it('turns dashes, quote ligatures and ties into their characters, and escaped specials into themselves', () => {
    assert.strictEqual(decodedTitle("a~b -- c --- d ``quoted'' \\& \\% \\_ \\$ \\# \\textbackslash{} \\textbraceleft{}x\\textbraceright{}"), 'a b – c — d “quoted” & % _ $ # \\ {x}');
  });

  it('removes protective braces and formatting commands but keeps their text', () => {
    assert.strictEqual(decodedTitle(String.raw`The {Navier--Stokes} {DNA} \emph{emph} \textit{it} {\em em} \textbf{bold} {\textsc{BERT}} H\textsubscript{2}O`), 'The Navier–Stokes DNA emph it em bold BERT H2O');
  });

  it('decodes Greek and math symbols inside $…$ with the spacing the source had', () => {
    assert.strictEqual(decodedTitle(String.raw`$\alpha$-synuclein with $\gamma \leq 2$, $x \in \mathbb{R}^2$, $\mathbb E$ and $O(n \log n)$`), 'α-synuclein with γ ≤ 2, x ∈ ℝ², 𝔼 and O(n log n)');
  });

  it('decodes text symbols Citation.js alone leaves as commands', () => {
    assert.strictEqual(decodedTitle(String.raw`Wait\ldots{} \S 3 Ame\-ri\-ca {\AA}ngstr{\"o}m`), 'Wait… §3 America Ångström');
  });
});

describe('parseBibtex recovery and edge cases', () => {
  it('splits at top-level @ boundaries only, counting braces', () => {
    const chunks = splitBibtex('junk @misc{a, title = {x @y}}\n@string{s = "v"}\n@misc(b, title = {z})');
    assert.deepStrictEqual(
      chunks.map((c) => [c.type, c.line, c.closed, c.text]),
      [
        ['misc', 1, true, '@misc{a, title = {x @y}}'],
        ['string', 2, true, '@string{s = "v"}'],
        ['misc', 3, true, '@misc(b, title = {z})'],
      ],
    );
  });

  it('reports an entry left open at the end of the file and keeps the ones before it', () => {
    const result = parseBibtex('@misc{a, title = {First}}\n\n@misc{b, title = {Second}', 'end.bib');
    assert.deepStrictEqual(result.entries.map((e) => e.title), ['First']);
    assert.deepStrictEqual(result.diagnostics, [
      { file: 'end.bib', line: 3, message: 'Skipped entry "b": it is not closed (missing "}" before the next entry).', severity: 'error' },
    ]);
  });

  it('applies @string definitions that follow a malformed entry', () => {
    const text = ['@misc{bad, title = {Oops}', '@string{venue = "NeurIPS"}', '@inproceedings{good, title = {Good}, booktitle = venue, year = 2020}'].join('\n');
    const result = parseBibtex(text, 's.bib');
    assert.deepStrictEqual(result.entries.map((e) => [e.existingKey, e.extras?.containerTitle]), [['good', 'NeurIPS']]);
    assert.deepStrictEqual(result.diagnostics.map((d) => d.line), [1]);
  });

  it('reads parenthesised entries and ignores @comment and stray @ in the text between entries', () => {
    const text = 'Mail me@example.org.\n@comment{ nothing here }\n@article(paren,\n  title = {In Parentheses},\n  year = {2019}\n)\n';
    const result = parseBibtex(text, 'p.bib');
    assert.deepStrictEqual(result.diagnostics, []);
    assert.deepStrictEqual(result.entries.map((e) => [e.existingKey, e.title, e.source.line, e.extras?.issued]), [['paren', 'In Parentheses', 3, '2019']]);
  });

  it('warns about a key used twice and keeps both entries', () => {
    const result = parseBibtex('@misc{same, title = {One}}\n@misc{same, title = {Two}}', 'd.bib');
    assert.deepStrictEqual(result.entries.map((e) => e.title), ['One', 'Two']);
    assert.deepStrictEqual(result.diagnostics, [{ file: 'd.bib', line: 2, message: 'Key "same" is used again (first on line 1); both entries are kept.', severity: 'warning' }]);
  });

  it('reads month names, day fields, date ranges and suffixed years as full or partial dates', () => {
    const dates = [
      'year = {2020}, month = {March}',
      'year = {2020}, month = {3}, day = {15}',
      'date = {2020-03/2020-05}',
      'date = {2021-07-04T10:00}',
      'year = {2020a}',
      'year = {in press}',
    ].map((fields) => {
      const entry = parseBibtex(`@misc{k, title = {T}, ${fields}}`, 'd.bib').entries[0];
      return [entry.date, entry.extras?.issued];
    });
    assert.deepStrictEqual(dates, [
      [null, '2020-03'],
      ['2020-03-15', undefined],
      [null, '2020-03'],
      ['2021-07-04', undefined],
      [null, '2020'],
      [null, undefined],
    ]);
  });

  it('keeps an impossible day out of the date but keeps the month', () => {
    const result = parseBibtex('@misc{a, title = {T}, date = {2023-02-30}}', 'x.bib');
    assert.strictEqual(result.entries[0].date, null);
    assert.strictEqual(result.entries[0].extras?.issued, '2023-02');
  });

  it('gives nothing and no diagnostics for a file with no entries', () => {
    assert.deepStrictEqual(parseBibtex('% only a comment\n', 'e.bib'), { entries: [], diagnostics: [] });
  });

  it('never throws on hostile input', () => {
    for (const text of ['@', '@{', '@misc{', '@misc{,}', '@misc{a,title={}}}}}', '}{@article{x, title = "unterminated}', '@string{', '\u0000@misc{a, title={\u0000}}']) {
      const result = parseBibtex(text, 'h.bib');
      assert.ok(Array.isArray(result.entries) && Array.isArray(result.diagnostics), text);
    }
  });
});
