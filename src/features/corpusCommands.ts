import * as vscode from 'vscode';
import { detectFormat } from '../core/parse/detect';
import { parseText } from '../node/lazyCore';
import type { CorpusService } from './corpus';
import { paperIdsOf } from './shelf';

const EXTENSION_OF_FORMAT = { 'hf-daily-papers': 'txt', 'flatiron-publications': 'txt', bibtex: 'bib', 'csl-json': 'json' } as const;

function firstWorkspaceFolder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.[0];
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** A file name under `folder` that no file has yet: the import never overwrites. */
async function freshFile(folder: vscode.Uri, stem: string, extension: string): Promise<vscode.Uri> {
  for (let n = 1; ; n++) {
    const candidate = vscode.Uri.joinPath(folder, `${stem}${n === 1 ? '' : `-${n}`}.${extension}`);
    if (!(await exists(candidate))) return candidate;
  }
}

async function importFromClipboard(service: CorpusService): Promise<void> {
  const folder = firstWorkspaceFolder();
  if (!folder) {
    void vscode.window.showInformationMessage('Open a folder first: Paper Shelf saves imported pages under its papers/ folder.');
    return;
  }
  const text = await vscode.env.clipboard.readText();
  const format = text.trim() ? detectFormat(text, 'clipboard') : null;
  if (!format) {
    void vscode.window.showWarningMessage('The clipboard holds no page Paper Shelf can read. Copy a whole Hugging Face Daily Papers page or a Flatiron Institute publications page (or BibTeX / CSL-JSON), then try again.');
    return;
  }
  const result = parseText(text, 'clipboard');
  if (result.entries.length === 0) {
    void vscode.window.showWarningMessage(`The clipboard looks like ${format} text but holds no complete entry; nothing was imported.`);
    return;
  }
  const papersFolder = vscode.Uri.joinPath(folder.uri, 'papers');
  await vscode.workspace.fs.createDirectory(papersFolder);
  const pageDate = result.entries.find((e) => e.source.pageDate)?.source.pageDate;
  const stem = `${format}-${pageDate ?? new Date().toISOString().slice(0, 10)}`;
  const target = await freshFile(papersFolder, stem, EXTENSION_OF_FORMAT[format]);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text.endsWith('\n') ? text : `${text}\n`));
  service.log.info(`Imported ${result.entries.length} entries from the clipboard into ${target.fsPath}`);
  const skipped = result.diagnostics.length > 0 ? ` (${result.diagnostics.length} skipped, see the log)` : '';
  const count = result.entries.length === 1 ? '1 paper' : `${result.entries.length} papers`;
  void vscode.window.showInformationMessage(`Imported ${count} into ${vscode.workspace.asRelativePath(target)}${skipped}.`);
  // The watcher picks the file up only when it matches the include patterns, so make sure it is read.
  await service.reload();
}

async function chooseCorpusFolder(): Promise<void> {
  const [folder] = (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Use as Corpus Folder' })) ?? [];
  if (!folder) return;
  const config = vscode.workspace.getConfiguration('paperShelf');
  const paths = config.get<string[]>('corpus.paths') ?? [];
  if (!paths.includes(folder.fsPath)) {
    const target = vscode.workspace.workspaceFolders ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
    await config.update('corpus.paths', [...paths, folder.fsPath], target);
  }
}

async function openSampleCorpus(context: vscode.ExtensionContext, service: CorpusService): Promise<void> {
  const sample = vscode.Uri.joinPath(context.extensionUri, 'dist', 'sample-corpus');
  const folder = firstWorkspaceFolder();
  if (!folder) {
    await service.addSessionRoot(sample);
    return;
  }
  const target = vscode.Uri.joinPath(folder.uri, 'papers', 'sample');
  await vscode.workspace.fs.createDirectory(target);
  for (const [name] of await vscode.workspace.fs.readDirectory(sample)) {
    const destination = vscode.Uri.joinPath(target, name);
    if (!(await exists(destination))) await vscode.workspace.fs.copy(vscode.Uri.joinPath(sample, name), destination);
  }
  await service.reload();
  void vscode.window.showInformationMessage(`The sample corpus (five listing pages) is in ${vscode.workspace.asRelativePath(target)}.`);
}

async function moveToTopic(service: CorpusService, ref: unknown, selection: unknown): Promise<void> {
  const ids = paperIdsOf(ref, selection);
  if (ids.length === 0) return;
  const newTopic = '$(add) New Topic…';
  const names = [...new Set(service.topics().map((t) => t.label))];
  const choice = await vscode.window.showQuickPick([newTopic, ...names], { title: `Move ${ids.length === 1 ? 'Paper' : `${ids.length} Papers`} to Topic`, placeHolder: 'Choose a topic' });
  if (!choice) return;
  const name = choice === newTopic ? (await vscode.window.showInputBox({ title: 'New Topic', prompt: 'Name of the topic', validateInput: (v) => (v.trim() ? undefined : 'A topic needs a name') }))?.trim() : choice;
  if (!name) return;
  for (const id of ids) await service.pinToTopic(id, name);
}

export function activate(context: vscode.ExtensionContext, service: CorpusService): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('paperShelf.reload', () => service.reload()),
    vscode.commands.registerCommand('paperShelf.importFromClipboard', () => importFromClipboard(service)),
    vscode.commands.registerCommand('paperShelf.chooseCorpusFolder', chooseCorpusFolder),
    vscode.commands.registerCommand('paperShelf.openSampleCorpus', () => openSampleCorpus(context, service)),
    vscode.commands.registerCommand('paperShelf.recomputeTopics', async () => {
      await service.ready();
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Recomputing topics' }, async () => service.recluster());
    }),
    vscode.commands.registerCommand('paperShelf.moveToTopic', (ref: unknown, selection: unknown) => moveToTopic(service, ref, selection)),
    vscode.commands.registerCommand('paperShelf.showLog', () => service.log.show()),
  );
}
