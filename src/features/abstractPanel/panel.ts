import { randomBytes } from '../../node/lazyBuiltins';
import * as vscode from 'vscode';
import { parsePageMessage, type HostMessage, type PageMessage } from '../../webview/protocol';
import type { Shelf } from '../shelf';
import { iconSvg, type IconName } from './icons';
import { panelTitle, toPaperView } from './view';

export const ABSTRACT_VIEW_TYPE = 'paperShelf.abstract';

/** What the panel shows and whether the page has it; read by the integration tests. */
export interface AbstractPanelSnapshot {
  open: boolean;
  visible: boolean;
  active: boolean;
  viewColumn: vscode.ViewColumn | undefined;
  paperId: string | undefined;
  /** The last message meant for the page: what it shows once it has been delivered. */
  lastMessage: HostMessage | undefined;
  pageReady: boolean;
  /** True once `lastMessage` was posted to a page that had said it was ready. */
  delivered: boolean;
  /** Page messages the host dropped as malformed or not about the paper shown. */
  ignoredMessages: number;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media'), vscode.Uri.joinPath(extensionUri, 'dist', 'webview')],
  };
}

/** The one abstract panel: shows a paper beside the editor and follows the shelf as it changes. */
export class AbstractPanel {
  static current: AbstractPanel | undefined;

  private readonly _disposables: vscode.Disposable[] = [];
  private _paperId: string | undefined;
  private _lastTitle: string | null = null;
  // Each message is a full snapshot, so the queue for a page that is not ready holds only the latest.
  private _latest: HostMessage | undefined;
  private _pageReady = false;
  private _delivered = false;
  private _ignoredMessages = 0;
  private _renderGeneration = 0;
  private _disposed = false;

  /** Shows the paper in the panel, creating it beside the active editor without taking focus. */
  static createOrShow(extensionUri: vscode.Uri, shelf: Shelf, paperId: string, onShow: (paperId: string) => void): AbstractPanel {
    const existing = AbstractPanel.current;
    if (existing) {
      const column = existing._panel.viewColumn;
      const editorColumn = vscode.window.activeTextEditor?.viewColumn;
      // Revealing in the editor's own group would hide the document the user is typing in.
      existing._panel.reveal(column !== undefined && column !== editorColumn ? column : vscode.ViewColumn.Beside, true);
      existing.showPaper(paperId);
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      ABSTRACT_VIEW_TYPE,
      'Abstract',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true },
      webviewOptions(extensionUri),
    );
    const created = new AbstractPanel(panel, extensionUri, shelf, onShow);
    created.showPaper(paperId);
    return created;
  }

  /** Takes over a panel VS Code restored after a reload. */
  static revive(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, shelf: Shelf, paperId: string, onShow: (paperId: string) => void): AbstractPanel {
    AbstractPanel.current?.dispose();
    const revived = new AbstractPanel(panel, extensionUri, shelf, onShow);
    revived.showPaper(paperId);
    return revived;
  }

  private constructor(
    private readonly _panel: vscode.WebviewPanel,
    private readonly _extensionUri: vscode.Uri,
    private readonly _shelf: Shelf,
    private readonly _onShow: (paperId: string) => void,
  ) {
    AbstractPanel.current = this;
    _panel.webview.options = webviewOptions(_extensionUri);
    _panel.iconPath = vscode.Uri.joinPath(_extensionUri, 'media', 'shelf.svg');
    _panel.webview.html = this._html();
    _panel.onDidDispose(() => this.dispose(), null, this._disposables);
    _panel.onDidChangeViewState(
      () => {
        // A hidden page is torn down (no retainContextWhenHidden); it says `ready` again when shown.
        if (!this._panel.visible) this._pageReady = false;
      },
      null,
      this._disposables,
    );
    _panel.webview.onDidReceiveMessage((raw: unknown) => this._receive(raw), null, this._disposables);
    _shelf.onDidChange(() => void this._render(), null, this._disposables);
  }

  get paperId(): string | undefined {
    return this._paperId;
  }

  get viewColumn(): vscode.ViewColumn | undefined {
    return this._panel.viewColumn;
  }

  get active(): boolean {
    return this._panel.active;
  }

  showPaper(paperId: string): void {
    if (paperId !== this._paperId) this._lastTitle = null;
    this._paperId = paperId;
    this._onShow(paperId);
    void this._render();
  }

  /** Handles a message as if the page had sent it; the integration tests use it to act like the page. */
  receive(raw: unknown): void {
    this._receive(raw);
  }

  snapshot(): AbstractPanelSnapshot {
    return {
      open: true,
      visible: this._panel.visible,
      active: this._panel.active,
      viewColumn: this._panel.viewColumn,
      paperId: this._paperId,
      lastMessage: this._latest,
      pageReady: this._pageReady,
      delivered: this._delivered,
      ignoredMessages: this._ignoredMessages,
    };
  }

  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    if (AbstractPanel.current === this) AbstractPanel.current = undefined;
    this._panel.dispose();
    while (this._disposables.length > 0) this._disposables.pop()?.dispose();
  }

  private async _render(): Promise<void> {
    const paperId = this._paperId;
    if (!paperId) return;
    const generation = ++this._renderGeneration;
    if (this._shelf.state === 'loading') await this._shelf.ready();
    if (this._disposed || generation !== this._renderGeneration) return;
    const paper = this._shelf.paper(paperId);
    if (paper) {
      this._lastTitle = paper.title;
      this._panel.title = panelTitle(paper.title);
      this._post({ type: 'show', paper: toPaperView(paper, this._shelf.topicOf(paper.id)?.label) });
    } else {
      this._panel.title = panelTitle(this._lastTitle ?? undefined);
      this._post({ type: 'gone', paperId, title: this._lastTitle });
    }
  }

  private _post(message: HostMessage): void {
    this._latest = message;
    this._delivered = false;
    if (this._pageReady) this._deliver(message);
  }

  private _deliver(message: HostMessage): void {
    this._panel.webview.postMessage(message).then(
      (posted) => {
        if (posted && this._latest === message) this._delivered = true;
      },
      (error: unknown) => this._shelf.log.warn(`Abstract panel: could not post a message: ${String(error)}`),
    );
  }

  private _receive(raw: unknown): void {
    const message = parsePageMessage(raw);
    if (!message) {
      this._ignoredMessages++;
      return;
    }
    this._handle(message);
  }

  private _handle(message: PageMessage): void {
    switch (message.type) {
      case 'ready':
        this._pageReady = true;
        if (this._latest) this._deliver(this._latest);
        return;
      case 'command':
        // The page may only act on the paper it shows.
        if (message.paperId !== this._paperId || !this._shelf.paper(message.paperId)) {
          this._ignoredMessages++;
          return;
        }
        vscode.commands.executeCommand(`paperShelf.${message.command}`, message.paperId).then(undefined, (error: unknown) => {
          this._shelf.log.error(`Abstract panel: paperShelf.${message.command} failed: ${String(error)}`);
          void vscode.window.showErrorMessage(`Paper Shelf: ${message.command} failed: ${error instanceof Error ? error.message : String(error)}`);
        });
        return;
    }
  }

  private _html(): string {
    const webview = this._panel.webview;
    const nonce = randomBytes(16).toString('base64');
    const media = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this._extensionUri, 'media', ...path)).toString();
    const script = webview.asWebviewUri(vscode.Uri.joinPath(this._extensionUri, 'dist', 'webview', 'abstract.js')).toString();
    const csp = [
      `default-src 'none'`,
      `style-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join('; ');
    const button = (command: string, icon: IconName, label: string, primary = false) =>
      `<button type="button" class="action${primary ? ' primary' : ''}" data-command="${command}" disabled>${iconSvg(icon)}<span>${label}</span></button>`;
    return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${csp}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
  <link rel="stylesheet" href="${media('abstract.css')}">
  <title>Abstract</title>
</head>
<body>
  <main id="paper" aria-labelledby="paper-title" aria-busy="true">
    <p id="status" class="visually-hidden" role="status" aria-live="polite"></p>
    <header>
      <h1 id="paper-title">Loading…</h1>
      <p id="paper-authors" class="authors" hidden></p>
      <p id="paper-organization" class="organization" hidden></p>
    </header>
    <p id="paper-gone" class="gone" hidden></p>
    <dl id="paper-facts" class="facts" hidden></dl>
    <div id="paper-actions" class="actions" role="group" aria-label="Paper actions" hidden>
      ${button('insertCitation', 'quote', 'Insert Citation', true)}
      ${button('copyBibtex', 'copy', 'Copy BibTeX')}
      ${button('openNotes', 'note', 'Open Notes')}
      ${button('revealInTree', 'tree', 'Reveal in Tree')}
    </div>
    <section id="paper-abstract-section" aria-labelledby="abstract-heading" hidden>
      <h2 id="abstract-heading">Abstract</h2>
      <div id="paper-abstract" class="abstract"></div>
    </section>
    <section id="paper-sources-section" aria-labelledby="sources-heading" hidden>
      <h2 id="sources-heading">Sources</h2>
      <ul id="paper-sources" class="sources"></ul>
    </section>
  </main>
  <script nonce="${nonce}" src="${script}"></script>
</body>
</html>`;
  }
}
