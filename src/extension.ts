import * as vscode from 'vscode';
import * as abstractPanel from './features/abstractPanel';
import { CorpusService } from './features/corpus';
import * as citations from './features/citations';
import * as corpusCommands from './features/corpusCommands';
import * as notes from './features/notes';
import * as search from './features/search';
import type { Shelf } from './features/shelf';
import * as tree from './features/tree';

/** What `activate` returns: the loaded corpus and the tree, for tests and other extensions. */
export interface PaperShelfApi {
  shelf: Shelf;
  papersTree: tree.PapersTree;
}

/** Wires the features; every one registers its disposables, and the corpus loads lazily. */
export function activate(context: vscode.ExtensionContext): PaperShelfApi {
  const log = vscode.window.createOutputChannel('Paper Shelf', { log: true });
  const service = new CorpusService(log, context);
  context.subscriptions.push(log, service);
  corpusCommands.activate(context, service);
  const papersTree = tree.activate(context, service);
  search.activate(context, service);
  abstractPanel.activate(context, service);
  notes.activate(context, service);
  citations.activate(context, service);
  // Loading starts right after activation, off its critical path, so the count and tree are ready when looked at.
  const start = setTimeout(() => void service.ready(), 0);
  context.subscriptions.push({ dispose: () => clearTimeout(start) });
  return { shelf: service, papersTree };
}

export function deactivate(): void {}
