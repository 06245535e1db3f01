import * as assert from 'assert';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { Paper } from '../../src/core/types';
import type { ExportResult, InsertCitationResult } from '../../src/features/citations';
import { paperShelf, waitFor, workspaceRoot } from './helpers';

const decoder = new TextDecoder();
const encoder = new TextEncoder();
const ZHANG = 'zhang2026superlinear';
const TRIPATHI = 'tripathi2026collective';
const MCCALMON = 'mccalmon2026sparse';
const ZHANG_TITLE = 'On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature';
const TRIPATHI_TITLE = 'Collective is different: Information exchange and speed-accuracy trade-offs in self-organized patterning';

/** Every test writes under this folder of the workspace, removed afterwards. */
const FOLDER = 'citations-test';

function fileUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), FOLDER, ...relative.split('/'));
}

async function readText(uri: vscode.Uri): Promise<string> {
  return decoder.decode(await vscode.workspace.fs.readFile(uri));
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
}

async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, encoder.encode(text));
}

/** Opens `text` (with `|` marking cursors) as a file and puts the cursors there. */
async function openWithCursors(uri: vscode.Uri, marked: string): Promise<vscode.TextEditor> {
  const parts = marked.split('|');
  await writeText(uri, parts.join(''));
  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
  const offsets: number[] = [];
  let offset = 0;
  for (const part of parts.slice(0, -1)) {
    offset += part.length;
    offsets.push(offset);
  }
  editor.selections = offsets.map((o) => new vscode.Selection(document.positionAt(o), document.positionAt(o)));
  return editor;
}

/** The document text with `|` at every cursor, to pin where typing continues. */
function withCursors(editor: vscode.TextEditor): string {
  let text = editor.document.getText();
  const offsets = editor.selections.map((s) => editor.document.offsetAt(s.active)).sort((a, b) => b - a);
  for (const offset of offsets) text = `${text.slice(0, offset)}|${text.slice(offset)}`;
  return text;
}

async function insert(paperIds: string[], locator?: string): Promise<InsertCitationResult> {
  const result = await vscode.commands.executeCommand<InsertCitationResult | undefined>('paperShelf.insertCitation', { paperIds, locator });
  assert.ok(result, 'Insert Citation returned no result');
  return result;
}

let papers: readonly Paper[] = [];

function paper(key: string): Paper {
  const found = papers.find((p) => p.citationKey === key);
  assert.ok(found, `${key} is in the sample corpus`);
  return found;
}

async function setCitationSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('paperShelf.citation').update(key, value, vscode.ConfigurationTarget.Workspace);
}

async function closeEverything(): Promise<void> {
  for (const document of vscode.workspace.textDocuments) {
    if (document.isDirty && document.uri.scheme === 'file') await document.save();
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Markdown from MarkdownString.appendText back to the text it was given (it escapes punctuation and spaces). */
function plain(markdown: string): string {
  return markdown.replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!~>])/g, '$1');
}

/** Entry keys of a .bib text in file order. */
function bibKeys(text: string): string[] {
  return [...text.matchAll(/^@\w+\{([^,\s]+),/gm)].map((m) => m[1]);
}

describe('Citations', function () {
  this.timeout(60_000);

  before(async () => {
    const { shelf } = await paperShelf();
    papers = shelf.papers();
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), FOLDER), { recursive: true }).then(undefined, () => undefined);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(workspaceRoot(), FOLDER));
  });

  afterEach(closeEverything);

  after(async () => {
    await closeEverything();
    await setCitationSetting('latexCommand', undefined);
    await setCitationSetting('bibliographyFile', undefined);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), FOLDER), { recursive: true }).then(undefined, () => undefined);
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), 'references.bib')).then(undefined, () => undefined);
  });

  describe('Insert Citation', () => {
    it('writes \\cite{key} in a LaTeX document and appends the entry to the .bib it names, creating it', async () => {
      const editor = await openWithCursors(fileUri('tex1/paper.tex'), 'As shown by |.\n\\bibliography{refs}\n');
      const result = await insert([paper(ZHANG).id]);
      assert.strictEqual(withCursors(editor), 'As shown by \\cite{zhang2026superlinear}|.\n\\bibliography{refs}\n');
      assert.strictEqual(result.syntax, 'latex');
      assert.deepStrictEqual(result.keys, [ZHANG]);
      assert.strictEqual(result.bibliography?.uri, fileUri('tex1/refs.bib').toString());
      assert.strictEqual(result.bibliography?.created, true);
      assert.deepStrictEqual(result.bibliography?.added, [ZHANG]);
      const bib = await readText(fileUri('tex1/refs.bib'));
      assert.ok(bib.startsWith('@preamble{ "\\providecommand{\\mathbb}[1]{\\mathbf{#1}}" }\n\n@misc{zhang2026superlinear,\n  author = {Yikuan Zhang and Ning Yang and Y. Tu},\n'), bib);
      assert.ok(bib.includes('  title = {On the Superlinear Relationship between {SGD} Noise Covariance and Loss Landscape Curvature},\n'));
      assert.match(bib, /\n {2}abstract = \{Stochastic Gradient Descent \(\{?SGD\}?\) introduces anisotropic noise .*\},\n/);
    });

    it('writes several keys and a locator with the configured LaTeX command', async () => {
      await setCitationSetting('latexCommand', 'citep');
      try {
        const editor = await openWithCursors(fileUri('tex2/paper.tex'), '\\addbibresource{lib.bib}\nText |\n');
        const result = await insert([paper(ZHANG).id, paper(TRIPATHI).id], 'p. 3');
        assert.strictEqual(withCursors(editor), '\\addbibresource{lib.bib}\nText \\citep[p.~3]{zhang2026superlinear,tripathi2026collective}|\n');
        assert.deepStrictEqual(bibKeys(await readText(fileUri('tex2/lib.bib'))), [ZHANG, TRIPATHI]);
        assert.deepStrictEqual(result.bibliography?.added, [ZHANG, TRIPATHI]);
      } finally {
        await setCitationSetting('latexCommand', undefined);
      }
    });

    it('joins the LaTeX citation around the cursor instead of nesting one', async () => {
      const editor = await openWithCursors(fileUri('tex3/paper.tex'), 'See \\cite{zhang2026superlinear,|}.\n\\bibliography{refs}\n');
      await insert([paper(TRIPATHI).id]);
      assert.strictEqual(withCursors(editor), 'See \\cite{zhang2026superlinear,tripathi2026collective|}.\n\\bibliography{refs}\n');
    });

    it('inserts at two cursors, joining one citation and creating another', async () => {
      const editor = await openWithCursors(fileUri('tex4/paper.tex'), 'One |. Two \\cite{zhang2026superlinear|}.\n');
      const result = await insert([paper(MCCALMON).id]);
      assert.strictEqual(withCursors(editor), 'One \\cite{mccalmon2026sparse}|. Two \\cite{zhang2026superlinear,mccalmon2026sparse|}.\n');
      // No \bibliography{}: the setting's references.bib at the workspace root.
      assert.strictEqual(result.bibliography?.uri, vscode.Uri.joinPath(workspaceRoot(), 'references.bib').toString());
      assert.ok(bibKeys(await readText(vscode.Uri.joinPath(workspaceRoot(), 'references.bib'))).includes(MCCALMON));
    });

    it('writes Pandoc [@a; @b] in Markdown with the bibliography from the YAML front matter', async () => {
      const editor = await openWithCursors(fileUri('md1/notes.md'), '---\ntitle: Notes\nbibliography: refs.bib\n---\n\nAs shown|.\n');
      const result = await insert([paper(ZHANG).id, paper(TRIPATHI).id]);
      assert.strictEqual(result.syntax, 'pandoc');
      assert.strictEqual(withCursors(editor), '---\ntitle: Notes\nbibliography: refs.bib\n---\n\nAs shown [@zhang2026superlinear; @tripathi2026collective]|.\n');
      assert.deepStrictEqual(bibKeys(await readText(fileUri('md1/refs.bib'))), [ZHANG, TRIPATHI]);
    });

    it('writes a Pandoc locator after the key and joins [@a; |]', async () => {
      const editor = await openWithCursors(fileUri('md2/notes.md'), '---\nbibliography: [refs.bib]\n---\nA |. B [@zhang2026superlinear; |].\n');
      await insert([paper(TRIPATHI).id], 'p. 3');
      assert.strictEqual(withCursors(editor), '---\nbibliography: [refs.bib]\n---\nA [@tripathi2026collective, p. 3]|. B [@zhang2026superlinear; @tripathi2026collective, p. 3|].\n');
    });

    it('writes Pandoc citations in a Quarto document', async () => {
      const editor = await openWithCursors(fileUri('qmd/report.qmd'), '---\nbibliography:\n  - refs.bib\n---\n\nText |\n');
      const result = await insert([paper(MCCALMON).id]);
      assert.strictEqual(result.syntax, 'pandoc');
      assert.strictEqual(withCursors(editor), '---\nbibliography:\n  - refs.bib\n---\n\nText [@mccalmon2026sparse]|\n');
      assert.deepStrictEqual(bibKeys(await readText(fileUri('qmd/refs.bib'))), [MCCALMON]);
    });

    it('writes Typst references with a supplement and uses the #bibliography file', async () => {
      const editor = await openWithCursors(fileUri('typ/main.typ'), '= Intro\nAs in|.\n#bibliography("works.bib")\n');
      const result = await insert([paper(ZHANG).id, paper(TRIPATHI).id], 'p. 3');
      assert.strictEqual(result.syntax, 'typst');
      assert.strictEqual(withCursors(editor), '= Intro\nAs in @zhang2026superlinear @tripathi2026collective[p. 3]|.\n#bibliography("works.bib")\n');
      assert.deepStrictEqual(bibKeys(await readText(fileUri('typ/works.bib'))), [ZHANG, TRIPATHI]);
    });

    it('inserts an APA reference formatted by citeproc into a plain-text document', async () => {
      const editor = await openWithCursors(fileUri('plain/letter.txt'), 'Reference: |\n');
      const result = await insert([paper(ZHANG).id]);
      assert.strictEqual(result.syntax, 'formatted');
      assert.strictEqual(
        editor.document.getText(),
        'Reference: Zhang, Y., Yang, N., & Tu, Y. (2026). On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature.\n',
      );
    });

    it('inserts the paper of the abstract panel into the editor used last, though the panel has focus', async () => {
      const editor = await openWithCursors(fileUri('md3/notes.md'), '---\nbibliography: refs.bib\n---\nSee |\n');
      await vscode.commands.executeCommand('paperShelf.openAbstract', paper(ZHANG).id);
      await waitFor('the abstract panel to open beside', () => vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputWebview)));
      await vscode.commands.executeCommand('workbench.action.focusSecondEditorGroup');
      await waitFor('the abstract panel to be the active editor', () => vscode.window.activeTextEditor === undefined);
      await vscode.commands.executeCommand('paperShelf.insertCitation', paper(ZHANG).id);
      assert.strictEqual(withCursors(editor), '---\nbibliography: refs.bib\n---\nSee [@zhang2026superlinear]|\n');
    });

    it('inserts the papers selected in the tree (clicked node, selected nodes)', async () => {
      const editor = await openWithCursors(fileUri('tex5/paper.tex'), '|\n\\bibliography{refs}\n');
      const node = (key: string) => ({ kind: 'paper', paper: paper(key) });
      await vscode.commands.executeCommand('paperShelf.insertCitation', node(ZHANG), [node(ZHANG), node(MCCALMON)]);
      assert.strictEqual(withCursors(editor), '\\cite{zhang2026superlinear,mccalmon2026sparse}|\n\\bibliography{refs}\n');
    });
  });

  describe('keeping the bibliography in sync', () => {
    it('reuses the key of an entry for the same paper and leaves the .bib untouched', async () => {
      const existing = '@article{dunkel2026collective,\n  author = {Tripathi, Ashutosh and Dunkel, J{\\"o}rn and Skinner, D.},\n  title = {Collective is Different: Information Exchange and Speed--Accuracy Trade-offs in Self-Organized Patterning},\n  year = 2026,\n}\n';
      await writeText(fileUri('reuse/refs.bib'), existing);
      const editor = await openWithCursors(fileUri('reuse/paper.tex'), 'X |\n\\bibliography{refs}\n');
      const result = await insert([paper(TRIPATHI).id]);
      assert.strictEqual(withCursors(editor), 'X \\cite{dunkel2026collective}|\n\\bibliography{refs}\n');
      assert.deepStrictEqual(result.bibliography?.reused, ['dunkel2026collective']);
      assert.deepStrictEqual(result.bibliography?.added, []);
      assert.strictEqual(await readText(fileUri('reuse/refs.bib')), existing);
    });

    it('appends only the missing entries after the existing text, byte for byte', async () => {
      const existing = '% my library\n@misc{keep,\n  title = {Keep   Me},\n}';
      await writeText(fileUri('append/refs.bib'), existing);
      await openWithCursors(fileUri('append/paper.tex'), '|\n\\bibliography{refs}\n');
      await insert([paper(ZHANG).id, paper(MCCALMON).id]);
      const bib = await readText(fileUri('append/refs.bib'));
      assert.ok(bib.startsWith(`${existing}\n\n@preamble{`), bib.slice(0, 120));
      assert.deepStrictEqual(bibKeys(bib), ['keep', ZHANG, MCCALMON]);
    });

    it('adds entries to an open .bib with unsaved changes without saving or losing them', async () => {
      await writeText(fileUri('dirty/refs.bib'), '@misc{saved,\n  title = {Saved},\n}\n');
      const bibDocument = await vscode.workspace.openTextDocument(fileUri('dirty/refs.bib'));
      const bibEditor = await vscode.window.showTextDocument(bibDocument, { viewColumn: vscode.ViewColumn.Two, preview: false });
      await bibEditor.edit((builder) => builder.insert(new vscode.Position(3, 0), '@misc{unsaved,\n  title = {Typed but not saved},\n}\n'));
      assert.strictEqual(bibDocument.isDirty, true);
      const editor = await openWithCursors(fileUri('dirty/paper.tex'), '|\n\\bibliography{refs}\n');
      const result = await insert([paper(ZHANG).id]);
      assert.strictEqual(withCursors(editor), '\\cite{zhang2026superlinear}|\n\\bibliography{refs}\n');
      assert.strictEqual(result.bibliography?.leftUnsaved, true);
      assert.deepStrictEqual(bibKeys(bibDocument.getText()), ['saved', 'unsaved', ZHANG]);
      assert.strictEqual(bibDocument.isDirty, true);
      assert.strictEqual(await readText(fileUri('dirty/refs.bib')), '@misc{saved,\n  title = {Saved},\n}\n');
      await vscode.window.showTextDocument(bibDocument);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('reports a read-only .bib plainly and still inserts the citation', async () => {
      const readonlyFs = new ReadOnlyBibFileSystem();
      const registration = vscode.workspace.registerFileSystemProvider('papershelf-ro-test', readonlyFs, { isCaseSensitive: true });
      try {
        const document = await vscode.workspace.openTextDocument(vscode.Uri.parse('papershelf-ro-test:/project/paper.tex'));
        const editor = await vscode.window.showTextDocument(document);
        editor.selections = [new vscode.Selection(0, 4, 0, 4)];
        const result = await insert([paper(ZHANG).id]);
        assert.strictEqual(document.getText(), 'See \\cite{zhang2026superlinear}.\n\\bibliography{refs}\n');
        assert.strictEqual(result.bibliography?.problem, '/project/refs.bib is read-only, so the entry for zhang2026superlinear was not added.');
        assert.deepStrictEqual(result.bibliography?.added, []);
        assert.strictEqual(readonlyFs.bib, '@misc{other,\n  title = {Other},\n}\n');
        assert.ok(await document.save());
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      } finally {
        registration.dispose();
      }
    });

    it('creates a .bib the document names but that does not exist, and says so', async () => {
      await openWithCursors(fileUri('missing/paper.tex'), '|\n\\bibliography{sub/missing}\n');
      const result = await insert([paper(ZHANG).id]);
      assert.strictEqual(result.bibliography?.created, true);
      assert.strictEqual(result.bibliography?.problem, undefined);
      assert.deepStrictEqual(bibKeys(await readText(fileUri('missing/sub/missing.bib'))), [ZHANG]);
    });

    it('reports a document whose bibliography is not a .bib and still inserts the citation', async () => {
      const editor = await openWithCursors(fileUri('json/notes.md'), '---\nbibliography: refs.json\n---\nSee |\n');
      const result = await insert([paper(ZHANG).id]);
      assert.strictEqual(withCursors(editor), '---\nbibliography: refs.json\n---\nSee [@zhang2026superlinear]|\n');
      assert.strictEqual(
        result.bibliography?.problem,
        `${FOLDER}/json/notes.md names its bibliography as refs.json, not a .bib file; Paper Shelf adds entries only to .bib files, so none was added.`,
      );
      assert.strictEqual(await exists(fileUri('json/refs.json')), false);
    });
  });

  describe('completion', () => {
    async function complete(uri: vscode.Uri, marked: string): Promise<vscode.CompletionItem[]> {
      const editor = await openWithCursors(uri, marked);
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, editor.selection.active);
      return list.items.filter((item) => item.kind === vscode.CompletionItemKind.Reference);
    }
    const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

    it('offers the shelf after \\cite{, ranked for the typed prefix, showing title, authors and date', async () => {
      const items = await complete(fileUri('complete/a.tex'), '\\cite{superlinear|}\n');
      assert.strictEqual(labelOf(items[0]), ZHANG);
      const label = items[0].label as vscode.CompletionItemLabel;
      assert.strictEqual(label.description, 'Zhang et al. · Feb 5, 2026');
      assert.strictEqual(label.detail, `  ${ZHANG_TITLE.slice(0, 59).trimEnd()}…`);
      assert.strictEqual(items[0].detail, ZHANG_TITLE);
    });

    it('completes a key prefix after a comma and leaves out keys already cited', async () => {
      const items = await complete(fileUri('complete/b.tex'), '\\citep[p.~2]{tripathi2026collective, zhang|}\n');
      assert.strictEqual(labelOf(items[0]), ZHANG);
      assert.ok(!items.some((item) => labelOf(item) === TRIPATHI));
    });

    it('offers keys after [@ in Markdown but not inside an e-mail address', async () => {
      const items = await complete(fileUri('complete/c.md'), 'As shown [@tripathi|\n');
      assert.strictEqual(labelOf(items[0]), TRIPATHI);
      assert.deepStrictEqual(await complete(fileUri('complete/d.md'), 'mail jane@trip|\n'), []);
    });

    it('offers keys after @ in Typst', async () => {
      const items = await complete(fileUri('complete/e.typ'), 'See @mccalmon|\n');
      assert.strictEqual(labelOf(items[0]), MCCALMON);
    });

    it('adds the .bib entry when a completion is accepted', async () => {
      const items = await complete(fileUri('complete/f/paper.tex'), '\\bibliography{refs}\n\\cite{mccal|}\n');
      const item = items[0];
      assert.strictEqual(labelOf(item), MCCALMON);
      assert.ok(item.command);
      await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
      assert.deepStrictEqual(bibKeys(await readText(fileUri('complete/f/refs.bib'))), [MCCALMON]);
    });

    it('offers the key an existing .bib entry gives the paper', async () => {
      await writeText(fileUri('complete/g/refs.bib'), `@article{dunkel2026collective,\n  title = {${TRIPATHI_TITLE}},\n}\n`);
      const items = await complete(fileUri('complete/g/paper.tex'), '\\bibliography{refs}\n\\cite{speed-accuracy|}\n');
      assert.strictEqual(labelOf(items[0]), 'dunkel2026collective');
    });
  });

  describe('hover and go to definition', () => {
    it('shows title first, then authors, date and abstract, with Open Abstract and Open Notes links, on a key in a multi-key citation', async () => {
      const editor = await openWithCursors(fileUri('hover/paper.tex'), `\\cite{${TRIPATHI}, zhang|2026superlinear}\n\\bibliography{refs}\n`);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, editor.selection.active);
      const ours = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value)).find((v) => v.includes('Superlinear'));
      assert.ok(ours, JSON.stringify(hovers));
      const lines = plain(ours).split('\n\n');
      assert.strictEqual(lines[0], '**On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature**');
      assert.strictEqual(lines[1], 'Yikuan Zhang, Ning Yang, Y. Tu');
      assert.strictEqual(lines[2], 'Feb 5, 2026');
      assert.ok(lines[3].startsWith('Stochastic Gradient Descent (SGD) introduces anisotropic noise that is correlated with the local curvature'), lines[3]);
      assert.ok(lines[3].endsWith('…'));
      const args = encodeURIComponent(JSON.stringify([paper(ZHANG).id]));
      assert.strictEqual(lines[4], `[Open Abstract](command:paperShelf.openAbstract?${args} "Show the abstract beside the editor") · [Open Notes](command:paperShelf.openNotes?${args} "Open your note on this paper")`);
    });

    it('shows the paper a .bib entry stands for when the document cites it by the .bib key', async () => {
      await writeText(fileUri('hover2/refs.bib'), `@article{dunkel2026collective,\n  title = {${TRIPATHI_TITLE}},\n}\n`);
      const editor = await openWithCursors(fileUri('hover2/notes.md'), '---\nbibliography: refs.bib\n---\nSee [@dunkel|2026collective].\n');
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, editor.selection.active);
      const values = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : (c as vscode.MarkdownString).value));
      assert.ok(values.some((v) => plain(v).startsWith(`**${TRIPATHI_TITLE}**\n\nAshutosh Tripathi, Jörn Dunkel, D. Skinner\n\nFeb 4, 2026\n\n`)), values.join('\n---\n'));
    });

    it('goes from a key to its entry line in the document\'s .bib', async () => {
      await writeText(fileUri('definition/refs.bib'), '@misc{first,\n  title = {First},\n}\n\n@misc{zhang2026superlinear,\n  title = {x},\n}\n');
      const editor = await openWithCursors(fileUri('definition/paper.typ'), '#bibliography("refs.bib")\nSee @zhang|2026superlinear.\n');
      const locations = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', editor.document.uri, editor.selection.active);
      assert.strictEqual(locations.length, 1);
      const location = locations[0] as vscode.Location;
      assert.strictEqual(location.uri.toString(), fileUri('definition/refs.bib').toString());
      assert.strictEqual(location.range.start.line, 4);
    });
  });

  describe('export and copy', () => {
    it('exports the selected papers as CSL-JSON to the chosen file', async () => {
      const target = fileUri('export/selected.json');
      const result = await vscode.commands.executeCommand<ExportResult>('paperShelf.exportBibtex', { paperIds: [paper(ZHANG).id, paper(TRIPATHI).id], format: 'csl-json', target });
      assert.deepStrictEqual(result, { uri: target.toString(), format: 'csl-json', count: 2 });
      const items = JSON.parse(await readText(target)) as { id: string; title: string }[];
      assert.deepStrictEqual(items.map((i) => [i.id, i.title]), [[ZHANG, ZHANG_TITLE], [TRIPATHI, TRIPATHI_TITLE]]);
    });

    it('exports the whole corpus as BibTeX, one entry per paper', async () => {
      const target = fileUri('export/all.bib');
      const result = await vscode.commands.executeCommand<ExportResult>('paperShelf.exportBibtex', { format: 'bibtex', target });
      assert.strictEqual(result.count, papers.length);
      const keys = bibKeys(await readText(target));
      assert.deepStrictEqual(keys, papers.map((p) => p.citationKey));
    });

    it('copies the citation keys of the tree selection, comma-separated', async () => {
      const node = (key: string) => ({ kind: 'paper', paper: paper(key) });
      const text = await vscode.commands.executeCommand<string>('paperShelf.copyCitationKey', node(ZHANG), [node(ZHANG), node(TRIPATHI)]);
      assert.strictEqual(text, `${ZHANG},${TRIPATHI}`);
      assert.strictEqual(await vscode.env.clipboard.readText(), `${ZHANG},${TRIPATHI}`);
    });

    it('copies the BibTeX entry of one paper', async () => {
      await vscode.commands.executeCommand('paperShelf.copyBibtex', paper(MCCALMON).id);
      const text = await vscode.env.clipboard.readText();
      assert.ok(text.startsWith('@misc{mccalmon2026sparse,\n  author = {Hannah McCalmon and George Cai and Constantine Tsibouris'), text.slice(0, 200));
    });
  });
});

/** A file system whose refs.bib is read-only (as root, chmod cannot make one on disk). */
class ReadOnlyBibFileSystem implements vscode.FileSystemProvider {
  bib = '@misc{other,\n  title = {Other},\n}\n';
  tex = 'See .\n\\bibliography{refs}\n';
  private readonly emitter = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.emitter.event;

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    if (uri.path === '/project') return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    if (uri.path === '/project/refs.bib') return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: this.bib.length, permissions: vscode.FilePermission.Readonly };
    if (uri.path === '/project/paper.tex') return { type: vscode.FileType.File, ctime: 0, mtime: 0, size: this.tex.length };
    throw vscode.FileSystemError.FileNotFound(uri);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [['refs.bib', vscode.FileType.File], ['paper.tex', vscode.FileType.File]];
  }

  createDirectory(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  readFile(uri: vscode.Uri): Uint8Array {
    if (uri.path === '/project/refs.bib') return encoder.encode(this.bib);
    if (uri.path === '/project/paper.tex') return encoder.encode(this.tex);
    throw vscode.FileSystemError.FileNotFound(uri);
  }

  writeFile(uri: vscode.Uri, content: Uint8Array): void {
    if (uri.path !== '/project/paper.tex') throw vscode.FileSystemError.NoPermissions(uri);
    this.tex = decoder.decode(content);
  }

  delete(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }

  rename(uri: vscode.Uri): void {
    throw vscode.FileSystemError.NoPermissions(uri);
  }
}

describe('Documents with inserted citations build with the real tools', function () {
  this.timeout(240_000);

  function hasTool(name: string): boolean {
    return (process.env.PATH ?? '').split(path.delimiter).some((dir) => fs.existsSync(path.join(dir, name)));
  }

  function run(command: string, args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(command, args, { cwd, timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        const code = error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : 1) : 0;
        resolve({ code, stdout, stderr });
      });
    });
  }

  /** A fresh project folder, a document in it with the cursor at `|`, every paper of the corpus cited there through the extension, saved. */
  async function citeEverything(folder: string, name: string, marked: string): Promise<{ dir: string; keys: string[] }> {
    const { shelf } = await paperShelf();
    const uri = vscode.Uri.joinPath(workspaceRoot(), FOLDER, folder, name);
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
    const editor = await openWithCursors(uri, marked);
    const result = await insert(shelf.papers().map((p) => p.id));
    assert.strictEqual(result.bibliography?.problem, undefined);
    assert.ok(await editor.document.save());
    return { dir: path.dirname(uri.fsPath), keys: result.keys };
  }

  afterEach(closeEverything);

  after(async () => {
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), FOLDER), { recursive: true }).then(undefined, () => undefined);
  });

  it('pdflatex + bibtex resolve every citation inserted into a LaTeX document', async function () {
    if (!hasTool('pdflatex') || !hasTool('bibtex')) this.skip();
    const { dir, keys } = await citeEverything('build-bibtex', 'main.tex', '\\documentclass{article}\n\\begin{document}\nEverything |.\n\\bibliographystyle{plain}\n\\bibliography{refs}\n\\end{document}\n');
    assert.strictEqual(keys.length, papers.length);
    const latex = ['-interaction=nonstopmode', '-halt-on-error', 'main.tex'];
    assert.strictEqual((await run('pdflatex', latex, dir)).code, 0, 'first pdflatex run');
    const bibtex = await run('bibtex', ['main'], dir);
    assert.ok(bibtex.code <= 1, `bibtex failed:\n${bibtex.stdout}`);
    assert.doesNotMatch(bibtex.stdout, /I didn't find a database entry|error message/);
    await run('pdflatex', latex, dir);
    const final = await run('pdflatex', latex, dir);
    assert.strictEqual(final.code, 0, final.stdout.slice(-2000));
    const log = fs.readFileSync(path.join(dir, 'main.log'), 'latin1');
    assert.doesNotMatch(log, /Citation `[^']*' on page \d+ undefined|There were undefined citations/);
    const bbl = fs.readFileSync(path.join(dir, 'main.bbl'), 'latin1');
    for (const key of keys) assert.ok(bbl.includes(`\\bibitem{${key}}`), `${key} is in the bibliography`);
    assert.ok(fs.statSync(path.join(dir, 'main.pdf')).size > 0);
  });

  it('pdflatex + biber resolve every citation inserted into a biblatex document', async function () {
    if (!hasTool('pdflatex') || !hasTool('biber')) this.skip();
    const { dir, keys } = await citeEverything(
      'build-biber',
      'main.tex',
      '\\documentclass{article}\n\\usepackage[backend=biber]{biblatex}\n\\addbibresource{refs.bib}\n\\begin{document}\nEverything |.\n\\printbibliography\n\\end{document}\n',
    );
    const latex = ['-interaction=nonstopmode', '-halt-on-error', 'main.tex'];
    assert.strictEqual((await run('pdflatex', latex, dir)).code, 0, 'first pdflatex run');
    const biber = await run('biber', ['main'], dir);
    assert.strictEqual(biber.code, 0, `biber failed:\n${biber.stdout}\n${biber.stderr}`);
    assert.doesNotMatch(biber.stdout, /ERROR|I didn't find a database entry/);
    const final = await run('pdflatex', latex, dir);
    assert.strictEqual(final.code, 0, final.stdout.slice(-2000));
    const log = fs.readFileSync(path.join(dir, 'main.log'), 'latin1');
    assert.doesNotMatch(log, /Citation '[^']*' on page \d+ undefined|There were undefined citations|Please \(re\)run Biber/);
    const bbl = fs.readFileSync(path.join(dir, 'main.bbl'), 'utf8');
    for (const key of keys) assert.ok(bbl.includes(`\\entry{${key}}`), `${key} is in the bibliography`);
  });

  it('pandoc --citeproc resolves every citation inserted into a Markdown document', async function () {
    if (!hasTool('pandoc')) this.skip();
    const { dir, keys } = await citeEverything('build-pandoc', 'notes.md', '---\ntitle: Notes\nbibliography: refs.bib\n---\n\nEverything|.\n');
    const rendered = await run('pandoc', ['--citeproc', '-t', 'plain', '--wrap=none', 'notes.md'], dir);
    assert.strictEqual(rendered.code, 0, rendered.stderr);
    assert.doesNotMatch(rendered.stderr, /not found/, rendered.stderr);
    assert.doesNotMatch(rendered.stdout, /\?\?\?/);
    assert.strictEqual(keys.length, papers.length);
    // Pandoc's default style (Chicago author-date) in the text and the reference list.
    assert.ok(rendered.stdout.startsWith('Everything (Zhang, Yang, and Tu 2026; Tripathi, Dunkel, and Skinner 2026; '), rendered.stdout.slice(0, 300));
    assert.ok(rendered.stdout.includes('\nZhang, Yikuan, Ning Yang, and Y. Tu. 2026. “On the Superlinear Relationship Between SGD Noise Covariance and Loss Landscape Curvature.”\n'));
    assert.ok(rendered.stdout.includes('\nTripathi, Ashutosh, Jörn Dunkel, and D. Skinner. 2026. “Collective Is Different: Information Exchange and Speed-Accuracy Trade-Offs in Self-Organized Patterning.”\n'));
  });
});
