import * as vscode from 'vscode';
import type { Corpus } from '../core/corpus';
import type { PaperIndex } from '../core/search';
import type { TopicAssignment } from '../core/topics';
import type { BibliographicExtras, Diagnostic, Paper } from '../core/types';
import { CorpusWorkerClient, type SourceRef } from '../node/workerClient';
import type { Shelf, ShelfSearchHit, ShelfState, ShelfTopic } from './shelf';

const CORPUS_FILE = /\.(txt|bib|json)$/i;

const RELOAD_DEBOUNCE_MS = 300;
const PINS_KEY = 'paperShelf.topicPins';

interface Settings {
  include: string[];
  paths: string[];
  pageYear: number | undefined;
  userTopics: { name: string; query: string }[];
}

function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration('paperShelf');
  const userTopics = (config.get<unknown[]>('topics') ?? []).filter(
    (t): t is { name: string; query: string } => !!t && typeof t === 'object' && typeof (t as { name?: unknown }).name === 'string' && typeof (t as { query?: unknown }).query === 'string',
  );
  return {
    include: config.get<string[]>('corpus.include') ?? ['papers/**/*.{txt,bib,json}'],
    paths: config.get<string[]>('corpus.paths') ?? [],
    pageYear: config.get<number | null>('corpus.pageYear') ?? undefined,
    userTopics,
  };
}

/** How a file is named in sources and diagnostics: a path where there is one. */
function fileLabel(uri: vscode.Uri): string {
  return uri.scheme === 'file' ? uri.fsPath : uri.toString();
}

/** Loads the corpus files, keeps them parsed per file, and rebuilds the shelf when one changes. */
export class CorpusService implements Shelf, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.changeEmitter];
  private watchers: vscode.Disposable[] = [];
  private sources: vscode.Uri[] = [];
  private readonly sessionRoots: vscode.Uri[] = [];
  private corpus: Corpus = { papers: [], diagnostics: [], extras: new Map() };
  private byId: { get(id: string): Paper | undefined } = new Map<string, Paper>();
  private byKey: { get(citationKey: string): Paper | undefined } = new Map<string, Paper>();
  private index: PaperIndex | undefined;
  private topicAssignment: TopicAssignment | undefined;
  private topicById = new Map<string, ShelfTopic>();
  private currentState: ShelfState = 'loading';
  private firstLoad: Promise<void> | undefined;
  private pending = new Set<string>();
  private pendingTimer: ReturnType<typeof setTimeout> | undefined;
  private reportedDiagnostics = new Set<string>();
  private queue: Promise<void> = Promise.resolve();
  private settings = readSettings();

  private readonly worker: CorpusWorkerClient;
  private readonly memento: vscode.Memento;
  private readonly cacheDir: vscode.Uri;
  private readonly codeVersion: string;

  constructor(
    readonly log: vscode.LogOutputChannel,
    context: vscode.ExtensionContext,
  ) {
    this.memento = context.workspaceState;
    // The warm-start cache lives in the extension's storage for this workspace (or globally without one).
    this.cacheDir = vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, 'corpus-cache');
    // Results cached by another build of the extension are never trusted.
    this.codeVersion = `${context.extension.id}@${context.extension.packageJSON.version}`;
    this.worker = new CorpusWorkerClient(vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath);
    this.disposables.push({ dispose: () => this.worker.dispose() },
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('paperShelf.corpus') || event.affectsConfiguration('paperShelf.topics')) void this.reload();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => void this.reload()),
    );
    void this.setState('loading');
  }

  get state(): ShelfState {
    return this.currentState;
  }

  /** Starts the first load once; later callers share it. Never called from activate() directly. */
  ready(): Promise<void> {
    this.firstLoad ??= this.reload();
    return this.firstLoad;
  }

  papers(): readonly Paper[] {
    return this.corpus.papers;
  }

  paper(id: string): Paper | undefined {
    return this.byId.get(id);
  }

  paperByKey(citationKey: string): Paper | undefined {
    return this.byKey.get(citationKey);
  }

  extras(id: string): BibliographicExtras | undefined {
    return this.corpus.extras.get(id);
  }

  topics(): readonly ShelfTopic[] {
    return [...this.topicById.values()];
  }

  topicOf(paperId: string): ShelfTopic | undefined {
    const topicId = this.topicAssignment?.topicOf.get(paperId);
    return topicId ? this.topicById.get(topicId) : undefined;
  }

  search(query: string, limit = 50): ShelfSearchHit[] {
    return this.index ? this.index.search(query, { limit }) : [];
  }

  filter(query: string): Set<string> {
    return this.index ? this.index.filter(query) : new Set();
  }

  diagnostics(): readonly Diagnostic[] {
    return this.corpus.diagnostics;
  }

  /** Adds a folder for this window only (the bundled sample corpus when no workspace is open). */
  async addSessionRoot(folder: vscode.Uri): Promise<void> {
    if (!this.sessionRoots.some((root) => root.toString() === folder.toString())) this.sessionRoots.push(folder);
    await this.reload();
  }

  pins(): Record<string, string> {
    return this.memento.get<Record<string, string>>(PINS_KEY, {});
  }

  async pinToTopic(paperId: string, topicName: string): Promise<void> {
    await this.memento.update(PINS_KEY, { ...this.pins(), [paperId]: topicName });
    await this.serialize(() => this.load(false));
  }

  /** Re-reads every corpus file from scratch. */
  reload(): Promise<void> {
    return this.serialize(() => this.loadAll());
  }

  /** Loads and file events run one at a time, in order, so a late event never sees a half-built corpus. */
  private serialize(work: () => Promise<void>): Promise<void> {
    const next = this.queue.then(work).catch((error: unknown) => {
      this.log.error(`Loading the corpus failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    });
    this.queue = next;
    return next;
  }

  private async loadAll(): Promise<void> {
    this.settings = readSettings();
    await this.setState('loading');
    this.sources = await this.findCorpusFiles();
    this.watch();
    if (this.sources.length > 0) {
      await vscode.window.withProgress({ location: { viewId: 'paperShelf.papers' }, title: 'Loading papers' }, () => this.load(false));
    } else {
      await this.load(false);
    }
  }

  /**
   * Parses, merges, clusters and indexes in a worker thread; unchanged files come from the cache, so
   * a file event re-parses only that file. The main thread only decodes the result, in slices.
   */
  private async load(recluster: boolean): Promise<void> {
    const refs: SourceRef[] = [];
    for (const uri of this.sources) {
      if (uri.scheme === 'file') {
        refs.push({ file: uri.fsPath });
        continue;
      }
      // Remote and virtual file systems: read through VS Code, hand the bytes over.
      try {
        const [bytes, stat] = await Promise.all([vscode.workspace.fs.readFile(uri), vscode.workspace.fs.stat(uri)]);
        refs.push({ file: fileLabel(uri), bytes, mtimeMs: stat.mtime });
      } catch (error) {
        this.log.warn(`${fileLabel(uri)}: cannot read (${error instanceof Error ? error.message : String(error)})`);
      }
    }
    let cacheDir: string | undefined;
    if (this.cacheDir.scheme === 'file') {
      await vscode.workspace.fs.createDirectory(this.cacheDir);
      cacheDir = this.cacheDir.fsPath;
    }
    const loaded = await this.worker.load({
      sources: refs,
      settings: { pageYear: this.settings.pageYear, userTopics: this.settings.userTopics, pins: this.pins() },
      cacheDir,
      recluster,
      codeVersion: this.codeVersion,
    });
    for (const problem of loaded.stats.cacheProblems) this.log.warn(`Cache: ${problem}`);
    this.corpus = loaded.corpus;
    this.index = loaded.index;
    this.topicAssignment = loaded.topics;
    this.byId = loaded.byId;
    this.byKey = loaded.byKey;
    this.topicById = new Map(loaded.topics.topics.map((t) => [t.id, { id: t.id, label: t.label, kind: t.kind }]));
    const { topicOf } = loaded.topics;
    this.index.setTopics((paperId) => {
      const topicId = topicOf.get(paperId);
      return topicId === undefined ? undefined : this.topicById.get(topicId);
    });
    this.reportDiagnostics();
    await this.setState(this.corpus.papers.length > 0 ? 'ready' : 'empty');
    const { stats } = loaded;
    this.log.info(
      `Loaded ${this.corpus.papers.length} papers from ${stats.files} files in ${Math.round(stats.totalMs)} ms` +
        (stats.fromCache ? ' (from the cache)' : ` (${stats.reparsedFiles} parsed, ${stats.workers === 2 ? 'two workers' : stats.workers === 1 ? 'one worker' : 'in-process'})`) +
        `; longest main-thread slice ${Math.round(stats.longestSliceMs)} ms`,
    );
    this.changeEmitter.fire();
  }

  /** Full re-clustering, on the user's request. */
  recluster(): Promise<void> {
    return this.serialize(() => this.load(true));
  }

  dispose(): void {
    clearTimeout(this.pendingTimer);
    for (const d of [...this.watchers, ...this.disposables]) d.dispose();
  }

  private async setState(state: ShelfState): Promise<void> {
    this.currentState = state;
    await vscode.commands.executeCommand('setContext', 'paperShelf.corpusState', state);
  }

  private async findCorpusFiles(): Promise<vscode.Uri[]> {
    const found = new Map<string, vscode.Uri>();
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const pattern of this.settings.include) {
        for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(folder, pattern))) found.set(uri.toString(), uri);
      }
    }
    const roots = [...this.settings.paths.map((p) => vscode.Uri.file(p)), ...this.sessionRoots];
    for (const root of roots) {
      for (const uri of await this.expand(root)) found.set(uri.toString(), uri);
    }
    return [...found.values()].sort((a, b) => (a.toString() < b.toString() ? -1 : 1));
  }

  private async expand(root: vscode.Uri): Promise<vscode.Uri[]> {
    try {
      const stat = await vscode.workspace.fs.stat(root);
      if (stat.type & vscode.FileType.File) return [root];
      const result: vscode.Uri[] = [];
      for (const [name, type] of await vscode.workspace.fs.readDirectory(root)) {
        const child = vscode.Uri.joinPath(root, name);
        if (type & vscode.FileType.Directory) result.push(...(await this.expand(child)));
        else if (CORPUS_FILE.test(name)) result.push(child);
      }
      return result;
    } catch (error) {
      this.log.warn(`${fileLabel(root)}: cannot read (${error instanceof Error ? error.message : String(error)})`);
      return [];
    }
  }

  private watch(): void {
    for (const watcher of this.watchers) watcher.dispose();
    this.watchers = [];
    const patterns: vscode.GlobPattern[] = [];
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const pattern of this.settings.include) patterns.push(new vscode.RelativePattern(folder, pattern));
    }
    for (const root of [...this.settings.paths.map((p) => vscode.Uri.file(p)), ...this.sessionRoots]) {
      patterns.push(new vscode.RelativePattern(root, '**/*.{txt,bib,json}'));
    }
    for (const pattern of patterns) {
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      watcher.onDidCreate((uri) => this.schedule(uri), undefined, this.watchers);
      watcher.onDidChange((uri) => this.schedule(uri), undefined, this.watchers);
      watcher.onDidDelete((uri) => this.schedule(uri), undefined, this.watchers);
      this.watchers.push(watcher);
    }
  }

  /** Debounces bursts of file events (a save often fires several) into one re-parse of just those files. */
  private schedule(uri: vscode.Uri): void {
    this.pending.add(uri.toString());
    clearTimeout(this.pendingTimer);
    this.pendingTimer = setTimeout(() => void this.serialize(() => this.applyPending()), RELOAD_DEBOUNCE_MS);
  }

  private async applyPending(): Promise<void> {
    const changed = [...this.pending];
    this.pending.clear();
    const known = new Map(this.sources.map((uri) => [uri.toString(), uri]));
    for (const key of changed) {
      const uri = vscode.Uri.parse(key);
      try {
        await vscode.workspace.fs.stat(uri);
        if (!known.has(key)) this.log.info(`Added ${fileLabel(uri)}`);
        known.set(key, uri);
      } catch {
        if (known.delete(key)) this.log.info(`Removed ${fileLabel(uri)} from the corpus`);
      }
    }
    this.sources = [...known.values()].sort((a, b) => (a.toString() < b.toString() ? -1 : 1));
    await this.load(false);
  }

  /** Logs every new diagnostic with file:line and offers the log once, unobtrusively. */
  private reportDiagnostics(): void {
    const fresh = this.corpus.diagnostics.filter((d) => !this.reportedDiagnostics.has(`${d.file}:${d.line}:${d.message}`));
    if (fresh.length === 0) return;
    for (const d of fresh) {
      this.reportedDiagnostics.add(`${d.file}:${d.line}:${d.message}`);
      const text = `${d.file}${d.line > 0 ? `:${d.line}` : ''}: ${d.message}`;
      if (d.severity === 'error') this.log.error(text);
      else if (d.severity === 'warning') this.log.warn(text);
      else this.log.info(text);
    }
    const files = new Set(fresh.map((d) => d.file)).size;
    const problems = fresh.filter((d) => d.severity !== 'info').length;
    if (problems === 0) return;
    void vscode.window
      .showWarningMessage(`Paper Shelf skipped ${problems} unreadable ${problems === 1 ? 'entry' : 'entries'} in ${files} ${files === 1 ? 'file' : 'files'}; the rest is loaded.`, 'Show Log')
      .then((choice) => {
        if (choice === 'Show Log') this.log.show(true);
      });
  }
}
