import * as fs from 'fs';
import * as path from 'path';
import { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { launchChromium, saveScreenshot, workbenchUrl } from '../host/browser';
import { RunningCodeServer, freshProfile, installExtension, startCodeServer } from '../host/codeServer';
import { ensureHost } from '../host/installHost';
import { testResultsDir, vsixPath } from '../host/paths';
import { installExitHooks } from '../host/processes';
import { createSampleWorkspace } from '../host/workspace';

export interface Workbench {
  page: Page;
  url: string;
  workspace: string;
  /** Stops Chromium and code-server and removes the temporary folders. */
  close(): Promise<void>;
}

export interface WorkbenchOptions {
  /** Folder to open; defaults to a fresh copy of the sample corpus under papers/. */
  workspace?: string;
  /** Packaged extension to install; defaults to $PAPER_SHELF_VSIX, then to the one `npm run package` writes. */
  vsix?: string;
  log?: (line: string) => void;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Starts code-server with the packaged VSIX installed (as a user would install it) and a workspace,
 * and opens the workbench in headless Chromium once it is ready to use.
 */
export async function openWorkbench(options: WorkbenchOptions = {}): Promise<Workbench> {
  const vsix = options.vsix ?? process.env.PAPER_SHELF_VSIX ?? vsixPath();
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} does not exist; run \`npm run package\` first`);
  ensureHost(options.log ?? (() => undefined));
  const ownsWorkspace = options.workspace === undefined;
  const workspace = options.workspace ?? createSampleWorkspace();
  const profile = freshProfile();
  let server: RunningCodeServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    fs.rmSync(profile.root, { recursive: true, force: true });
    if (ownsWorkspace) fs.rmSync(workspace, { recursive: true, force: true });
  };
  installExitHooks(close);
  try {
    installExtension(vsix, profile.userDataDir, profile.extensionsDir);
    server = await startCodeServer({ userDataDir: profile.userDataDir, extensionsDir: profile.extensionsDir, log: options.log });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
    await page.goto(workbenchUrl(server.url, workspace));
    await waitForWorkbench(page);
    return { page, url: server.url, workspace, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Resolves once the workbench shows its activity bar and the Explorer lists the workspace's files from the server. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.part.sidebar .explorer-folders-view .monaco-list-row').first().waitFor({ state: 'visible', timeout: 60_000 });
}

/**
 * Polls `condition` until it returns a truthy value and resolves with it; rejects after `timeoutMs`
 * with `description` in the message, even when a poll itself hangs. For states no Playwright locator
 * can express; inside `condition` prefer calls that do not wait (`count()`, `allTextContents()`).
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  description: string,
  { timeoutMs = DEFAULT_TIMEOUT_MS, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  const timedOut = Symbol('timed out');
  let lastError: unknown;
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const expiry = new Promise<typeof timedOut>((resolve) => (timer = setTimeout(() => resolve(timedOut), Math.max(0, deadline - Date.now()))));
    try {
      const value = await Promise.race([Promise.resolve().then(condition), expiry]);
      if (value !== timedOut && value) return value as NonNullable<T>;
    } catch (error) {
      lastError = error;
    } finally {
      clearTimeout(timer);
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message.split('\n')[0]})` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The quick input widget (command palette, quick picks). */
export function quickInput(page: Page): Locator {
  return page.locator('.quick-input-widget');
}

export async function openCommandPalette(page: Page): Promise<Locator> {
  const widget = quickInput(page);
  await page.locator('.monaco-workbench').focus().catch(() => undefined);
  await page.keyboard.press('F1');
  await widget.waitFor({ state: 'visible' });
  const input = widget.locator('.quick-input-box input');
  await waitFor(async () => (await input.inputValue()).startsWith('>'), 'the command palette to show its ">" prefix');
  return widget;
}

/** Runs a command by the title the command palette shows, e.g. "Paper Shelf: Search Papers". */
export async function runCommand(page: Page, title: string): Promise<void> {
  const widget = await openCommandPalette(page);
  await widget.locator('.quick-input-box input').fill(`>${title}`);
  const row = widget.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: title }) });
  await waitFor(async () => {
    const labels = await widget.locator('.quick-input-list .monaco-list-row .label-name').allTextContents();
    return labels.map((label) => label.trim()).includes(title);
  }, `the command palette to list "${title}"`);
  const exact = row.filter({ has: page.locator('.label-name').getByText(title, { exact: true }) }).first();
  await exact.click();
  await widget.waitFor({ state: 'hidden' });
}

/** Opens a workspace file through Quick Open (Ctrl+P) and resolves once its tab is the active one. */
export async function openFile(page: Page, fileName: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const widget = quickInput(page);
  await widget.waitFor({ state: 'visible' });
  await widget.locator('.quick-input-box input').fill(fileName);
  const baseName = path.basename(fileName);
  await widget.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name', { hasText: baseName }) }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.part.editor .tabs-container .tab.active', { hasText: baseName }).waitFor({ state: 'visible' });
}

/** The text the active text editor shows, lines in screen order (only the rendered lines of a long file). */
export async function activeEditorText(page: Page): Promise<string> {
  const lines = await page
    .locator('.part.editor .editor-group-container.active .monaco-editor .view-lines')
    .first()
    .locator('.view-line')
    .evaluateAll((elements) =>
      (elements as unknown as { style: { top: string }; textContent: string | null }[]).map((line) => ({ top: parseFloat(line.style.top), text: line.textContent ?? '' })),
    );
  return lines
    .sort((a, b) => a.top - b.top)
    .map((line) => line.text.replace(/\u00a0/g, ' '))
    .join('\n');
}

/** The content of the visible webview (e.g. the abstract panel): VS Code nests it two frames deep. */
export function webviewContent(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

/** A row of the Papers tree (or any side bar tree) by the label it shows. */
export function treeRow(page: Page, label: string | RegExp): Locator {
  return page.locator('.part.sidebar [role="tree"] .monaco-list-row', { has: page.locator('.label-name', { hasText: label }) });
}

/** The labels of the rows the visible quick pick lists, one per row (detail lines left out). */
export async function quickPickLabels(page: Page): Promise<string[]> {
  return (await quickPickItems(page)).map((item) => item.label);
}

export interface QuickPickItemTexts {
  label: string;
  description: string;
  detail: string;
}

/** Label, description and detail line of each row the visible quick pick lists, as shown. */
export async function quickPickItems(page: Page): Promise<QuickPickItemTexts[]> {
  type Line = { querySelector(selector: string): { textContent: string | null } | null };
  type Row = { getAttribute(name: string): string | null; querySelectorAll(selector: string): ArrayLike<Line> };
  return quickInput(page)
    .locator('.quick-input-list .monaco-list-row')
    .evaluateAll((rows) =>
      (rows as unknown as Row[])
        // Rows are recycled as the list scrolls, so DOM order need not be screen order.
        .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
        .map((row) => {
          // Each row has a line for the label and description, then one for the detail when there is one.
          const [main, second] = Array.from(row.querySelectorAll('.quick-input-list-row'));
          const text = (line: Line | undefined, selector: string) => (line?.querySelector(selector)?.textContent ?? '').trim();
          return { label: text(main, '.label-name'), description: text(main, '.label-description'), detail: text(second, '.label-name') };
        }),
    );
}

/** Texts of the notification toasts on screen. */
export async function notificationTexts(page: Page): Promise<string[]> {
  return page.locator('.notification-toast .notification-list-item-message').allTextContents();
}

/** The activity bar entry whose tooltip/label starts with `title`. */
export function activityBarItem(page: Page, title: string): Locator {
  return page.locator(`.part.activitybar .action-item a.action-label[aria-label^="${title}"]`);
}

/** A view's pane header in the side bar, by the view's name (e.g. "Papers"). */
export function viewPaneHeader(page: Page, name: string): Locator {
  return page.locator('.part.sidebar .pane-header', { has: page.locator('h3.title', { hasText: name }) });
}

export function sideBarTitle(page: Page): Locator {
  return page.locator('.part.sidebar .composite.title h2');
}

function safeFileName(name: string, maxLength: number): string {
  return name.replace(/[^a-zA-Z0-9._-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, maxLength);
}

/**
 * Saves a PNG of the whole workbench as test-results/<name>.png, or <name>-<state>.png, and returns its
 * path. Only `name` is shortened, so a state such as "failed" survives a long test title.
 */
export async function screenshot(page: Page, name: string, state = ''): Promise<string> {
  const base = safeFileName(name, 200);
  const tail = safeFileName(state, 50);
  return saveScreenshot(page, path.join(testResultsDir, `${tail ? `${base}-${tail}` : base}.png`));
}

/** Registers an afterEach hook that screenshots the workbench after every test, passed or failed. */
export function screenshotEachTest(getPage: () => Page | undefined, prefix = 'e2e'): void {
  afterEach(async function () {
    const page = getPage();
    if (!page || !this.currentTest) return;
    const state = this.currentTest.state === 'passed' ? '' : (this.currentTest.state ?? 'unfinished');
    await screenshot(page, `${prefix}-${this.currentTest.fullTitle()}`, state);
  });
}
