import * as vscode from 'vscode';
import { parsePageState } from '../../webview/protocol';
import { paperIdOf, type PaperRef, type Shelf } from '../shelf';
import { ABSTRACT_VIEW_TYPE, AbstractPanel, type AbstractPanelSnapshot } from './panel';

export { ABSTRACT_VIEW_TYPE, AbstractPanel } from './panel';
export type { AbstractPanelSnapshot } from './panel';

/** Registered only when the extension runs under test: what the panel shows, and a way to speak as its page. */
export const TEST_STATE_COMMAND = 'paperShelf._test.abstractState';
export const TEST_MESSAGE_COMMAND = 'paperShelf._test.abstractMessage';

const LAST_SHOWN_KEY = 'paperShelf.abstract.lastPaperId';

export function activate(context: vscode.ExtensionContext, shelf: Shelf): void {
  const extensionUri = context.extensionUri;
  const remember = (paperId: string) => void context.workspaceState.update(LAST_SHOWN_KEY, paperId);

  const openAbstract = async (ref?: PaperRef): Promise<void> => {
    const given = paperIdOf(ref);
    const paperId = given ?? AbstractPanel.current?.paperId ?? context.workspaceState.get<string>(LAST_SHOWN_KEY);
    if (!paperId) {
      void vscode.window.showInformationMessage('No paper to show yet: choose one in the Papers view or with Search Papers.');
      return;
    }
    await shelf.ready();
    if (!shelf.paper(paperId)) {
      void vscode.window.showInformationMessage(
        given ? 'That paper is no longer in the corpus.' : 'The paper shown last is no longer in the corpus: choose one in the Papers view or with Search Papers.',
      );
      return;
    }
    AbstractPanel.createOrShow(extensionUri, shelf, paperId, remember);
  };

  context.subscriptions.push(
    vscode.commands.registerCommand('paperShelf.openAbstract', openAbstract),
    vscode.window.registerWebviewPanelSerializer(ABSTRACT_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown) {
        const paperId = parsePageState(state)?.paperId ?? context.workspaceState.get<string>(LAST_SHOWN_KEY);
        // A panel closed before it ever showed a paper has nothing to restore.
        if (!paperId) {
          panel.dispose();
          return;
        }
        AbstractPanel.revive(panel, extensionUri, shelf, paperId, remember);
      },
    }),
    { dispose: () => AbstractPanel.current?.dispose() },
  );

  if (context.extensionMode === vscode.ExtensionMode.Test) {
    context.subscriptions.push(
      vscode.commands.registerCommand(TEST_STATE_COMMAND, (): AbstractPanelSnapshot => AbstractPanel.current?.snapshot() ?? closedSnapshot()),
      vscode.commands.registerCommand(TEST_MESSAGE_COMMAND, (raw: unknown) => AbstractPanel.current?.receive(raw)),
    );
  }
}

function closedSnapshot(): AbstractPanelSnapshot {
  return {
    open: false,
    visible: false,
    active: false,
    viewColumn: undefined,
    paperId: undefined,
    lastMessage: undefined,
    pageReady: false,
    delivered: false,
    ignoredMessages: 0,
  };
}
