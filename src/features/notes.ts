import * as vscode from 'vscode';
import { noteContent, noteFileName, notesFolderSegments } from '../core/notes';
import type { Paper } from '../core/types';
import { AbstractPanel } from './abstractPanel';
import { paperIdOf, type PaperRef, type Shelf } from './shelf';

/** How a note came to be shown: written now from the template, or left exactly as it was. */
export type NoteOutcome = 'created' | 'existing' | 'open-unsaved';

export interface OpenNotesResult {
  uri: vscode.Uri;
  outcome: NoteOutcome;
}

export function activate(context: vscode.ExtensionContext, shelf: Shelf): void {
  context.subscriptions.push(vscode.commands.registerCommand('paperShelf.openNotes', (ref?: PaperRef) => openNotes(shelf, ref)));
}

/** Opens the paper's note (creating it from the template only when there is none) with the abstract beside it. */
export async function openNotes(shelf: Shelf, ref: PaperRef): Promise<OpenNotesResult | undefined> {
  const paperId = paperIdOf(ref) ?? AbstractPanel.current?.paperId;
  if (!paperId) {
    void vscode.window.showInformationMessage('Choose a paper in the Papers view (or with Search Papers) to open its notes.');
    return undefined;
  }
  await shelf.ready();
  const paper = shelf.paper(paperId);
  if (!paper) {
    void vscode.window.showInformationMessage('That paper is no longer in the corpus, so there is no note to open.');
    return undefined;
  }
  const root = workspaceFolderFor(paper);
  if (!root) {
    void vscode.window.showWarningMessage('Paper Shelf keeps notes in a folder of your workspace, and no folder is open. Open a folder (File > Open Folder…), then open the notes again.');
    return undefined;
  }

  const settings = vscode.workspace.getConfiguration('paperShelf.notes', root.uri);
  const folder = notesFolderSegments(settings.get<string>('folder'));
  if (folder.problem) void vscode.window.showWarningMessage(folder.problem);
  const uri = vscode.Uri.joinPath(root.uri, ...folder.segments, noteFileName(paper.citationKey));

  let outcome: NoteOutcome;
  try {
    outcome = await ensureNote(uri, () => noteContent(settings.get<string>('template'), paper, shelf.topicOf(paper.id)?.label));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    shelf.log.error(`Open Notes: could not create ${uri.toString()}: ${reason}`);
    void vscode.window.showErrorMessage(`Could not create the note ${vscode.workspace.asRelativePath(uri)}: ${reason}`);
    return undefined;
  }
  if (outcome === 'created') shelf.log.info(`Open Notes: created ${uri.toString()}`);

  const document = await vscode.workspace.openTextDocument(uri);
  const editor = await vscode.window.showTextDocument(document, { viewColumn: noteColumn(), preview: false });
  // A new note is for writing: the cursor goes below the template, under `## Notes` by default.
  const end = document.lineAt(document.lineCount - 1).range.end;
  const writingAt = outcome === 'created' ? new vscode.Selection(end, end) : undefined;
  if (writingAt) editor.selection = writingAt;
  await vscode.commands.executeCommand('paperShelf.openAbstract', paper.id);
  // The panel beside narrows the note and re-wraps its lines, so the cursor is revealed only now,
  // unless the user has moved it meanwhile: their scrolling is not undone.
  if (writingAt && editor.selection.isEqual(writingAt)) editor.revealRange(writingAt, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return { uri, outcome };
}

/**
 * Writes the note only when no file and no unsaved editor holds it; a note created by someone
 * else between our check and our write is kept (`ignoreIfExists`).
 */
async function ensureNote(uri: vscode.Uri, content: () => string): Promise<NoteOutcome> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open?.isDirty) return 'open-unsaved';
  try {
    await vscode.workspace.fs.stat(uri);
    return 'existing';
  } catch (error) {
    if (!(error instanceof vscode.FileSystemError) || error.code !== 'FileNotFound') throw error;
  }
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(uri, '..'));
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(content()) });
  if (!(await vscode.workspace.applyEdit(edit))) throw new Error('the workspace refused the new file');
  return 'created';
}

/** The folder holding the paper's first source inside the workspace, else the first folder. */
function workspaceFolderFor(paper: Paper): vscode.WorkspaceFolder | undefined {
  const folders = vscode.workspace.workspaceFolders;
  if (!folders || folders.length === 0) return undefined;
  for (const source of paper.sources) {
    const folder = vscode.workspace.getWorkspaceFolder(sourceUri(source.file));
    if (folder) return folder;
  }
  return folders[0];
}

function sourceUri(file: string): vscode.Uri {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(file) ? vscode.Uri.parse(file) : vscode.Uri.file(file);
}

/** The note goes where the user was typing; when the abstract panel has focus, into another group. */
function noteColumn(): vscode.ViewColumn {
  const panel = AbstractPanel.current;
  if (panel?.active && panel.viewColumn !== undefined) {
    return panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One;
  }
  return vscode.window.activeTextEditor?.viewColumn ?? vscode.ViewColumn.One;
}
