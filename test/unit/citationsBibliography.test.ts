import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import {
  abstractOpening,
  findBibliographyReferences,
  hoverFacts,
  planBibliographyAdditions,
  readBibEntries,
  type BibtexRenderer,
} from '../../src/core/citations';
import { buildCorpus } from '../../src/core/corpus';
import { parseText } from '../../src/core/parse';
import type { Paper } from '../../src/core/types';

const seedsDir = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'seeds');
const flatironFile = '000_dcb950095772cd83.txt';

function flatironPapers(): Paper[] {
  const text = fs.readFileSync(path.join(seedsDir, flatironFile), 'utf8');
  return buildCorpus([parseText(text, flatironFile, { today: new Date('2026-06-01T00:00:00Z') })]).papers;
}

function byKey(papers: Paper[], key: string): Paper {
  const paper = papers.find((p) => p.citationKey === key);
  assert.ok(paper, `no paper ${key} among ${papers.map((p) => p.citationKey).join(', ')}`);
  return paper;
}

/** A stand-in for the exporter: enough fields to be read back by the parser. */
const render: BibtexRenderer = (paper, key) => `@article{${key},\n  title = {${paper.title}},\n  year = {${paper.date?.slice(0, 4) ?? ''}},\n}\n`;

describe('findBibliographyReferences: LaTeX', () => {
  it('reads \\bibliography with a comma list and adds the .bib extension BibTeX leaves out', () => {
    const refs = findBibliographyReferences('latex', '\\documentclass{article}\n\\begin{document}\n\\bibliographystyle{plain}\n\\bibliography{refs, ../shared/library,extra.bib}\n');
    assert.deepStrictEqual(refs, [
      { path: 'refs.bib', line: 4, via: 'bibliography' },
      { path: '../shared/library.bib', line: 4, via: 'bibliography' },
      { path: 'extra.bib', line: 4, via: 'bibliography' },
    ]);
  });

  it('reads biblatex \\addbibresource with options, keeping the file name as written', () => {
    const refs = findBibliographyReferences('latex', '\\usepackage{biblatex}\n\\addbibresource[datatype=bibtex]{sources/papers.bib}\n\\addbibresource{more.bib}');
    assert.deepStrictEqual(refs, [
      { path: 'sources/papers.bib', line: 2, via: 'addbibresource' },
      { path: 'more.bib', line: 3, via: 'addbibresource' },
    ]);
  });

  it('ignores commented-out commands but not an escaped percent sign', () => {
    const refs = findBibliographyReferences('latex', '% \\bibliography{old}\n50\\% done \\bibliography{new}\n  %\\addbibresource{x.bib}');
    assert.deepStrictEqual(refs.map((r) => r.path), ['new.bib']);
  });

  it('finds nothing in a document without a bibliography', () => {
    assert.deepStrictEqual(findBibliographyReferences('latex', '\\cite{a}'), []);
  });
});

describe('findBibliographyReferences: Pandoc YAML', () => {
  it('reads a plain, a quoted and a commented string', () => {
    assert.deepStrictEqual(findBibliographyReferences('pandoc', '---\ntitle: Notes\nbibliography: refs.bib\n---\nText'), [{ path: 'refs.bib', line: 3, via: 'yaml' }]);
    assert.deepStrictEqual(findBibliographyReferences('pandoc', '---\nbibliography: "my refs.bib" # main\n---\n').map((r) => r.path), ['my refs.bib']);
    assert.deepStrictEqual(findBibliographyReferences('pandoc', "---\nbibliography: 'it''s.bib'\n...\n").map((r) => r.path), ["it's.bib"]);
  });

  it('reads an inline list and a block list', () => {
    assert.deepStrictEqual(findBibliographyReferences('pandoc', '---\nbibliography: [a.bib, "b c.json"]\n---\n').map((r) => r.path), ['a.bib', 'b c.json']);
    assert.deepStrictEqual(findBibliographyReferences('pandoc', '---\ntitle: x\nbibliography:\n  - first.bib\n\n  - "second.bib"\nauthor: me\n---\n'), [
      { path: 'first.bib', line: 4, via: 'yaml' },
      { path: 'second.bib', line: 6, via: 'yaml' },
    ]);
  });

  it('reads only the front matter at the top, not a bibliography line in the text', () => {
    assert.deepStrictEqual(findBibliographyReferences('pandoc', 'Intro\n---\nbibliography: refs.bib\n---\n'), []);
    assert.deepStrictEqual(findBibliographyReferences('pandoc', '---\ntitle: x\n---\nbibliography: refs.bib\n'), []);
  });

  it('handles Windows line endings', () => {
    assert.deepStrictEqual(findBibliographyReferences('pandoc', '---\r\nbibliography: refs.bib\r\n---\r\n').map((r) => r.path), ['refs.bib']);
  });
});

describe('findBibliographyReferences: Typst', () => {
  it('reads #bibliography with one path or an array, and ignores comments', () => {
    assert.deepStrictEqual(findBibliographyReferences('typst', '= Intro\n#bibliography("refs.bib", style: "apa")\n'), [{ path: 'refs.bib', line: 2, via: 'typst' }]);
    assert.deepStrictEqual(findBibliographyReferences('typst', '#bibliography(("a.bib", "b.yml"))').map((r) => r.path), ['a.bib', 'b.yml']);
    assert.deepStrictEqual(findBibliographyReferences('typst', '// #bibliography("old.bib")\n'), []);
  });
});

describe('readBibEntries', () => {
  it('lists every entry of the library fixture with key, decoded title and line, and keeps the keys of broken ones', () => {
    const text = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'bib', 'library.bib'), 'utf8');
    const { entries, diagnostics } = readBibEntries(text, 'library.bib');
    const dunkel = entries.find((e) => e.key === 'dunkel2026collective');
    assert.deepStrictEqual(dunkel, {
      key: 'dunkel2026collective',
      title: 'Collective is Different: Information Exchange and Speed–Accuracy Trade-offs in Self-Organized Patterning',
      line: 7,
    });
    assert.deepStrictEqual(entries.find((e) => e.key === 'sagun2017hessian')?.title, 'Empirical Analysis of the Hessian of Over-Parametrized Neural Networks');
    const broken = entries.filter((e) => e.title === null).map((e) => e.key);
    assert.ok(broken.length >= 1, 'the fixture has broken entries whose keys must still count');
    assert.ok(diagnostics.length >= 1);
    assert.ok(!entries.some((e) => e.key === 'jmlr'), '@string is not an entry');
  });
});

describe('planBibliographyAdditions', () => {
  const papers = flatironPapers();
  const zhang = byKey(papers, 'zhang2026superlinear');
  const tripathi = byKey(papers, 'tripathi2026collective');

  it('appends an entry for every paper an empty .bib lacks, under the paper keys', () => {
    const plan = planBibliographyAdditions('', [zhang, tripathi], render);
    assert.deepStrictEqual([...plan.keyOfPaper], [
      [zhang.id, 'zhang2026superlinear'],
      [tripathi.id, 'tripathi2026collective'],
    ]);
    assert.strictEqual(
      plan.appendText,
      '@article{zhang2026superlinear,\n  title = {On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature},\n  year = {2026},\n}\n\n' +
        '@article{tripathi2026collective,\n  title = {Collective is different: Information exchange and speed-accuracy trade-offs in self-organized patterning},\n  year = {2026},\n}\n',
    );
    assert.deepStrictEqual(plan.reused, []);
  });

  it('reuses the key of an entry with the same normalised title and appends nothing for it', () => {
    const bib = '@article{dunkel2026collective,\n  title = {Collective is Different: Information Exchange and Speed--Accuracy Trade-offs in Self-Organized Patterning},\n  year = 2026,\n}\n';
    const plan = planBibliographyAdditions(bib, [tripathi], render);
    assert.strictEqual(plan.keyOfPaper.get(tripathi.id), 'dunkel2026collective');
    assert.strictEqual(plan.appendText, '');
    assert.deepStrictEqual(plan.reused, [{ paperId: tripathi.id, key: 'dunkel2026collective' }]);
  });

  it('gives a new entry a suffixed key when another paper holds its key, compared without case', () => {
    const bib = '@misc{Zhang2026Superlinear,\n  title = {A Different Paper},\n}\n';
    const plan = planBibliographyAdditions(bib, [zhang], render);
    assert.strictEqual(plan.keyOfPaper.get(zhang.id), 'zhang2026superlineara');
    assert.ok(plan.appendText.startsWith('\n@article{zhang2026superlineara,\n'), plan.appendText);
  });

  it('counts the key of an entry it cannot parse as taken', () => {
    const bib = '@article{zhang2026superlinear,\n  title = {Broken\n\n@misc{other, title={Other}}\n';
    const plan = planBibliographyAdditions(bib, [zhang], render);
    assert.strictEqual(plan.keyOfPaper.get(zhang.id), 'zhang2026superlineara');
  });

  it('separates the new entries from existing text by one blank line, whatever the file ends with', () => {
    const entry = '@misc{x,\n  title = {X},\n}';
    assert.ok(planBibliographyAdditions(entry, [zhang], render).appendText.startsWith('\n\n@article'));
    assert.ok(planBibliographyAdditions(`${entry}\n`, [zhang], render).appendText.startsWith('\n@article'));
    assert.ok(planBibliographyAdditions(`${entry}\n\n`, [zhang], render).appendText.startsWith('@article'));
  });

  it('never changes existing text: the old text is a prefix of the result', () => {
    const bib = '% my notes\n@misc{keep,\n  title = {Keep   Me},   note = {odd  spacing}}\n';
    const plan = planBibliographyAdditions(bib, [zhang, tripathi], render);
    const result = bib + plan.appendText;
    assert.ok(result.startsWith(bib));
    assert.deepStrictEqual(readBibEntries(result).entries.map((e) => e.key), ['keep', 'zhang2026superlinear', 'tripathi2026collective']);
  });

  it('trusts the entries it is given for the text, so a cached parse of a large .bib is not repeated', () => {
    const plan = planBibliographyAdditions('@misc{x, title={Whatever}}\n', [zhang], render, [{ key: 'mine', title: zhang.title, line: 1 }]);
    assert.strictEqual(plan.keyOfPaper.get(zhang.id), 'mine');
    assert.strictEqual(plan.appendText, '');
  });

  it('adds a paper requested twice only once', () => {
    const plan = planBibliographyAdditions('', [zhang, zhang], render);
    assert.deepStrictEqual(plan.added, [{ paperId: zhang.id, key: 'zhang2026superlinear' }]);
  });

  it('does not add two entries for two papers that collide with each other in one request', () => {
    const twin = { ...tripathi, id: 'other', title: 'Another title', citationKey: 'zhang2026superlinear' };
    const plan = planBibliographyAdditions('', [zhang, twin], render);
    assert.deepStrictEqual(plan.added.map((a) => a.key), ['zhang2026superlinear', 'zhang2026superlineara']);
  });
});

describe('hover facts', () => {
  it('leads with the title, then authors, date and the opening of the abstract', () => {
    const zhang = byKey(flatironPapers(), 'zhang2026superlinear');
    const facts = hoverFacts(zhang);
    assert.strictEqual(facts.title, 'On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature');
    assert.strictEqual(facts.authors, 'Yikuan Zhang, Ning Yang, Y. Tu');
    assert.strictEqual(facts.date, 'Feb 5, 2026');
    assert.ok(facts.abstractOpening.startsWith('Stochastic Gradient Descent (SGD) introduces anisotropic noise that is correlate'));
    assert.ok(facts.abstractOpening.endsWith('…'));
    assert.ok(facts.abstractOpening.length <= 301);
  });

  it('cuts an abstract at a word boundary and leaves a short one whole', () => {
    assert.strictEqual(abstractOpening('One two three four five', 12), 'One two…');
    assert.strictEqual(abstractOpening('Short  abstract.\n', 300), 'Short abstract.');
    assert.strictEqual(abstractOpening('Words, then more words', 7), 'Words…');
  });
});
