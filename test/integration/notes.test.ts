import * as assert from 'assert';
import * as vscode from 'vscode';
import type { AbstractPanelSnapshot } from '../../src/features/abstractPanel/panel';
import type { OpenNotesResult } from '../../src/features/notes';
import type { Paper } from '../../src/core/types';
import { paperShelf, waitFor, workspaceRoot } from './helpers';

const decoder = new TextDecoder();

function noteUri(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(workspaceRoot(), ...segments);
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

async function openNotes(paperId: string): Promise<OpenNotesResult | undefined> {
  return vscode.commands.executeCommand<OpenNotesResult | undefined>('paperShelf.openNotes', paperId);
}

async function panelState(): Promise<AbstractPanelSnapshot> {
  return (await vscode.commands.executeCommand<AbstractPanelSnapshot>('paperShelf._test.abstractState'))!;
}

async function setNotesSetting(key: 'folder' | 'template', value: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('paperShelf.notes').update(key, value, vscode.ConfigurationTarget.Workspace);
}

function byTitle(papers: readonly Paper[], title: string): Paper {
  const paper = papers.find((p) => p.title === title);
  assert.ok(paper, `"${title}" is in the corpus`);
  return paper;
}

describe('Open Notes', () => {
  before(async () => {
    await paperShelf();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(noteUri('notes'), { recursive: true }).then(undefined, () => undefined);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setNotesSetting('template', undefined);
    await setNotesSetting('folder', undefined);
    for (const folder of ['notes', 'research']) await vscode.workspace.fs.delete(noteUri(folder), { recursive: true }).then(undefined, () => undefined);
  });

  it('creates notes/<key>.md with YAML front matter and the quoted abstract, opens it, and shows the abstract beside', async () => {
    const { shelf } = await paperShelf();
    const zhang = shelf.paperByKey('zhang2026superlinear')!;
    const topic = shelf.topicOf(zhang.id)?.label;
    const uri = noteUri('notes', 'zhang2026superlinear.md');

    const result = await openNotes(zhang.id);

    assert.strictEqual(result?.outcome, 'created');
    assert.strictEqual(result.uri.toString(), uri.toString());
    const lines = (await readText(uri)).split('\n');
    assert.deepStrictEqual(lines.slice(0, 16), [
      '---',
      'title: "On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature"',
      'authors:',
      '  - "Yikuan Zhang"',
      '  - "Ning Yang"',
      '  - "Y. Tu"',
      'date: 2026-02-05',
      'citekey: "zhang2026superlinear"',
      topic ? `topic: "${topic}"` : 'topic: null',
      '---',
      '',
      '# On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature',
      '',
      'Yikuan Zhang, Ning Yang, Y. Tu',
      '',
      lines[15],
    ]);
    assert.ok(lines[15].startsWith('> Stochastic Gradient Descent (SGD) introduces anisotropic noise that is correlated with the local curvature'), lines[15]);
    assert.deepStrictEqual(lines.slice(16), ['', '## Notes', '', '']);

    const editor = vscode.window.activeTextEditor;
    assert.strictEqual(editor?.document.uri.toString(), uri.toString(), 'the note has the focus');
    assert.deepStrictEqual([editor.selection.active.line, editor.selection.active.character], [editor.document.lineCount - 1, 0], 'the cursor waits below ## Notes');
    const panel = await waitForPanel((state) => state.paperId === zhang.id);
    assert.notStrictEqual(panel.viewColumn, vscode.window.activeTextEditor?.viewColumn, 'the abstract is beside the note, not over it');
  });

  it('fills the template setting with title, authors, date, key, topic and abstract', async () => {
    const { shelf } = await paperShelf();
    const langevin = byTitle(shelf.papers(), 'Langevin Flows for Modeling Neural Latent Dynamics');
    const topic = shelf.topicOf(langevin.id)?.label ?? '';
    await setNotesSetting('template', '# {{title}}\n\n{{authors}} · {{date}} · [@{{citationKey}}] · {{ topic }}\n\n{{abstract}}\n');

    const result = await openNotes(langevin.id);

    assert.strictEqual(result?.outcome, 'created');
    assert.strictEqual(result.uri.toString(), noteUri('notes', 'langevin2025flows.md').toString());
    const text = await readText(result.uri);
    assert.strictEqual(text, `# Langevin Flows for Modeling Neural Latent Dynamics\n\n5 authors · 2025-07-15 · [@langevin2025flows] · ${topic}\n\n${langevin.abstract}\n`);
    assert.ok(langevin.abstract.startsWith('Neural populations exhibit latent dynamical structures that drive time-evolving spiking activities'), langevin.abstract);
  });

  it('never overwrites an existing note', async () => {
    const { shelf } = await paperShelf();
    const doubleDescent = shelf.paperByKey('multiscale2021feature')!;
    const uri = noteUri('notes', 'multiscale2021feature.md');
    const mine = '# My own notes on double descent\n\nDo not touch.\n';
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(mine));

    const result = await openNotes(doubleDescent.id);

    assert.strictEqual(result?.outcome, 'existing');
    assert.strictEqual(await readText(uri), mine);
    assert.strictEqual(vscode.window.activeTextEditor?.document.getText(), mine);
  });

  it('does not write a note whose editor holds unsaved changes, even when the file is gone from disk', async () => {
    const { shelf } = await paperShelf();
    const interpolants = byTitle(shelf.papers(), 'Stochastic Interpolants: A Unifying Framework for Flows and Diffusions');
    const uri = noteUri('notes', `${interpolants.citationKey}.md`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('saved part\n'));
    const editor = await vscode.window.showTextDocument(uri, { preview: false });
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), 'unsaved part\n'));
    await vscode.workspace.fs.delete(uri);
    assert.ok(editor.document.isDirty);

    const result = await openNotes(interpolants.id);

    assert.strictEqual(result?.outcome, 'open-unsaved');
    assert.strictEqual(await exists(uri), false, 'no file was written under the unsaved editor');
    assert.strictEqual(vscode.window.activeTextEditor?.document.getText(), 'saved part\nunsaved part\n');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('keeps notes in the folder the setting names', async () => {
    const { shelf } = await paperShelf();
    const perturbDiff = byTitle(shelf.papers(), 'PerturbDiff: Functional Diffusion for Single-Cell Perturbation Modeling');
    await setNotesSetting('template', 'Key: {{citationKey}}\n');
    await setNotesSetting('folder', 'research/reading notes');

    const result = await openNotes(perturbDiff.id);

    const uri = noteUri('research', 'reading notes', `${perturbDiff.citationKey}.md`);
    assert.strictEqual(result?.uri.toString(), uri.toString());
    assert.strictEqual(await readText(uri), `Key: ${perturbDiff.citationKey}\n`);
    assert.strictEqual(await exists(noteUri('notes', `${perturbDiff.citationKey}.md`)), false);
    await setNotesSetting('folder', undefined);
  });

  it('opens the notes of the paper the abstract panel shows when its Open Notes button is pressed', async () => {
    const { shelf } = await paperShelf();
    const unleashing = byTitle(shelf.papers(), 'Unleashing High-Quality Image Generation in Diffusion Sampling Using Second-Order Levenberg-Marquardt-Langevin');
    const uri = noteUri('notes', `${unleashing.citationKey}.md`);
    await setNotesSetting('template', undefined);
    await vscode.commands.executeCommand('paperShelf.openAbstract', unleashing.id);
    await waitForPanel((state) => state.paperId === unleashing.id);
    await vscode.commands.executeCommand('workbench.action.focusSecondEditorGroup');
    await waitForPanel((state) => state.active && state.viewColumn === vscode.ViewColumn.Two);

    await vscode.commands.executeCommand('paperShelf._test.abstractMessage', { type: 'command', command: 'openNotes', paperId: unleashing.id });

    await waitFor('the note of the shown paper to open', () => vscode.window.activeTextEditor?.document.uri.toString() === uri.toString());
    const panel = await waitForPanel((state) => state.paperId === unleashing.id);
    assert.strictEqual(vscode.window.activeTextEditor?.viewColumn, vscode.ViewColumn.One, 'the note opens beside the focused panel, not over it');
    assert.strictEqual(panel.viewColumn, vscode.ViewColumn.Two);
    const text = await readText(uri);
    assert.ok(text.startsWith('---\ntitle: "Unleashing High-Quality Image Generation in Diffusion Sampling Using Second-Order Levenberg-Marquardt-Langevin"\n'), text);
    assert.ok(text.includes(`\ncitekey: "${unleashing.citationKey}"\n`), text);
    assert.ok(text.includes('\n12 authors\n'), text);
  });
});

async function waitForPanel(accept: (state: AbstractPanelSnapshot) => boolean): Promise<AbstractPanelSnapshot> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const state = await panelState();
    if (state.open && accept(state)) return state;
    if (Date.now() > deadline) throw new Error(`timed out waiting for the abstract panel; state: ${JSON.stringify(state)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
