import * as vscode from 'vscode';
import type { Shelf } from '../shelf';
import { copyBibtex, copyCitationKey, exportBibliography } from './export';
import { EditorTracker, insertCitation } from './insert';
import { registerCitationProviders } from './providers';

export type { BibliographySync } from './bibliography';
export type { ExportOptions, ExportResult } from './export';
export type { InsertCitationOptions, InsertCitationResult } from './insert';

/** Citations while writing: insert, complete, hover, go to the .bib entry, drop from the tree, export and copy. */
export function activate(context: vscode.ExtensionContext, shelf: Shelf): void {
  const tracker = new EditorTracker();
  context.subscriptions.push(
    tracker,
    vscode.commands.registerCommand('paperShelf.insertCitation', (arg?: unknown, selection?: unknown) => insertCitation(shelf, tracker, arg, selection)),
    vscode.commands.registerCommand('paperShelf.exportBibtex', (arg?: unknown, selection?: unknown) => exportBibliography(shelf, arg, selection)),
    vscode.commands.registerCommand('paperShelf.copyCitationKey', (arg?: unknown, selection?: unknown) => copyCitationKey(shelf, arg, selection)),
    vscode.commands.registerCommand('paperShelf.copyBibtex', (arg?: unknown, selection?: unknown) => copyBibtex(shelf, arg, selection)),
  );
  registerCitationProviders(context, shelf);
}
