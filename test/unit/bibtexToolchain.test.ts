/**
 * The .bib we write must build with the real tools: pdflatex + bibtex, biblatex + biber, and
 * pandoc --citeproc, for the whole seed corpus plus papers built to stress the writer.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildCorpus } from '../../src/core/corpus';
import { toBibtex } from '../../src/core/export/bibliography';
import { parseText } from '../../src/core/parse/index';
import type { BibliographicExtras, Paper } from '../../src/core/types';

const seedsDir = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'seeds');

function paper(fields: Partial<Paper> & Pick<Paper, 'id' | 'citationKey' | 'title'>): Paper {
  return { authors: [], authorsTruncated: false, authorCount: null, organization: null, abstract: '', date: null, upvotes: null, sources: [], ...fields };
}

/** Papers whose every field stresses the writer; each type carries the fields its BibTeX style requires. */
const stressPapers: Array<[Paper, BibliographicExtras | undefined]> = [
  [
    paper({
      id: 'stress-1',
      citationKey: 'shelftestAccents2020',
      title: 'Ångström, Über and Café: naïve façades in Łódź, Øresund, São Paulo, Dvořák, Erdős, Ştefan, Æsir, Œuvre and Straße',
      authors: ['Jörn Dunkel', 'Zoë Ångström-Łukasz', 'Đorđe Þórsson', 'Ludwig van Beethoven', 'Martin Luther King Jr.'],
      abstract: 'Mixed scripts stay loadable: 你好, 🤗, Привет, Þór, ą, ð, «guillemets», „low“.',
      date: '2020-03-05',
    }),
    { type: 'article-journal', containerTitle: 'Physical Review X & Letters', volume: '16', issue: '1', pages: '011001–011020', doi: '10.1103/PhysRevX.16_011001', url: 'https://example.org/a_b?x=1&y=%20z' },
  ],
  [
    paper({
      id: 'stress-2',
      citationKey: 'shelftestSymbols2021',
      title: 'C∝𝔼p[h2p] with 1≤γ≤2 — “quoted” ‘single’, αβ ΓΔ ℝ → ℕ, 50% & $5 #1 a_b {x} ~ ^ \\ <> | … • · † © ° € £',
      authors: ['Research and Development Team', 'Ada Lovelace'],
      authorsTruncated: true,
      abstract: 'Raw TeX from a listing page: \\left\\{ array{lll} \\partial_t n = \\Delta n \\right. at 100% of $x$.',
      date: '2021-12-31',
    }),
    { type: 'paper-conference', containerTitle: 'Proceedings of the 38th ICML', publisher: 'PMLR' },
  ],
  [
    paper({ id: 'stress-3', citationKey: 'shelftestWalrus2025', title: 'Walrus: A Cross-Domain Foundation Model for Continuum Dynamics', organization: 'Polymathic AI & Friends' }),
    { type: 'article', issued: '2025-05', url: 'https://arxiv.org/abs/2511.15684' },
  ],
  [
    paper({ id: 'stress-4', citationKey: 'shelftestGames1944', title: 'Theory of Games and Economic Behavior', authors: ['John von Neumann', 'Oskar Morgenstern'] }),
    { type: 'book', publisher: 'Princeton University Press', issued: '1944' },
  ],
  [
    paper({ id: 'stress-5', citationKey: 'shelftestThesis1955', title: 'A Comparison of the Conceptions of God in the Thinking of Paul Tillich and Henry Nelson Wieman', authors: ['Martin Luther King Jr.'] }),
    { type: 'thesis', publisher: 'Boston University', issued: '1955-06' },
  ],
  [
    paper({ id: 'stress-6', citationKey: 'shelftestReport2019', title: 'GPT-4 and 3D DNA: A Technical Report', authors: ['Jane Doe'], date: '2019-07-01' }),
    { type: 'report', publisher: 'OpenAI' },
  ],
  [paper({ id: 'stress-7', citationKey: 'shelftestNoAuthor', title: 'An Anonymous Preprint With No Date' }), undefined],
];

function allPapers(): { papers: Paper[]; extras: Map<string, BibliographicExtras> } {
  const results = fs.readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort().map((f) => parseText(fs.readFileSync(path.join(seedsDir, f), 'utf8'), f));
  const corpus = buildCorpus(results);
  const extras = new Map(corpus.extras);
  for (const [p, e] of stressPapers) if (e) extras.set(p.id, e);
  return { papers: [...stressPapers.map(([p]) => p), ...corpus.papers], extras };
}

function hasTool(name: string): boolean {
  return spawnSync(name, ['--version'], { encoding: 'utf8' }).error === undefined;
}

function run(cwd: string, command: string, args: string[]): { status: number | null; output: string } {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

function runAll(cwd: string, steps: Array<[string, string[]]>): void {
  for (const [command, args] of steps) {
    const { status, output } = run(cwd, command, args);
    assert.strictEqual(status, 0, `${command} ${args.join(' ')} failed:\n${output.slice(-3000)}`);
  }
}

function latexDocument(keys: string[], preamble: string, bibliography: string): string {
  return ['\\documentclass{article}', preamble, '\\begin{document}', `All papers: \\cite{${keys.join(',')}}.`, bibliography, '\\end{document}', ''].join('\n');
}

function assertCleanLatexLog(log: string): void {
  assert.deepStrictEqual(log.match(/^! .*$/gm) ?? [], [], 'LaTeX errors');
  assert.deepStrictEqual(log.match(/Citation [`'][^']*' (on page \d+ )?undefined/g) ?? [], [], 'undefined citations');
  assert.ok(!/There were undefined (citations|references)/.test(log), 'LaTeX reports undefined citations');
  assert.ok(!/Please \(re\)run (BibTeX|Biber)/.test(log), 'LaTeX asks for another bibliography run');
}

/** Folds what a citation style may change in a title: case, quote marks, dash kinds and spacing. */
function foldTitle(title: string): string {
  return title
    .normalize('NFC')
    .toLowerCase()
    .replace(/[‐‑‒–—―]|--+/g, '-')
    .replace(/["'`‘’“”«»„‚]/g, '')
    .replace(/\s+/g, '');
}

describe('BibTeX export accepted by real tools', function () {
  this.timeout(600_000);
  let workDir: string;
  let keys: string[];
  let papers: Paper[];

  before(() => {
    const all = allPapers();
    papers = all.papers;
    keys = papers.map((p) => p.citationKey);
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'paper-shelf-bib-'));
    fs.writeFileSync(path.join(workDir, 'refs.bib'), toBibtex(all.papers, all.extras));
  });

  after(() => {
    if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('cites the whole seed corpus plus the stress papers, every key once', () => {
    assert.ok(papers.length > 90, `only ${papers.length} papers`);
    assert.strictEqual(new Set(keys).size, keys.length);
    assert.ok(keys.includes('shelftestSymbols2021'));
  });

  it('builds with pdflatex + bibtex + pdflatex twice: no error, no warning, no undefined citation', function () {
    if (!hasTool('pdflatex') || !hasTool('bibtex')) this.skip();
    const dir = fs.mkdtempSync(path.join(workDir, 'bibtex-'));
    fs.copyFileSync(path.join(workDir, 'refs.bib'), path.join(dir, 'refs.bib'));
    fs.writeFileSync(path.join(dir, 'doc.tex'), latexDocument(keys, '', '\\bibliographystyle{plain}\n\\bibliography{refs}'));
    const pdflatex: [string, string[]] = ['pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'doc.tex']];
    runAll(dir, [pdflatex, ['bibtex', ['doc']], pdflatex, pdflatex]);
    const blg = fs.readFileSync(path.join(dir, 'doc.blg'), 'utf8');
    assert.ok(!/error message/.test(blg), blg);
    assert.deepStrictEqual(blg.match(/^Warning--.*$/gm) ?? [], []);
    assertCleanLatexLog(fs.readFileSync(path.join(dir, 'doc.log'), 'utf8'));
    const bbl = fs.readFileSync(path.join(dir, 'doc.bbl'), 'utf8');
    assert.strictEqual((bbl.match(/\\bibitem\{/g) ?? []).length, keys.length);
  });

  it('builds with biblatex + biber: no error or warning from biber, no undefined citation', function () {
    if (!hasTool('pdflatex') || !hasTool('biber')) this.skip();
    const dir = fs.mkdtempSync(path.join(workDir, 'biber-'));
    fs.copyFileSync(path.join(workDir, 'refs.bib'), path.join(dir, 'refs.bib'));
    fs.writeFileSync(path.join(dir, 'doc.tex'), latexDocument(keys, '\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}', '\\printbibliography'));
    const pdflatex: [string, string[]] = ['pdflatex', ['-interaction=nonstopmode', '-halt-on-error', 'doc.tex']];
    runAll(dir, [pdflatex, ['biber', ['doc']], pdflatex, pdflatex]);
    const blg = fs.readFileSync(path.join(dir, 'doc.blg'), 'utf8');
    assert.deepStrictEqual(blg.match(/^.*(ERROR|WARN) - .*$/gm) ?? [], []);
    assertCleanLatexLog(fs.readFileSync(path.join(dir, 'doc.log'), 'utf8'));
  });

  it('renders with pandoc --citeproc: every citation resolves and every title is printed', function () {
    if (!hasTool('pandoc')) this.skip();
    const dir = fs.mkdtempSync(path.join(workDir, 'pandoc-'));
    fs.copyFileSync(path.join(workDir, 'refs.bib'), path.join(dir, 'refs.bib'));
    fs.writeFileSync(path.join(dir, 'doc.md'), `# Papers\n\n${keys.map((k) => `See [@${k}].`).join('\n\n')}\n\n# References\n`);
    const { status, output } = run(dir, 'pandoc', ['--citeproc', '--bibliography', 'refs.bib', '-t', 'plain', '--wrap=none', 'doc.md', '-o', 'out.txt']);
    assert.strictEqual(status, 0, output);
    assert.deepStrictEqual(output.match(/\[WARNING\].*$/gm) ?? [], []);
    const rendered = foldTitle(fs.readFileSync(path.join(dir, 'out.txt'), 'utf8'));
    assert.deepStrictEqual(papers.filter((p) => !rendered.includes(foldTitle(p.title))).map((p) => p.title), []);
  });
});
