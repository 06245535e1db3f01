import * as assert from 'assert';
import * as vscode from 'vscode';
import type { AbstractPanelSnapshot } from '../../src/features/abstractPanel/panel';
import type { HostMessage, PaperView } from '../../src/webview/protocol';
import { paperShelf, waitFor, workspaceRoot } from './helpers';

const STATE = 'paperShelf._test.abstractState';
const AS_PAGE = 'paperShelf._test.abstractMessage';

const FLATIRON_PAGE = '000_dcb950095772cd83.txt';

const VANISHING_PAGE = `new

Get trending papers in your email inbox!

Subscribe

Daily Papers

byAK and the research community

Apr 22

A Vanishing Paper about Disappearing Ink

Ink that fades from the page within a day, and what that means for libraries.

  • 2 authors
·
Mar 2, 2024 7
`;

async function panelState(): Promise<AbstractPanelSnapshot> {
  return (await vscode.commands.executeCommand<AbstractPanelSnapshot>(STATE))!;
}

/** Polls the panel's state until `accept` holds; the panel changes asynchronously, so the tests wait for it. */
async function panelStateWhen(describe: string, accept: (state: AbstractPanelSnapshot) => boolean, timeoutMs = 20_000): Promise<AbstractPanelSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await panelState();
    if (accept(state)) return state;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe}; panel state: ${JSON.stringify(state)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until the page has said `ready` and received the panel's latest message: what a person sees. */
function shown(describe: string, accept: (message: HostMessage) => boolean): Promise<AbstractPanelSnapshot> {
  return panelStateWhen(describe, (state) => state.pageReady && state.delivered && state.lastMessage !== undefined && accept(state.lastMessage));
}

function shownPaper(state: AbstractPanelSnapshot): PaperView {
  assert.strictEqual(state.lastMessage?.type, 'show');
  return (state.lastMessage as { paper: PaperView }).paper;
}

function abstractTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('paperShelf.abstract'));
}

async function closeAbstractPanel(): Promise<void> {
  await vscode.window.tabGroups.close(abstractTabs());
  await panelStateWhen('the abstract panel to close', (state) => !state.open);
}

async function openDraft(): Promise<vscode.TextEditor> {
  const draft = vscode.Uri.joinPath(workspaceRoot(), 'draft.md');
  await vscode.workspace.fs.writeFile(draft, new TextEncoder().encode('# Draft\n\nSGD noise is \n'));
  const document = await vscode.workspace.openTextDocument(draft);
  return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, preview: false });
}

describe('Abstract panel', () => {
  before(async () => {
    await paperShelf();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(vscode.Uri.joinPath(workspaceRoot(), 'draft.md')).then(undefined, () => undefined);
  });

  it('opens beside the editor without taking focus and shows the chosen paper', async () => {
    const { shelf } = await paperShelf();
    const editor = await openDraft();
    const zhang = shelf.paperByKey('zhang2026superlinear')!;

    await vscode.commands.executeCommand('paperShelf.openAbstract', zhang.id);
    const state = await shown('the Zhang paper on the page', (m) => m.type === 'show' && m.paper.id === zhang.id);

    assert.strictEqual(state.viewColumn, vscode.ViewColumn.Two);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), editor.document.uri.toString(), 'the draft keeps the focus');
    const paper = shownPaper(state);
    assert.deepStrictEqual(
      { title: paper.title, authors: paper.authors, date: paper.date, isoDate: paper.isoDate, citationKey: paper.citationKey, organization: paper.organization },
      {
        title: 'On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature',
        authors: 'Yikuan Zhang, Ning Yang, Y. Tu',
        date: 'Feb 5, 2026',
        isoDate: '2026-02-05',
        citationKey: 'zhang2026superlinear',
        organization: null,
      },
    );
    assert.deepStrictEqual(paper.sources.map(({ label, format }) => ({ label, format })), [{ label: `${FLATIRON_PAGE}:3`, format: 'Flatiron Institute publications' }]);
    assert.ok(paper.abstract.startsWith('Stochastic Gradient Descent (SGD) introduces anisotropic noise'), paper.abstract);
    assert.strictEqual(paper.topic, shelf.topicOf(zhang.id)?.label ?? null);
    assert.strictEqual(abstractTabs()[0]?.label, 'On the Superlinear Relationship between…');
  });

  it('reuses the one panel, in the same column, for the next paper', async () => {
    const { shelf } = await paperShelf();
    const doubleDescent = shelf.paperByKey('multiscale2021feature')!;

    await vscode.commands.executeCommand('paperShelf.openAbstract', { paperId: doubleDescent.id });
    const state = await shown('the double descent paper on the page', (m) => m.type === 'show' && m.paper.id === doubleDescent.id);

    assert.strictEqual(abstractTabs().length, 1);
    assert.strictEqual(state.viewColumn, vscode.ViewColumn.Two);
    const paper = shownPaper(state);
    assert.strictEqual(paper.title, 'Multi-scale Feature Learning Dynamics: Insights for Double Descent');
    assert.strictEqual(paper.authors, '4 authors');
    assert.strictEqual(paper.date, 'Dec 6, 2021');
    assert.deepStrictEqual(
      paper.sources.map((s) => s.label),
      ['001_82683aa955ecf6b3.txt:13', '003_203764438dbd6878.txt:21'],
    );
    assert.ok(paper.sources.every((s) => s.format === 'Hugging Face Daily Papers'));
  });

  it('shows the paper shown last when run without a paper', async () => {
    const { shelf } = await paperShelf();
    const doubleDescent = shelf.paperByKey('multiscale2021feature')!;
    await closeAbstractPanel();

    await vscode.commands.executeCommand('paperShelf.openAbstract');
    const state = await shown('the last paper again', (m) => m.type === 'show' && m.paper.id === doubleDescent.id);
    assert.strictEqual(state.paperId, doubleDescent.id);
    assert.strictEqual(abstractTabs().length, 1);
  });

  it('ignores page messages that are malformed, unknown or about another paper', async () => {
    const { shelf } = await paperShelf();
    const zhang = shelf.paperByKey('zhang2026superlinear')!;
    const before = await panelState();
    const zhangNote = vscode.Uri.joinPath(workspaceRoot(), 'notes', 'zhang2026superlinear.md');

    for (const message of [
      { type: 'command', command: 'openNotes', paperId: zhang.id },
      { type: 'command', command: 'workbench.action.files.delete', paperId: before.paperId },
      { type: 'command', command: 'openNotes' },
      { type: 'show', paper: {} },
      'ready',
      null,
    ]) {
      await vscode.commands.executeCommand(AS_PAGE, message);
    }

    const after = await panelState();
    assert.strictEqual(after.ignoredMessages - before.ignoredMessages, 6);
    assert.strictEqual(after.paperId, before.paperId);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const created = await vscode.workspace.fs.stat(zhangNote).then(() => true, () => false);
    assert.strictEqual(created, false, 'no note was created for a paper the panel does not show');
  });

  it('comes back from behind an editor beside it, not over the document being edited, with a fresh page', async () => {
    const { shelf } = await paperShelf();
    const langevin = shelf.papers().find((p) => p.title === 'Langevin Flows for Modeling Neural Latent Dynamics')!;
    const before = await panelState();
    assert.strictEqual(before.viewColumn, vscode.ViewColumn.Two);
    const draft = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(workspaceRoot(), 'draft.md'));
    await vscode.window.showTextDocument(draft, { viewColumn: vscode.ViewColumn.Two, preview: false });
    await panelStateWhen('the panel to be hidden behind the draft', (state) => !state.visible && !state.pageReady);

    await vscode.commands.executeCommand('paperShelf.openAbstract', langevin.id);
    const state = await shown('Langevin on a reloaded page', (m) => m.type === 'show' && m.paper.id === langevin.id);

    assert.strictEqual(state.viewColumn, vscode.ViewColumn.Three);
    assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), draft.uri.toString());
    assert.strictEqual(vscode.window.activeTextEditor?.viewColumn, vscode.ViewColumn.Two);
    assert.strictEqual(shownPaper(state).date, 'Jul 15, 2025');
    assert.strictEqual(abstractTabs().length, 1);
  });

  it('follows the corpus: says the paper is gone when its page is deleted', async () => {
    const { shelf } = await paperShelf();
    const count = shelf.papers().length;
    const page = vscode.Uri.joinPath(workspaceRoot(), 'papers', 'vanishing-page.txt');
    await vscode.workspace.fs.writeFile(page, new TextEncoder().encode(VANISHING_PAGE));
    try {
      const vanishing = await waitFor('the vanishing paper to load', () => shelf.papers().find((p) => p.title === 'A Vanishing Paper about Disappearing Ink'), shelf);
      await vscode.commands.executeCommand('paperShelf.openAbstract', vanishing.id);
      const state = await shown('the vanishing paper on the page', (m) => m.type === 'show' && m.paper.id === vanishing.id);
      const paper = shownPaper(state);
      assert.strictEqual(paper.upvotes, 7);
      assert.strictEqual(paper.date, 'Mar 2, 2024');
      assert.strictEqual(paper.authors, '2 authors');
      assert.deepStrictEqual(paper.sources.map((s) => s.label), ['vanishing-page.txt:13']);
    } finally {
      await vscode.workspace.fs.delete(page);
    }
    await waitFor('the page to leave the corpus', () => shelf.papers().length === count, shelf);
    const gone = await shown('the panel to say the paper is gone', (m) => m.type === 'gone');
    assert.deepStrictEqual(gone.lastMessage, { type: 'gone', paperId: gone.paperId, title: 'A Vanishing Paper about Disappearing Ink' });
    assert.strictEqual(abstractTabs()[0]?.label, 'A Vanishing Paper about Disappearing Ink');
  });
});
