import * as fs from 'fs';
import * as vscode from 'vscode';
import {
  findBibliographyReferences,
  planBibliographyAdditions,
  readBibEntries,
  type BibEntry,
  type BibliographyReference,
  type KeyedSyntax,
} from '../../core/citations';
import { mathbbFallback } from '../../core/export/latex';
import { toBibtexEntry } from '../../node/lazyCore';
import type { Paper } from '../../core/types';
import type { Shelf } from '../shelf';
import { readCitationSettings } from './settings';

/** The .bib a document's citations go to, and why that one. */
export interface BibliographyTarget {
  uri: vscode.Uri;
  /** The document's own `\bibliography{}`, `\addbibresource{}`, YAML or `#bibliography()`, else the setting. */
  reference?: BibliographyReference;
}

export type TargetResolution = { target: BibliographyTarget; others: vscode.Uri[] } | { problem: string };

function displayPath(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}

function resolveReference(document: vscode.TextDocument, syntax: KeyedSyntax, path: string): vscode.Uri {
  if (/^[a-zA-Z][\w+.-]+:\/\//.test(path)) return vscode.Uri.parse(path);
  const folder = vscode.workspace.getWorkspaceFolder(document.uri) ?? vscode.workspace.workspaceFolders?.[0];
  // Typst reads a leading `/` as the project root, not the file system root.
  if (syntax === 'typst' && path.startsWith('/') && folder) return vscode.Uri.joinPath(folder.uri, path);
  if (path.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(path)) return document.uri.with({ path: vscode.Uri.file(path).path });
  if (document.isUntitled) {
    if (!folder) return vscode.Uri.file(path);
    return vscode.Uri.joinPath(folder.uri, path);
  }
  return vscode.Uri.joinPath(document.uri, '..', path);
}

/**
 * Finds where cited papers' entries go: the first .bib the document names (relative to the document),
 * else the `paperShelf.citation.bibliographyFile` setting in the document's workspace folder.
 */
export function resolveBibliography(document: vscode.TextDocument, syntax: KeyedSyntax): TargetResolution {
  const references = findBibliographyReferences(syntax, document.getText());
  const bibs = references.filter((reference) => /\.bib$/i.test(reference.path));
  if (bibs.length > 0) {
    const [first, ...rest] = bibs.map((reference) => ({ reference, uri: resolveReference(document, syntax, reference.path) }));
    return { target: first, others: rest.map((r) => r.uri) };
  }
  const name = displayPath(document.uri);
  if (references.length > 0) {
    const named = references.map((r) => r.path).join(', ');
    return { problem: `${name} names its bibliography as ${named}, not a .bib file; Paper Shelf adds entries only to .bib files, so none was added.` };
  }
  const folder = vscode.workspace.getWorkspaceFolder(document.uri) ?? vscode.workspace.workspaceFolders?.[0];
  const setting = readCitationSettings(document.uri).bibliographyFile;
  if (setting.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(setting)) return { target: { uri: vscode.Uri.file(setting) }, others: [] };
  if (!folder) {
    return { problem: `${name} names no bibliography and no workspace folder is open, so there is no .bib to add entries to. Add \\bibliography{…}, \\addbibresource{…} or a YAML "bibliography:" to the document, or open a folder.` };
  }
  return { target: { uri: vscode.Uri.joinPath(folder.uri, setting) }, others: [] };
}

function openDocument(uri: vscode.Uri): vscode.TextDocument | undefined {
  const wanted = uri.toString();
  return vscode.workspace.textDocuments.find((document) => document.uri.toString() === wanted && !document.isClosed);
}

interface BibliographyText {
  text: string;
  exists: boolean;
  /** The open editor's document, whose text may be unsaved. */
  document?: vscode.TextDocument;
  /** Changes when the text does: the document version or the file's modification time. */
  stamp: string;
}

const decoder = new TextDecoder();

async function readBibliography(uri: vscode.Uri): Promise<BibliographyText> {
  const document = openDocument(uri);
  if (document) return { text: document.getText(), exists: true, document, stamp: `v${document.version}` };
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    const text = decoder.decode(await vscode.workspace.fs.readFile(uri));
    return { text, exists: true, stamp: `m${stat.mtime}:${stat.size}` };
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return { text: '', exists: false, stamp: 'missing' };
    throw error;
  }
}

const entryCache = new Map<string, { stamp: string; entries: BibEntry[] }>();

/** The entries of a .bib text just read, parsed once per version of the file. */
function entriesOf(uri: vscode.Uri, read: BibliographyText): BibEntry[] {
  const key = uri.toString();
  const cached = entryCache.get(key);
  if (cached && cached.stamp === read.stamp) return cached.entries;
  const entries = readBibEntries(read.text, displayPath(uri)).entries;
  entryCache.set(key, { stamp: read.stamp, entries });
  return entries;
}

/** The entries of a .bib (open editor text first) and its text, or undefined when it does not exist. */
export async function bibEntriesOf(uri: vscode.Uri): Promise<{ entries: BibEntry[]; text: string } | undefined> {
  let read: BibliographyText;
  try {
    read = await readBibliography(uri);
  } catch {
    return undefined;
  }
  if (!read.exists) return undefined;
  return { entries: entriesOf(uri, read), text: read.text };
}

/** Every .bib a document cites from, its own first, for hover and go-to-definition. */
export function bibliographyUris(document: vscode.TextDocument, syntax: KeyedSyntax): vscode.Uri[] {
  const resolution = resolveBibliography(document, syntax);
  return 'target' in resolution ? [resolution.target.uri, ...resolution.others] : [];
}

/** BibTeX for new entries: the exporter's, under the key the plan chose, with `\mathbb` defined once when a title needs it. */
function bibtexRenderer(shelf: Shelf, existingText: string): (paper: Paper, key: string) => string {
  let preambleDone = existingText.includes(mathbbFallback);
  return (paper, key) => {
    const entry = toBibtexEntry(paper, shelf.extras(paper.id), key);
    if (preambleDone || !entry.includes('\\mathbb')) return entry;
    preambleDone = true;
    return `@preamble{ "${mathbbFallback}" }\n\n${entry}`;
  };
}

/** What keeping a document's bibliography in sync did. */
export interface BibliographySync {
  /** The .bib written to (or that would have been). */
  uri?: string;
  /** The key to cite each paper by (its existing entry's, else its new entry's). */
  keyOfPaper: Map<string, string>;
  /** Keys of the entries appended. */
  added: string[];
  /** Keys of the entries that were already there. */
  reused: string[];
  /** True when the .bib did not exist and was created. */
  created: boolean;
  /** True when the .bib is open with unsaved changes: the entries were added there and left unsaved. */
  leftUnsaved: boolean;
  /** Why the .bib could not be found or written, in words for the user. */
  problem?: string;
}

function plainKeys(papers: readonly Paper[]): Map<string, string> {
  return new Map(papers.map((paper) => [paper.id, paper.citationKey]));
}

async function isReadOnly(uri: vscode.Uri, exists: boolean): Promise<boolean> {
  if (exists) {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.permissions !== undefined && (stat.permissions & vscode.FilePermission.Readonly) !== 0) return true;
  }
  if (vscode.workspace.fs.isWritableFileSystem(uri.scheme) === false) return true;
  if (uri.scheme === 'file' && exists) {
    try {
      await fs.promises.access(uri.fsPath, fs.constants.W_OK);
    } catch {
      return true;
    }
  }
  return false;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Makes sure every paper has an entry in the document's bibliography: appends the missing ones (never touching
 * existing text), through the open editor when the .bib is open so its unsaved text stays as it is.
 */
export async function syncBibliography(shelf: Shelf, document: vscode.TextDocument, syntax: KeyedSyntax, papers: readonly Paper[]): Promise<BibliographySync> {
  const resolution = resolveBibliography(document, syntax);
  if ('problem' in resolution) {
    return { keyOfPaper: plainKeys(papers), added: [], reused: [], created: false, leftUnsaved: false, problem: resolution.problem };
  }
  const { uri } = resolution.target;
  const name = displayPath(uri);
  const base = { uri: uri.toString(), created: false, leftUnsaved: false };
  let current: BibliographyText;
  try {
    current = await readBibliography(uri);
  } catch (error) {
    return { ...base, keyOfPaper: plainKeys(papers), added: [], reused: [], problem: `Could not read ${name}: ${describeError(error)}. No entries were added.` };
  }
  const plan = planBibliographyAdditions(current.text, papers, bibtexRenderer(shelf, current.text), current.exists ? entriesOf(uri, current) : []);
  const added = plan.added.map((a) => a.key);
  const reused = plan.reused.map((r) => r.key);
  const result: BibliographySync = { ...base, keyOfPaper: plan.keyOfPaper, added, reused };
  if (!plan.appendText) return result;
  const missing = `the ${added.length === 1 ? 'entry' : 'entries'} for ${added.join(', ')} ${added.length === 1 ? 'was' : 'were'} not added`;
  try {
    if (await isReadOnly(uri, current.exists)) return { ...result, added: [], problem: `${name} is read-only, so ${missing}.` };
  } catch (error) {
    return { ...result, added: [], problem: `Could not check ${name}: ${describeError(error)}; ${missing}.` };
  }
  try {
    if (current.document) {
      const document = current.document;
      const wasDirty = document.isDirty;
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, document.positionAt(document.getText().length), plan.appendText);
      if (!(await vscode.workspace.applyEdit(edit))) return { ...result, added: [], problem: `${name} could not be edited, so ${missing}.` };
      // Saving would also save the user's own unsaved changes, so a dirty .bib stays for them to save.
      if (wasDirty) return { ...result, leftUnsaved: true };
      if (!(await document.save())) return { ...result, leftUnsaved: true, problem: `The entries were added to ${name} but it could not be saved.` };
      return result;
    }
    const text = current.exists ? current.text + plan.appendText : plan.appendText;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    return { ...result, created: !current.exists };
  } catch (error) {
    return { ...result, added: [], problem: `Could not write ${name}: ${describeError(error)}; ${missing}.` };
  }
}

/** One line for the user about a sync that did something noteworthy, or undefined. */
export function describeSync(sync: BibliographySync): string | undefined {
  if (sync.problem) return sync.problem;
  if (!sync.uri || sync.added.length === 0) return undefined;
  const name = displayPath(vscode.Uri.parse(sync.uri));
  const entries = `${sync.added.length} ${sync.added.length === 1 ? 'entry' : 'entries'} (${sync.added.join(', ')})`;
  if (sync.created) return `Created ${name} with ${entries}.`;
  if (sync.leftUnsaved) return `Added ${entries} to ${name}, which has unsaved changes; save it before building.`;
  return undefined;
}
