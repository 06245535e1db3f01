import * as assert from 'assert';
import * as vscode from 'vscode';
import type { GroupNode, PaperNode } from '../../src/core/grouping';
import { paperShelf, waitFor, workspaceRoot } from './helpers';

const SEED_FILES = ['000_dcb950095772cd83.txt', '001_82683aa955ecf6b3.txt', '002_e66b183b05945700.txt', '003_203764438dbd6878.txt', '004_4f62d7060283d739.txt'];

const NEW_PAGE = `new

Get trending papers in your email inbox!

Subscribe

Daily Papers

byAK and the research community

Apr 22

Tidal Locking of Paper Shelves in Rotating Libraries

We study how paper shelves align with the rotation of a library. Everything else is an illustration.

  • 3 authors
·
Mar 2, 2024 5

Second Fixture Paper about Quasar Bookkeeping

A short abstract about quasars and the keeping of books.

  • 2 authors
·
Jan 9, 2025
`;

describe('Browsing the seeds corpus', () => {
  it('loads the 96 distinct papers of the five seed pages from papers/', async () => {
    const { shelf } = await paperShelf();
    assert.strictEqual(shelf.state, 'ready');
    assert.strictEqual(shelf.papers().length, 96);
    const zhang = shelf.paperByKey('zhang2026superlinear');
    assert.ok(zhang, 'the Flatiron paper by Zhang, Yang and Tu is loaded');
    assert.deepStrictEqual(zhang.authors, ['Yikuan Zhang', 'Ning Yang', 'Y. Tu']);
    assert.strictEqual(zhang.date, '2026-02-05');
    assert.deepStrictEqual(new Set(shelf.papers().flatMap((p) => p.sources.map((s) => s.file.split('/').pop()))), new Set(SEED_FILES));
  });

  it('groups the tree by topic with counts that add up, and months newest first with Undated last', async () => {
    const { shelf, papersTree } = await paperShelf();
    await vscode.commands.executeCommand('paperShelf.groupByTopic');
    const roots = papersTree.provider.getChildren() as GroupNode[];
    const topicLabels = new Map(shelf.topics().map((t) => [t.id, t.label]));
    assert.deepStrictEqual(roots.map((r) => r.label), roots.map((r) => topicLabels.get(r.value) ?? 'Other'));
    assert.ok(roots.length >= 3, `a handful of topics, got ${roots.map((r) => r.label).join(', ')}`);
    assert.strictEqual(roots.reduce((sum, r) => sum + r.count, 0), 96);
    for (const root of roots) {
      const months = root.children as GroupNode[];
      assert.strictEqual(months.reduce((sum, m) => sum + m.count, 0), root.count, `month counts of ${root.label}`);
      const values = months.map((m) => m.value);
      const dated = values.filter((v) => v !== 'undated');
      assert.deepStrictEqual(dated, [...dated].sort().reverse(), `months of ${root.label} newest first`);
      if (values.includes('undated')) assert.strictEqual(values[values.length - 1], 'undated');
      for (const month of months) assert.match(month.label, /^(\d{4} · (January|February|March|April|May|June|July|August|September|October|November|December)|Undated)$/);
    }
    const zhang = papersTree.provider.nodeOfPaper(shelf.paperByKey('zhang2026superlinear')!.id)!;
    assert.strictEqual(zhang.parent.label, '2026 · February');
    const item = papersTree.provider.getTreeItem(zhang);
    assert.strictEqual(item.label, 'On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature');
    assert.strictEqual(item.description, 'Zhang et al. · Feb 5, 2026');
    assert.strictEqual(item.contextValue, 'paper');
  });

  it('switches to date → topic and back, keeping the choice in a context key', async () => {
    const { shelf, papersTree } = await paperShelf();
    await vscode.commands.executeCommand('paperShelf.groupByDate');
    const roots = papersTree.provider.getChildren() as GroupNode[];
    assert.strictEqual(roots[0].kind, 'month');
    const newestMonth = shelf.papers().map((p) => p.date?.slice(0, 7) ?? '').sort().pop();
    assert.strictEqual(newestMonth, '2026-05', 'the newest seed paper is from May 2026 (Polymathic AI, May 30)');
    assert.strictEqual(roots[0].label, '2026 · May');
    assert.strictEqual(roots[roots.length - 1].label, 'Undated');
    const undated = shelf.papers().filter((p) => p.date === null).length;
    assert.strictEqual(roots[roots.length - 1].count, undated);
    await vscode.commands.executeCommand('paperShelf.groupByTopic');
    assert.strictEqual((papersTree.provider.getChildren() as GroupNode[])[0].kind, 'topic');
  });

  it('reveals and selects any paper in the tree', async () => {
    const { shelf, papersTree } = await paperShelf();
    await vscode.commands.executeCommand('workbench.view.extension.paperShelf');
    const paper = shelf.papers().find((p) => p.title.startsWith('Grokking as the Transition'))!;
    await vscode.commands.executeCommand('paperShelf.revealInTree', paper.id);
    const selected = await waitFor('the revealed paper to be selected', () => papersTree.view.selection.length === 1 && papersTree.view.selection[0]);
    assert.strictEqual((selected as PaperNode).paper.id, paper.id);
  });

  it('filters the tree to a search and shows the query in the view description', async () => {
    const { shelf, papersTree } = await paperShelf();
    await vscode.commands.executeCommand('paperShelf.filter', 'grokking');
    const roots = papersTree.provider.getChildren() as GroupNode[];
    const papers = roots.flatMap((r) => (r.children as GroupNode[]).flatMap((m) => (m.children as PaperNode[]).map((p) => p.paper)));
    const expected = shelf.papers().filter((p) => /grokking/i.test(`${p.title} ${p.abstract}`));
    assert.deepStrictEqual(new Set(papers.map((p) => p.id)), new Set(expected.map((p) => p.id)));
    assert.ok(papers.some((p) => p.title.startsWith('Grokking as the Transition')));
    assert.match(papersTree.view.description ?? '', /^Filter: grokking \(\d+\)$/);
    await vscode.commands.executeCommand('paperShelf.clearFilter');
    assert.strictEqual(papersTree.view.description, undefined);
  });

  it('ranks title words first, honours author: and year: filters, and forgives a typo', async () => {
    const { shelf } = await paperShelf();
    assert.strictEqual(shelf.search('superlinear')[0]?.paper.citationKey, 'zhang2026superlinear');
    const byTu = shelf.search('author:tu').map((h) => h.paper.citationKey);
    assert.ok(byTu.includes('zhang2026superlinear'), `author:tu gave ${byTu.join(', ')}`);
    assert.ok(shelf.search('author:tu').every((h) => h.paper.authors.some((a) => /\btu\b/i.test(a))));
    const in2021 = shelf.search('year:2021', 100);
    assert.ok(in2021.length > 0 && in2021.every((h) => h.paper.date?.startsWith('2021')));
    assert.ok(shelf.search('grokkng').slice(0, 3).some((h) => h.paper.title.startsWith('Grokking')), 'a typo still finds the grokking paper');
  });

  it('re-reads the corpus when a page is added and when it is deleted', async () => {
    const { shelf } = await paperShelf();
    const page = vscode.Uri.joinPath(workspaceRoot(), 'papers', 'added-page.txt');
    await vscode.workspace.fs.writeFile(page, new TextEncoder().encode(NEW_PAGE));
    await waitFor('the added page to load', () => shelf.papers().length === 98, shelf);
    const tidal = shelf.papers().find((p) => p.title === 'Tidal Locking of Paper Shelves in Rotating Libraries')!;
    assert.strictEqual(tidal.upvotes, 5);
    assert.strictEqual(tidal.date, '2024-03-02');
    await vscode.workspace.fs.delete(page);
    await waitFor('the deleted page to leave the corpus', () => shelf.papers().length === 96, shelf);
    assert.strictEqual(shelf.papers().some((p) => p.title.startsWith('Tidal Locking')), false);
  });

  it('skips a malformed entry with a diagnostic naming file and line, and keeps the rest', async () => {
    const { shelf } = await paperShelf();
    const bib = vscode.Uri.joinPath(workspaceRoot(), 'papers', 'broken.bib');
    const text = '@article{good2020,\n  title = {A Perfectly Good Entry},\n  author = {Ada Lovelace},\n  year = {2020}\n}\n\n@article{bad2021,\n  title = {Missing its closing brace,\n  year = 2021\n\n@article{fine2022,\n  title = {Another Fine Entry},\n  author = {Alan Turing},\n  year = {2022}\n}\n';
    await vscode.workspace.fs.writeFile(bib, new TextEncoder().encode(text));
    try {
      await waitFor('broken.bib to load', () => shelf.papers().some((p) => p.title === 'A Perfectly Good Entry'), shelf);
      assert.ok(shelf.papers().some((p) => p.title === 'Another Fine Entry'));
      const diagnostic = shelf.diagnostics().find((d) => d.file.endsWith('broken.bib'));
      assert.ok(diagnostic, 'a diagnostic for broken.bib');
      assert.strictEqual(diagnostic.line, 7);
      assert.strictEqual(shelf.papers().length, 98);
    } finally {
      await vscode.workspace.fs.delete(bib);
      await waitFor('broken.bib to leave the corpus', () => shelf.papers().length === 96, shelf);
    }
  });
  it('copies the bundled sample corpus into papers/sample with Open Sample Corpus, never over existing files', async () => {
    const { shelf } = await paperShelf();
    const sample = vscode.Uri.joinPath(workspaceRoot(), 'papers', 'sample');
    const kept = vscode.Uri.joinPath(sample, SEED_FILES[0]);
    await vscode.workspace.fs.writeFile(kept, new TextEncoder().encode('2795 Publications\n'));
    try {
      await vscode.commands.executeCommand('paperShelf.openSampleCorpus');
      const names = (await vscode.workspace.fs.readDirectory(sample)).map(([name]) => name).sort();
      assert.deepStrictEqual(names, SEED_FILES);
      assert.strictEqual(new TextDecoder().decode(await vscode.workspace.fs.readFile(kept)), '2795 Publications\n', 'an existing file is left as it was');
      // The copies are the same pages, so they merge into the same 96 papers with a second source each.
      const grokking = await waitFor('the copies to load as second sources', () => {
        const paper = shelf.papers().find((p) => p.title.startsWith('Grokking as the Transition'));
        return paper && paper.sources.some((s) => s.file.includes('/papers/sample/')) && paper;
      }, shelf);
      assert.strictEqual(shelf.papers().length, 96);
      assert.deepStrictEqual(grokking.sources.map((s) => s.file.split('/papers/')[1]), ['003_203764438dbd6878.txt', '004_4f62d7060283d739.txt', 'sample/003_203764438dbd6878.txt', 'sample/004_4f62d7060283d739.txt']);
    } finally {
      await vscode.workspace.fs.delete(sample, { recursive: true });
      await waitFor('the sample copies to leave the corpus', () => shelf.papers().every((p) => p.sources.every((s) => !s.file.includes('/papers/sample/'))), shelf);
    }
  });
});
