import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { buildCorpus } from '../../src/core/corpus';
import {
  cslName,
  cslStyleNames,
  formatReferences,
  registerCslStyle,
  toBibtex,
  toBibtexEntry,
  toCslItem,
  toCslJson,
} from '../../src/core/export/bibliography';
import { toLatex } from '../../src/core/export/latex';
import { parseBibtex } from '../../src/core/parse/bibtex';
import { parseCslJson } from '../../src/core/parse/cslJson';
import { parseText } from '../../src/core/parse/index';
import type { BibliographicExtras, Paper } from '../../src/core/types';

const seedsDir = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'seeds');

function paper(fields: Partial<Paper> & Pick<Paper, 'id' | 'citationKey' | 'title'>): Paper {
  return { authors: [], authorsTruncated: false, authorCount: null, organization: null, abstract: '', date: null, upvotes: null, sources: [], ...fields };
}

const superlinear = paper({
  id: 'p1',
  citationKey: 'zhang2026superlinear',
  title: 'On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature',
  authors: ['Yikuan Zhang', 'Ning Yang', 'Y. Tu'],
  authorCount: 3,
  abstract: 'showing that C∝𝔼p[h2p], with a bounded exponent 1≤γ≤2 — “quoted”.',
  date: '2026-02-05',
});
const superlinearExtras: BibliographicExtras = {
  type: 'article-journal',
  containerTitle: 'Physical Review E',
  volume: '113',
  issue: '2',
  pages: '024301-024310',
  doi: '10.1103/PhysRevE.113.024301',
};
const collective = paper({
  id: 'p2',
  citationKey: 'tripathi2026collective',
  title: 'Collective is different: Information exchange and speed-accuracy trade-offs in self-organized patterning',
  authors: ['Ashutosh Tripathi', 'Jörn Dunkel', 'D. Skinner'],
  authorsTruncated: true,
});
const walrus = paper({ id: 'p3', citationKey: 'polymathic2025walrus', title: 'Walrus: A Cross-Domain Foundation Model for Continuum Dynamics', organization: 'Polymathic AI', date: '2025-05-30' });
const games = paper({ id: 'p4', citationKey: 'vonneumann1944theory', title: 'Theory of Games and Economic Behavior', authors: ['John von Neumann', 'Martin Luther King Jr.'] });

function seedCorpus() {
  const results = fs.readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort().map((f) => parseText(fs.readFileSync(path.join(seedsDir, f), 'utf8'), f));
  return buildCorpus(results);
}

describe('toCslItem and toCslJson', () => {
  it('writes a CSL item keyed by the citation key, with names split and extras mapped', () => {
    assert.deepStrictEqual(toCslItem(superlinear, superlinearExtras), {
      id: 'zhang2026superlinear',
      'citation-key': 'zhang2026superlinear',
      type: 'article-journal',
      title: 'On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature',
      author: [
        { family: 'Zhang', given: 'Yikuan' },
        { family: 'Yang', given: 'Ning' },
        { family: 'Tu', given: 'Y.' },
      ],
      issued: { 'date-parts': [[2026, 2, 5]] },
      'container-title': 'Physical Review E',
      volume: '113',
      issue: '2',
      page: '024301-024310',
      DOI: '10.1103/PhysRevE.113.024301',
      abstract: 'showing that C∝𝔼p[h2p], with a bounded exponent 1≤γ≤2 — “quoted”.',
    });
  });

  it('writes an organization as a literal name and a partial date from extras.issued', () => {
    assert.deepStrictEqual(toCslItem(walrus), {
      id: 'polymathic2025walrus',
      'citation-key': 'polymathic2025walrus',
      type: 'article',
      title: 'Walrus: A Cross-Domain Foundation Model for Continuum Dynamics',
      author: [{ literal: 'Polymathic AI' }],
      issued: { 'date-parts': [[2025, 5, 30]] },
    });
    assert.deepStrictEqual(toCslItem(collective, { issued: '2026-02' }).issued, { 'date-parts': [[2026, 2]] });
  });

  it('keeps particles and suffixes apart from the family name', () => {
    assert.deepStrictEqual(cslName('John von Neumann'), { family: 'Neumann', given: 'John', 'non-dropping-particle': 'von' });
    assert.deepStrictEqual(cslName('Martin Luther King Jr.'), { family: 'King', given: 'Martin Luther', suffix: 'Jr.' });
    assert.deepStrictEqual(cslName('Plato'), { family: 'Plato' });
  });

  it('pretty-prints an array that parseCslJson reads back to the same records', () => {
    const extras = new Map([['p1', superlinearExtras]]);
    const json = toCslJson([superlinear, walrus, games], extras);
    assert.ok(json.startsWith('[\n  {\n    "id": "zhang2026superlinear",'));
    const back = parseCslJson(json, 'out.json');
    assert.deepStrictEqual(back.diagnostics, []);
    assert.deepStrictEqual(
      back.entries.map((e) => [e.existingKey, e.title, e.authors, e.organization, e.date, e.abstract]),
      [
        ['zhang2026superlinear', superlinear.title, superlinear.authors, null, '2026-02-05', superlinear.abstract],
        ['polymathic2025walrus', walrus.title, [], 'Polymathic AI', '2025-05-30', ''],
        ['vonneumann1944theory', games.title, games.authors, null, null, ''],
      ],
    );
    assert.deepStrictEqual(back.entries[0].extras, superlinearExtras);
  });
});

describe('toBibtexEntry', () => {
  it('writes a journal article field by field, ASCII only, with math in braced $…$ runs', () => {
    assert.strictEqual(
      toBibtexEntry(superlinear, superlinearExtras),
      [
        '@article{zhang2026superlinear,',
        '  author = {Yikuan Zhang and Ning Yang and Y. Tu},',
        '  title = {On the Superlinear Relationship between {SGD} Noise Covariance and Loss Landscape Curvature},',
        '  journal = {Physical Review E},',
        '  year = {2026},',
        '  month = feb,',
        '  date = {2026-02-05},',
        '  volume = {113},',
        '  number = {2},',
        '  pages = {024301--024310},',
        '  doi = {10.1103/PhysRevE.113.024301},',
        "  abstract = {showing that C{$\\propto\\mathbb{E}$}p[h2p], with a bounded exponent 1{$\\leq\\gamma\\leq$}2 --- ``quoted''.},",
        '}',
        '',
      ].join('\n'),
    );
  });

  it('ends a truncated author list with "and others" and escapes accented names', () => {
    assert.strictEqual(
      toBibtexEntry(collective),
      [
        '@misc{tripathi2026collective,',
        '  author = {Ashutosh Tripathi and J{\\"o}rn Dunkel and D. Skinner and others},',
        '  title = {Collective is different: Information exchange and speed-accuracy trade-offs in self-organized patterning},',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('keys an entry as asked, leaving the paper as it is', () => {
    const entry = toBibtexEntry(collective, undefined, 'tripathi2026collectiveb');
    assert.ok(entry.startsWith('@misc{tripathi2026collectiveb,\n  author = {Ashutosh Tripathi and'), entry);
    assert.strictEqual(collective.citationKey, 'tripathi2026collective');
  });

  it('writes an organization as one braced author and a month from extras.issued', () => {
    assert.strictEqual(
      toBibtexEntry(walrus, { type: 'article', url: 'https://arxiv.org/abs/2511.15684' }),
      [
        '@misc{polymathic2025walrus,',
        '  author = {{Polymathic AI}},',
        '  title = {Walrus: A {Cross-Domain} Foundation Model for Continuum Dynamics},',
        '  year = {2025},',
        '  month = may,',
        '  date = {2025-05-30},',
        '  url = {https://arxiv.org/abs/2511.15684},',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('gives an author-less paper a sort key from its title, and maps conference papers to booktitle', () => {
    const entry = toBibtexEntry(paper({ id: 'x', citationKey: 'anon2019', title: 'A Study of GPT-4 & 3D DNA' }), {
      type: 'paper-conference',
      containerTitle: 'Proceedings of NeurIPS',
      publisher: 'Curran Associates',
      issued: '2019',
    });
    assert.strictEqual(
      entry,
      [
        '@inproceedings{anon2019,',
        '  title = {A Study of {GPT-4} \\& {3D} {DNA}},',
        '  key = {A Study of {GPT-4} \\& {3D} {DNA}},',
        '  booktitle = {Proceedings of NeurIPS},',
        '  year = {2019},',
        '  publisher = {Curran Associates},',
        '}',
        '',
      ].join('\n'),
    );
  });

  it('braces a name BibTeX would split at "and" or a comma', () => {
    const entry = toBibtexEntry(paper({ id: 'y', citationKey: 'team', title: 'Report', authors: ['Research and Development Team', 'Doe, Jane', 'Ada Lovelace'] }));
    assert.match(entry, /^ {2}author = \{\{Research and Development Team\} and \{Doe, Jane\} and Ada Lovelace\},$/m);
  });

  it('writes only printable ASCII whatever the input', () => {
    const entry = toBibtexEntry(paper({ id: 'z', citationKey: 'u', title: 'Ωμέγα ∑ 你好 🤗 ﬁne', authors: ['Zoë Ångström-Łukasz'], abstract: 'Tab\there\nand\u00a0there' }));
    assert.match(entry, /^[\x20-\x7e\n]*$/);
  });
});

describe('toLatex', () => {
  it('escapes every LaTeX special character so it prints as itself', () => {
    assert.strictEqual(
      toLatex('50% & $5 #1 a_b {x} ~ ^ \\ <> |').latex,
      '50\\% \\& \\$5 \\#1 a\\_b {$\\lbrace$}x{$\\rbrace$} \\textasciitilde{} \\textasciicircum{} \\textbackslash{} \\textless{}\\textgreater{} {$|$}',
    );
  });

  it('spells accents, ligature letters and typographic marks as LaTeX commands', () => {
    assert.strictEqual(toLatex('Jörn naïve Łódź Ångström Dvořák ß – — ‘a’ “b” • … © §').latex, 'J{\\"o}rn na{\\"i}ve {\\L}{\\\'o}d{\\\'z} {\\AA}ngstr{\\"o}m Dvo{\\v{r}}{\\\'a}k {\\ss} -- --- {\\textquoteleft}a{\\textquoteright} ``b\'\' {$\\bullet$} {\\ldots} {\\copyright} {\\S}');
  });

  it('keeps as UTF-8 the symbols LaTeX typesets from UTF-8 but pandoc would drop as commands', () => {
    assert.strictEqual(toLatex('5 °C · 3 € ½ ™').latex, '5 °C · 3 € ½ ™');
  });

  it('replaces what pdflatex cannot typeset without extra packages, and says when \\mathbb is used', () => {
    assert.deepStrictEqual(toLatex('ð þ ą «x» 你'), { latex: "d th a ``x'' ?", usesMathbb: false });
    assert.deepStrictEqual(toLatex('ℝⁿ 𝔼'), { latex: '{$\\mathbb{R}^{n}$} {$\\mathbb{E}$}', usesMathbb: true });
  });
});

describe('toBibtex', () => {
  it('joins entries in the given order and adds the \\mathbb fallback only when needed', () => {
    const plain = toBibtex([collective, walrus]);
    assert.ok(plain.startsWith('@misc{tripathi2026collective,'));
    assert.ok(plain.indexOf('@misc{polymathic2025walrus,') > 0);
    assert.ok(!plain.includes('@preamble'));
    const withMath = toBibtex([superlinear], new Map([['p1', superlinearExtras]]));
    assert.ok(withMath.startsWith('@preamble{ "\\providecommand{\\mathbb}[1]{\\mathbf{#1}}" }\n\n@article{zhang2026superlinear,'));
  });

  it('round-trips the seed corpus through parseBibtex: same keys, titles, authors, dates and abstracts', () => {
    const corpus = seedCorpus();
    assert.ok(corpus.papers.length > 50);
    const back = parseBibtex(toBibtex(corpus.papers, corpus.extras), 'seeds.bib');
    assert.deepStrictEqual(back.diagnostics, []);
    // The pages' ASCII "--" and ``quotes'' are LaTeX ligatures, and LaTeX reads them as the authors meant.
    const dashes = (s: string): string => s.replace(/---/g, '—').replace(/--/g, '–').replace(/``/g, '“').replace(/''/g, '”');
    assert.deepStrictEqual(
      back.entries.map((e) => [e.existingKey, e.title, e.authors, e.authorsTruncated, e.organization, e.date, e.abstract]),
      corpus.papers.map((p) => [p.citationKey, dashes(p.title), p.authors, p.authorsTruncated, p.authors.length > 0 ? null : p.organization, p.date, dashes(p.abstract)]),
    );
  });
});

describe('formatReferences', () => {
  const papers = [superlinear, collective, walrus, games];
  const extras = new Map([['p1', superlinearExtras]]);

  it('formats APA by default, sorted by author', () => {
    assert.deepStrictEqual(formatReferences(papers, undefined, extras), [
      'Polymathic AI. (2025). Walrus: A Cross-Domain Foundation Model for Continuum Dynamics.',
      'Tripathi, A., Dunkel, J., & Skinner, D. (n.d.). Collective is different: Information exchange and speed-accuracy trade-offs in self-organized patterning.',
      'von Neumann, J., & King, M. L., Jr. (n.d.). Theory of Games and Economic Behavior.',
      'Zhang, Y., Yang, N., & Tu, Y. (2026). On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature. Physical Review E, 113(2), 024301–024310. https://doi.org/10.1103/PhysRevE.113.024301',
    ]);
  });

  it('formats Vancouver in the given order and Harvard with the year after the names', () => {
    assert.deepStrictEqual(formatReferences([superlinear, walrus], 'vancouver', extras), [
      '1. Zhang Y, Yang N, Tu Y. On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature. Physical Review E. 2026 Feb 5;113(2):024301–10. doi:10.1103/PhysRevE.113.024301',
      '2. Polymathic AI. Walrus: A Cross-Domain Foundation Model for Continuum Dynamics. 2025.',
    ]);
    assert.deepStrictEqual(formatReferences([walrus], 'harvard1'), ['Polymathic AI (2025) “Walrus: A Cross-Domain Foundation Model for Continuum Dynamics.”']);
  });

  it('uses a registered CSL style, refuses a broken one and the built-in names', () => {
    const xml = `<?xml version="1.0" encoding="utf-8"?>
<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0">
  <info><title>Title and key</title><id>title-and-key</id><updated>2024-01-01T00:00:00+00:00</updated></info>
  <citation><layout><text variable="title"/></layout></citation>
  <bibliography><sort><key variable="title"/></sort><layout suffix="."><text variable="title" text-case="uppercase"/><text prefix=" / " variable="citation-key"/></layout></bibliography>
</style>`;
    assert.deepStrictEqual(registerCslStyle('title-and-key', xml), { registered: true });
    assert.deepStrictEqual(formatReferences([walrus, games], 'title-and-key'), [
      'THEORY OF GAMES AND ECONOMIC BEHAVIOR / vonneumann1944theory.',
      'WALRUS: A CROSS-DOMAIN FOUNDATION MODEL FOR CONTINUUM DYNAMICS / polymathic2025walrus.',
    ]);
    assert.ok(cslStyleNames().includes('title-and-key'));
    const broken = registerCslStyle('broken', '<style xmlns="http://purl.org/net/xbiblio/csl"><citation>');
    assert.strictEqual(broken.registered, false);
    assert.deepStrictEqual(registerCslStyle('apa', xml), { registered: false, reason: '"apa" is a built-in style and cannot be replaced.' });
    assert.strictEqual(registerCslStyle('x', '<html></html>').registered, false);
    assert.ok(!cslStyleNames().includes('broken'));
  });

  it('replaces a registered style when the same name is registered again', () => {
    const style = (suffix: string): string =>
      `<style xmlns="http://purl.org/net/xbiblio/csl" class="in-text" version="1.0"><info><title>T</title><id>t</id><updated>2024-01-01T00:00:00+00:00</updated></info><citation><layout><text variable="title"/></layout></citation><bibliography><layout suffix="${suffix}"><text variable="title"/></layout></bibliography></style>`;
    registerCslStyle('mine', style('!'));
    assert.deepStrictEqual(formatReferences([games], 'mine'), ['Theory of Games and Economic Behavior!']);
    registerCslStyle('mine', style('?'));
    assert.deepStrictEqual(formatReferences([games], 'mine'), ['Theory of Games and Economic Behavior?']);
  });

  it('throws for an unknown style name and returns nothing for no papers', () => {
    assert.throws(() => formatReferences(papers, 'chicago'), /Unknown citation style "chicago"; known: apa, vancouver, harvard1/);
    assert.deepStrictEqual(formatReferences([], 'apa'), []);
  });
});
