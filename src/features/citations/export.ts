import * as vscode from 'vscode';
import { toBibtex, toCslJson } from '../../node/lazyCore';
import type { Paper } from '../../core/types';
import { pickPapers } from '../search';
import { paperIdsOf, type Shelf } from '../shelf';
import { extrasOf } from './insert';

export type ExportFormat = 'bibtex' | 'csl-json';

/** What `paperShelf.exportBibtex` accepts from code instead of asking (tests). */
export interface ExportOptions {
  paperIds?: string[];
  format?: ExportFormat;
  /** Where to write; skips the save dialog. */
  target?: vscode.Uri | string;
}

export interface ExportResult {
  uri: string;
  format: ExportFormat;
  count: number;
}

function isExportOptions(arg: unknown): arg is ExportOptions {
  if (!arg || typeof arg !== 'object' || Array.isArray(arg)) return false;
  const candidate = arg as Record<string, unknown>;
  return 'format' in candidate || 'target' in candidate || Array.isArray(candidate.paperIds);
}


function papersOf(shelf: Shelf, ids: readonly string[]): Paper[] {
  return ids.map((id) => shelf.paper(id)).filter((paper): paper is Paper => !!paper);
}

const FORMATS: Record<ExportFormat, { label: string; extension: string; filter: string }> = {
  bibtex: { label: 'BibTeX', extension: 'bib', filter: 'BibTeX' },
  'csl-json': { label: 'CSL-JSON', extension: 'json', filter: 'CSL-JSON' },
};

export function exportText(shelf: Shelf, papers: Paper[], format: ExportFormat): string {
  return format === 'bibtex' ? toBibtex(papers, extrasOf(shelf, papers)) : toCslJson(papers, extrasOf(shelf, papers));
}

async function chooseFormat(count: number): Promise<ExportFormat | undefined> {
  const items: (vscode.QuickPickItem & { format: ExportFormat })[] = [
    { label: 'BibTeX', description: '.bib, for LaTeX (BibTeX, biber) and Pandoc', format: 'bibtex' },
    { label: 'CSL-JSON', description: '.json, for Pandoc, Zotero and citeproc tools', format: 'csl-json' },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: `Export ${count} ${count === 1 ? 'Paper' : 'Papers'}`, placeHolder: 'Format' });
  return choice?.format;
}

/**
 * `paperShelf.exportBibtex`: the selected papers (tree selection) or the whole corpus, as BibTeX or CSL-JSON,
 * to a file the user picks; the save dialog asks before replacing a file.
 */
export async function exportBibliography(shelf: Shelf, arg?: unknown, selection?: unknown): Promise<ExportResult | undefined> {
  const options = isExportOptions(arg) ? arg : {};
  await shelf.ready();
  const ids = options.paperIds ?? paperIdsOf(arg, selection);
  const papers = ids.length > 0 ? papersOf(shelf, ids) : [...shelf.papers()];
  if (papers.length === 0) {
    void vscode.window.showWarningMessage('There are no papers to export yet.');
    return undefined;
  }
  const format = options.format ?? (await chooseFormat(papers.length));
  if (!format) return undefined;
  const { extension, filter } = FORMATS[format];
  let target = typeof options.target === 'string' ? vscode.Uri.file(options.target) : options.target;
  if (!target) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = papers.length === 1 ? `${papers[0].citationKey}.${extension}` : `papers.${extension}`;
    target = await vscode.window.showSaveDialog({
      title: `Export ${papers.length} ${papers.length === 1 ? 'Paper' : 'Papers'} as ${FORMATS[format].label}`,
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { [filter]: [extension] },
      saveLabel: 'Export',
    });
    if (!target) return undefined;
  }
  const text = exportText(shelf, papers, format);
  try {
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not write ${target.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
    return undefined;
  }
  const where = vscode.workspace.asRelativePath(target, false);
  shelf.log.info(`Exported ${papers.length} papers as ${FORMATS[format].label} to ${target.toString()}`);
  if (!options.target) {
    void vscode.window.showInformationMessage(`Exported ${papers.length} ${papers.length === 1 ? 'paper' : 'papers'} to ${where}.`, 'Open').then((choice) => {
      if (choice === 'Open') void vscode.window.showTextDocument(target);
    });
  }
  return { uri: target.toString(), format, count: papers.length };
}

async function papersForClipboard(shelf: Shelf, arg: unknown, selection: unknown, title: string): Promise<Paper[]> {
  await shelf.ready();
  const ids = paperIdsOf(arg, selection);
  if (ids.length > 0) return papersOf(shelf, ids);
  return papersOf(shelf, await pickPapers(shelf, { title, placeholder: 'Search and tick papers, Enter to copy', canSelectMany: true }));
}

/** `paperShelf.copyCitationKey`: the keys of the papers, comma-separated as in `\cite{a,b}`. */
export async function copyCitationKey(shelf: Shelf, arg?: unknown, selection?: unknown): Promise<string | undefined> {
  const papers = await papersForClipboard(shelf, arg, selection, 'Copy Citation Key');
  if (papers.length === 0) return undefined;
  const text = papers.map((paper) => paper.citationKey).join(',');
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`$(key) Copied ${text}`, 4000);
  return text;
}

/** `paperShelf.copyBibtex`: the papers' BibTeX entries. */
export async function copyBibtex(shelf: Shelf, arg?: unknown, selection?: unknown): Promise<string | undefined> {
  const papers = await papersForClipboard(shelf, arg, selection, 'Copy BibTeX');
  if (papers.length === 0) return undefined;
  const text = exportText(shelf, papers, 'bibtex');
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(`$(copy) Copied BibTeX of ${papers.length} ${papers.length === 1 ? 'paper' : 'papers'}`, 4000);
  return text;
}
