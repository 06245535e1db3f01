import * as vscode from 'vscode';
import {
  citationSyntaxFor,
  combineInsertions,
  planCitationInsertion,
  type CitationSyntax,
  type KeyedSyntax,
} from '../../core/citations';
import { formatReferences } from '../../node/lazyCore';
import type { BibliographicExtras, Paper } from '../../core/types';
import { pickPapers } from '../search';
import { paperIdsOf, type Shelf } from '../shelf';
import { describeSync, syncBibliography, type BibliographySync } from './bibliography';
import { DEFAULT_CSL_STYLE, readCitationSettings } from './settings';

/** What `paperShelf.insertCitation` accepts from code (tests, other features) instead of asking. */
export interface InsertCitationOptions {
  paperIds: string[];
  /** A locator such as `p. 3`; when given, the locator prompt is skipped. */
  locator?: string;
}

/** What an insertion did; the command returns it. */
export interface InsertCitationResult {
  document: string;
  syntax: CitationSyntax;
  /** The keys cited, in the order chosen. */
  keys: string[];
  /** The references inserted, for documents that get formatted references. */
  references?: string[];
  bibliography?: Omit<BibliographySync, 'keyOfPaper'>;
  /** A locator was asked for, but an existing LaTeX citation already had an optional argument. */
  locatorDropped: boolean;
}

function isInsertOptions(arg: unknown): arg is InsertCitationOptions {
  return !!arg && typeof arg === 'object' && Array.isArray((arg as { paperIds?: unknown }).paperIds);
}

/** Remembers the last text editor, since the abstract panel (a webview) takes focus when its button is clicked. */
export class EditorTracker implements vscode.Disposable {
  private last: vscode.TextEditor | undefined;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.remember(vscode.window.activeTextEditor);
    this.subscription = vscode.window.onDidChangeActiveTextEditor((editor) => this.remember(editor));
  }

  private remember(editor: vscode.TextEditor | undefined): void {
    if (editor && editor.document.uri.scheme !== 'output') this.last = editor;
  }

  /** The editor to insert into: the active one, else the last one, shown again if it was hidden. */
  async target(): Promise<vscode.TextEditor | undefined> {
    const active = vscode.window.activeTextEditor;
    if (active && active.document.uri.scheme !== 'output') return active;
    const last = this.last;
    if (!last || last.document.isClosed) return undefined;
    const visible = vscode.window.visibleTextEditors.find((editor) => editor === last) ?? vscode.window.visibleTextEditors.find((editor) => editor.document === last.document);
    if (visible) return visible;
    const shown = await vscode.window.showTextDocument(last.document, { viewColumn: last.viewColumn, selection: last.selection, preserveFocus: false });
    return shown;
  }

  dispose(): void {
    this.subscription.dispose();
  }
}

export function extrasOf(shelf: Shelf, papers: readonly Paper[]): Map<string, BibliographicExtras> {
  const extras = new Map<string, BibliographicExtras>();
  for (const paper of papers) {
    const found = shelf.extras(paper.id);
    if (found) extras.set(paper.id, found);
  }
  return extras;
}

/** References in the configured CSL style; an unknown style falls back to APA, with a warning. */
export function formattedReferences(shelf: Shelf, papers: Paper[], style: string): { references: string[]; warning?: string } {
  try {
    return { references: formatReferences(papers, style, extrasOf(shelf, papers)) };
  } catch (error) {
    const references = formatReferences(papers, DEFAULT_CSL_STYLE, extrasOf(shelf, papers));
    return { references, warning: `${error instanceof Error ? error.message : String(error)} Used APA instead.` };
  }
}

async function askLocator(): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: 'Insert Citation: Locator',
    prompt: 'A page or other locator, or nothing. Enter to insert, Escape to cancel.',
    placeHolder: 'p. 3, pp. 3-5, chap. 2',
  });
}

/** Offsets of the document's selections, for the pure planner. */
function selectionOffsets(document: vscode.TextDocument, selections: readonly vscode.Selection[]): { start: number; end: number }[] {
  return selections.map((selection) => ({ start: document.offsetAt(selection.start), end: document.offsetAt(selection.end) }));
}

/** Inserts citations of `keys` at every cursor of `editor`, joining citations around cursors; returns the new selections' success. */
export async function insertKeysAtCursors(editor: vscode.TextEditor, syntax: KeyedSyntax, keys: string[], locator: string | undefined, latexCommand: string): Promise<{ applied: boolean; locatorDropped: boolean }> {
  const document = editor.document;
  const text = document.getText();
  const selections = selectionOffsets(document, editor.selections);
  const plans = selections.map((selection) => planCitationInsertion(syntax, text, selection, keys, { latexCommand, locator }));
  const combined = combineInsertions(text, plans, selections);
  const applied = await editor.edit((builder) => {
    for (const edit of combined.edits) builder.replace(new vscode.Range(document.positionAt(edit.start), document.positionAt(edit.end)), edit.text);
  });
  if (applied) {
    editor.selections = combined.cursors.map((offset) => {
      const position = document.positionAt(offset);
      return new vscode.Selection(position, position);
    });
  }
  return { applied, locatorDropped: plans.some((plan) => plan.locatorDropped) };
}

async function insertFormatted(editor: vscode.TextEditor, references: string[]): Promise<boolean> {
  const text = references.join('\n');
  const applied = await editor.edit((builder) => {
    for (const selection of editor.selections) builder.replace(selection, text);
  });
  return applied;
}

function report(shelf: Shelf, sync: BibliographySync | undefined, extra: string[]): void {
  const message = [sync && describeSync(sync), ...extra].filter((m): m is string => !!m).join(' ');
  if (!message) return;
  shelf.log.info(`Insert Citation: ${message}`);
  if (sync?.problem) void vscode.window.showWarningMessage(message);
  else void vscode.window.showInformationMessage(message);
}

/**
 * `paperShelf.insertCitation`: papers from the argument (id, panel message, tree nodes, or
 * `{ paperIds, locator }`) or the search quick pick, cited at every cursor in the document's syntax,
 * with their entries added to the document's bibliography first so the keys match it.
 */
export async function insertCitation(shelf: Shelf, tracker: EditorTracker, arg?: unknown, selection?: unknown): Promise<InsertCitationResult | undefined> {
  const options = isInsertOptions(arg) ? arg : undefined;
  let paperIds = options ? options.paperIds : paperIdsOf(arg, selection);
  const editor = await tracker.target();
  if (!editor) {
    void vscode.window.showWarningMessage('Open a document to insert a citation into, then try again.');
    return undefined;
  }
  const document = editor.document;
  const settings = readCitationSettings(document.uri);
  const syntax = citationSyntaxFor(document.languageId, document.fileName);
  if (paperIds.length === 0) {
    paperIds = await pickPapers(shelf, {
      title: 'Insert Citation',
      placeholder: 'Search and tick papers (Space), Enter to cite them; author:name year:>2023 "a phrase"',
      canSelectMany: true,
    });
    if (paperIds.length === 0) return undefined;
  }
  await shelf.ready();
  const papers = paperIds.map((id) => shelf.paper(id)).filter((paper): paper is Paper => !!paper);
  if (papers.length === 0) {
    void vscode.window.showWarningMessage('Those papers are no longer in the shelf; reload the corpus and try again.');
    return undefined;
  }
  let locator = options?.locator;
  if (locator === undefined && settings.askForLocator && syntax !== 'formatted' && !options) {
    locator = await askLocator();
    if (locator === undefined) return undefined;
  }

  if (syntax === 'formatted') {
    const { references, warning } = formattedReferences(shelf, papers, settings.cslStyle);
    await insertFormatted(editor, references);
    if (warning) void vscode.window.showWarningMessage(warning);
    return { document: document.uri.toString(), syntax, keys: papers.map((p) => p.citationKey), references, locatorDropped: false };
  }

  const sync = await syncBibliography(shelf, document, syntax, papers);
  const keys = papers.map((paper) => sync.keyOfPaper.get(paper.id) ?? paper.citationKey);
  const { applied, locatorDropped } = await insertKeysAtCursors(editor, syntax, keys, locator, settings.latexCommand);
  const notes: string[] = [];
  if (!applied) notes.push(`The citation could not be inserted into ${vscode.workspace.asRelativePath(document.uri, false)}.`);
  if (locatorDropped) notes.push('The citation already has a locator or note, so the new locator was not added.');
  report(shelf, sync, notes);
  if (vscode.window.activeTextEditor !== editor) {
    await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
  }
  const { keyOfPaper: _keys, ...bibliography } = sync;
  return { document: document.uri.toString(), syntax, keys, bibliography, locatorDropped };
}
