import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { Locator, Page } from 'playwright-core';
import { repoRoot } from '../host/paths';
import { createSampleWorkspace } from '../host/workspace';
import {
  Workbench,
  activeEditorText,
  activityBarItem,
  openCommandPalette,
  openFile,
  openWorkbench,
  runCommand,
  quickInput,
  QuickPickItemTexts,
  quickPickItems,
  screenshot,
  screenshotEachTest,
  treeRow,
  waitFor,
  webviewContent,
} from './harness';

const SUPERLINEAR = {
  title: 'On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature',
  tabTitle: 'On the Superlinear Relationship between…',
  description: 'Zhang et al. · Feb 5, 2026',
  authors: 'Yikuan Zhang, Ning Yang, Y. Tu',
  month: '2026 · February',
  citationKey: 'zhang2026superlinear',
  abstractOpening: 'Stochastic Gradient Descent (SGD) introduces anisotropic noise that is correlated with the local curvature of the loss landscape',
};

/** The two sample papers with "grokking" in their titles: what their search rows say, and how their abstracts open. */
const GROKKING_PAPERS: Record<string, { description: string; abstractOpening: string }> = {
  'Grokking as the Transition from Lazy to Rich Training Dynamics': {
    description: '4 authors · Oct 9, 2023',
    abstractOpening: 'We propose that the grokking phenomenon, where the train loss of a neural network decreases much earlier than its test loss',
  },
  'Provable Scaling Laws of Feature Emergence from Learning Dynamics of Grokking': {
    description: '1 author · Sep 25, 2025',
    abstractOpening: 'While the phenomenon of grokking, i.e., delayed generalization, has been studied extensively',
  },
};

const MARKUP_TITLE = 'Escaping <b>bold</b> markup in paper titles';
const MARKUP_ABSTRACT = 'This abstract carries markup that must stay text: <img src=x onerror=alert(1)> and <script>alert(2)</script> are shown as written, never run.';
/** A Hugging Face Daily Papers page in the layout of test/fixtures/seeds/001_*.txt, whose title and abstract hold HTML. */
const MARKUP_PAGE = [
  'new',
  '',
  'Get trending papers in your email inbox!',
  '',
  'Subscribe',
  '',
  'Daily Papers',
  '',
  'byAK and the research community',
  '',
  'Jan 10',
  '',
  MARKUP_TITLE,
  '',
  MARKUP_ABSTRACT,
  '',
  '  • 2 authors',
  '·',
  'Jan 9, 2025',
  '',
].join('\n');

/**
 * Run in every frame inside the workbench (the webviews) before its own scripts: records in `__paperShelfTrap`
 * every alert() call, every <img> and every <script> mentioning alert added to the document, and every
 * content security violation.
 */
const TRAP_SCRIPT = `(() => {
  // Frames only: the workbench's own page needs no trap and would pay for the observer.
  if (window === window.top) return;
  window.__paperShelfTrap = [];
  const record = (entry) => window.__paperShelfTrap.push(entry);
  window.alert = (message) => record('alert(' + String(message) + ')');
  const onViolation = (event) => record('csp ' + event.violatedDirective + ': ' + event.blockedURI);
  const inspect = (element) => {
    if (element.nodeName === 'IMG' || (element.nodeName === 'SCRIPT' && /alert/.test(element.textContent))) record('added <' + element.nodeName.toLowerCase() + '>');
  };
  const observer = new MutationObserver((mutations) => {
    for (const mutation of mutations) {
      for (const node of mutation.addedNodes) {
        if (node.nodeType !== 1) continue;
        inspect(node);
        node.querySelectorAll('img, script').forEach(inspect);
      }
    }
  });
  // A webview's page is written into the frame after it loads, and the listener and observer set here do not survive that: re-arm them on each new <html>.
  let watched = null;
  const watch = () => {
    if (document.documentElement === watched) return;
    watched = document.documentElement;
    document.addEventListener('securitypolicyviolation', onViolation);
    observer.disconnect();
    observer.observe(document, { childList: true, subtree: true });
    if (watched) watched.querySelectorAll('img, script').forEach(inspect);
  };
  watch();
  setInterval(watch, 5);
})();`;

/** README images are written only on request, so a normal test run leaves docs/ as committed. */
const README_SHOTS = process.env.PAPER_SHELF_README_SHOTS === '1';
const README_SHOT_MAX_BYTES = 200 * 1024;

/** Size of the workbench in the README's image of the editors: smaller than the tests' 1400x900 to keep the PNG under 200 KB. */
const README_EDITORS_VIEWPORT = { width: 1100, height: 700 };

/** Resizes the page and waits until the workbench, and the webview drawn over it, are laid out for the new size. */
async function resizeWorkbench(page: Page, size: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(size);
  await waitFor(async () => {
    const box = await page.locator('.monaco-workbench').boundingBox();
    return box !== null && Math.round(box.width) === size.width && Math.round(box.height) === size.height;
  }, `the workbench to fill ${size.width}x${size.height}`);
  const webviews = page.locator('iframe.webview.ready');
  await waitFor(async () => {
    const editors = await page.locator('.part.editor').boundingBox();
    if (!editors) return false;
    for (const box of await Promise.all((await webviews.all()).map((webview) => webview.boundingBox()))) {
      if (box && (box.x + box.width > editors.x + editors.width + 1 || box.y + box.height > editors.y + editors.height + 1)) return false;
    }
    return true;
  }, 'the abstract panel to fit the resized editor area');
}

function readmeImage(name: string): string {
  const file = path.join(repoRoot, 'docs', `${name}.png`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return file;
}

function assertReadmeImageSize(file: string): void {
  assert.ok(fs.statSync(file).size < README_SHOT_MAX_BYTES, `${file} is ${fs.statSync(file).size} bytes`);
}

/** Saves docs/<name>.png (only when PAPER_SHELF_README_SHOTS=1): the activity bar and side bar, between title bar and status bar. */
async function readmeShotOfSideBar(page: Page, name: string): Promise<void> {
  if (!README_SHOTS) return;
  const sideBar = await page.locator('.part.sidebar').boundingBox();
  assert.ok(sideBar, 'the side bar is on screen');
  const file = readmeImage(name);
  await page.screenshot({ path: file, clip: { x: 0, y: sideBar.y, width: Math.round(sideBar.x + sideBar.width), height: sideBar.height } });
  assertReadmeImageSize(file);
}

/**
 * Saves docs/<name>.png (only when PAPER_SHELF_README_SHOTS=1): the workbench without its side bar at
 * README_EDITORS_VIEWPORT, then puts side bar and size back as the tests had them.
 */
async function readmeShotOfEditors(page: Page, name: string): Promise<void> {
  if (!README_SHOTS) return;
  const testSize = page.viewportSize();
  assert.ok(testSize, 'the page has a fixed viewport');
  const sideBar = page.locator('.part.sidebar');
  const toggleSideBar = async (state: 'visible' | 'hidden') => {
    await runCommand(page, 'View: Toggle Primary Side Bar Visibility');
    await sideBar.waitFor({ state });
  };
  const file = readmeImage(name);
  await toggleSideBar('hidden');
  await resizeWorkbench(page, README_EDITORS_VIEWPORT);
  try {
    await parkPointer(page);
    await page.screenshot({ path: file });
  } finally {
    await resizeWorkbench(page, testSize);
    await toggleSideBar('visible');
  }
  assertReadmeImageSize(file);
}

interface CliTopic {
  label: string;
  count: number;
  papers: { title: string; date: string | null }[];
}

/** The topics the extension shows for a folder: the same core the CLI runs, over the same files. */
function topicsOf(papersDir: string): CliTopic[] {
  const json = execFileSync(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), 'topics', '--json', papersDir], { encoding: 'utf8' });
  return (JSON.parse(json) as { topics: CliTopic[] }).topics;
}

function topicOf(papersDir: string, title: string): CliTopic {
  const topic = topicsOf(papersDir).find((t) => t.papers.some((p) => p.title === title));
  if (!topic) throw new Error(`no topic of ${papersDir} holds "${title}"`);
  return topic;
}

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** The tree's label for a month `YYYY-MM`, e.g. "2026 · February". */
function monthRowLabel(month: string): string {
  return `${month.slice(0, 4)} · ${MONTH_NAMES[Number(month.slice(5, 7)) - 1]}`;
}

function papersTree(page: Page): Locator {
  return page.locator('.part.sidebar [role="tree"][aria-label="Papers"]');
}

/** Opens the Paper Shelf side bar unless it is already showing (a click on its icon would close it). */
async function showPapersView(page: Page): Promise<void> {
  if (!(await papersTree(page).isVisible())) await activityBarItem(page, 'Paper Shelf').click();
  await papersTree(page).locator('.monaco-list-row').first().waitFor({ state: 'visible' });
}

/** A row of the Papers tree whose label is exactly `label`. */
function exactTreeRow(page: Page, label: string): Locator {
  return treeRow(page, label).filter({ has: page.locator('.label-name').getByText(label, { exact: true }) }).first();
}

async function expand(row: Locator, label: string): Promise<void> {
  await row.waitFor({ state: 'visible' });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  await waitFor(async () => (await row.getAttribute('aria-expanded')) === 'true', `the tree row "${label}" to expand`);
}

async function collapseAll(page: Page): Promise<void> {
  // The view's title bar and its (hidden) pane header both carry the action.
  await page.locator('.part.sidebar a.action-label[aria-label="Collapse All"]').filter({ visible: true }).first().click();
  await waitFor(async () => (await visibleTreeRows(page)).every((row) => row.level === 1 && row.expanded === false), 'every topic to be collapsed');
}

/**
 * Collapses the Papers tree, then expands it from a topic through a month to a paper and returns the
 * paper's row; starting collapsed keeps every row it needs on screen (the tree draws only those).
 */
async function expandToPaper(page: Page, topic: string, month: string, title: string): Promise<Locator> {
  await showPapersView(page);
  await collapseAll(page);
  const topicRow = exactTreeRow(page, topic);
  await expand(topicRow, topic);
  const monthRow = papersTree(page).locator('.monaco-list-row', { has: page.locator('.label-name').getByText(month, { exact: true }) }).first();
  await expand(monthRow, month);
  const paperRow = exactTreeRow(page, title);
  await paperRow.waitFor({ state: 'visible' });
  return paperRow;
}

interface TreeRowTexts {
  label: string;
  description: string;
  level: number;
  expanded: boolean | null;
}

/** The rows the Papers tree shows, top to bottom: label, description, depth and whether expanded (null for a leaf). */
async function visibleTreeRows(page: Page): Promise<TreeRowTexts[]> {
  type Row = { getAttribute(name: string): string | null; querySelector(selector: string): { textContent: string | null } | null };
  return papersTree(page)
    .locator('.monaco-list-row')
    .evaluateAll((rows) =>
      (rows as unknown as Row[])
        // Rows are recycled as the list scrolls, so DOM order need not be screen order.
        .sort((a, b) => Number(a.getAttribute('data-index')) - Number(b.getAttribute('data-index')))
        .map((row) => ({
          label: (row.querySelector('.label-name')?.textContent ?? '').trim(),
          description: (row.querySelector('.label-description')?.textContent ?? '').trim(),
          level: Number(row.getAttribute('aria-level')),
          expanded: row.getAttribute('aria-expanded') === null ? null : row.getAttribute('aria-expanded') === 'true',
        })),
    );
}

/** True when the row's label and description both fit: nothing cut off by an ellipsis. */
async function showsWholeText(row: Locator): Promise<boolean> {
  return row
    .locator('.monaco-icon-label-container')
    .first()
    .evaluate((element) => {
      const box = element as unknown as { scrollWidth: number; clientWidth: number };
      return box.scrollWidth <= box.clientWidth;
    });
}

/** Drags the side bar's edge to make it `width` pixels wide, runs `body`, then drags it back. */
async function withSideBarWidth(page: Page, width: number, body: () => Promise<void>): Promise<void> {
  const sideBar = page.locator('.part.sidebar');
  const dragEdgeTo = async (targetWidth: number): Promise<void> => {
    const box = await sideBar.boundingBox();
    assert.ok(box, 'the side bar is on screen');
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + box.width, y);
    await page.mouse.down();
    await page.mouse.move(box.x + targetWidth, y, { steps: 5 });
    await page.mouse.up();
    await waitFor(async () => Math.abs(((await sideBar.boundingBox())?.width ?? 0) - targetWidth) <= 4, `the side bar to be ${targetWidth} px wide`);
  };
  const original = (await sideBar.boundingBox())?.width;
  assert.ok(original, 'the side bar is on screen');
  await dragEdgeTo(width);
  try {
    await body();
  } finally {
    await dragEdgeTo(original);
  }
}

/** What a row of the tree shows: its label and its grey description. */
async function rowTexts(row: Locator): Promise<{ label: string; description: string }> {
  return {
    label: ((await row.locator('.label-name').first().textContent()) ?? '').trim(),
    description: ((await row.locator('.label-description').first().textContent()) ?? '').trim(),
  };
}

/** Waits until the abstract panel shows `title` and returns its heading and first abstract paragraph. */
async function shownAbstract(page: Page, title: string): Promise<{ heading: string; abstract: string }> {
  const panel = webviewContent(page);
  await panel.locator('#paper-title').getByText(title, { exact: true }).waitFor({ state: 'visible' });
  return {
    heading: (await panel.locator('#paper-title').textContent()) ?? '',
    abstract: (await panel.locator('#paper-abstract p').first().textContent()) ?? '',
  };
}

/** The editor group holding a tab whose label contains `label`. */
function groupWithTab(page: Page, label: string): Locator {
  return page.locator('.part.editor .editor-group-container', { has: page.locator('.tabs-container .tab .label-name', { hasText: label }) });
}

/** Asserts the panel's tab sits in an editor group right of the group holding the text editor `editorTab`. */
async function assertPanelBeside(page: Page, editorTab: string, panelTab: string): Promise<void> {
  const editorGroup = await groupWithTab(page, editorTab).boundingBox();
  const panelGroup = await groupWithTab(page, panelTab).boundingBox();
  assert.ok(editorGroup && panelGroup, `both the editor "${editorTab}" and the panel "${panelTab}" are on screen`);
  assert.ok(panelGroup.x >= editorGroup.x + editorGroup.width - 1, `the panel (x=${panelGroup.x}) is right of the editor (x=${editorGroup.x}, width ${editorGroup.width})`);
}

/** Rests the pointer on the empty middle of the activity bar, where no hover highlights or covers anything. */
async function parkPointer(page: Page): Promise<void> {
  const activityBar = await page.locator('.part.activitybar').boundingBox();
  assert.ok(activityBar, 'the activity bar is on screen');
  await page.mouse.move(activityBar.x + activityBar.width / 2, activityBar.y + activityBar.height * 0.6);
}

describe('Browsing the sample corpus in the browser: tree, search, abstract panel, notes', function () {
  this.timeout(240_000);
  let workbench: Workbench | undefined;
  let papersDir: string;
  let superlinearTopic: { label: string; count: number };

  before(async () => {
    workbench = await openWorkbench();
    papersDir = path.join(workbench.workspace, 'papers');
    superlinearTopic = topicOf(papersDir, SUPERLINEAR.title);
  });
  after(async () => {
    await workbench?.close();
  });
  screenshotEachTest(() => workbench?.page, 'e2e-browse');

  it('expands a topic, then a month, down to a paper row that reads its title and "Zhang et al. · Feb 5, 2026" in full in a wide side bar', async () => {
    const page = workbench!.page;
    await showPapersView(page);
    await withSideBarWidth(page, 980, async () => {
      const paperRow = await expandToPaper(page, superlinearTopic.label, SUPERLINEAR.month, SUPERLINEAR.title);

      assert.deepStrictEqual(await rowTexts(exactTreeRow(page, superlinearTopic.label)), { label: superlinearTopic.label, description: String(superlinearTopic.count) });
      assert.deepStrictEqual(await rowTexts(paperRow), { label: SUPERLINEAR.title, description: SUPERLINEAR.description });
      assert.ok(await showsWholeText(paperRow), 'the title and its description fit in the row, with no ellipsis');
      assert.strictEqual(await paperRow.getAttribute('aria-label'), `${SUPERLINEAR.title}, ${SUPERLINEAR.description}`);
      // Three levels: the paper sits below its month, which sits below its topic.
      assert.strictEqual(await paperRow.getAttribute('aria-level'), '3');
      await parkPointer(page);
      await screenshot(page, 'browse-tree-expanded-to-paper');
    });
  });

  it('lists the papers of a month newest first, below the month and its topic', async () => {
    const page = workbench!.page;
    // The fullest month of any topic, so the tree shows several papers under it.
    const months = topicsOf(papersDir).flatMap((topic) =>
      [...new Set(topic.papers.flatMap((p) => (p.date ? [p.date.slice(0, 7)] : [])))].map((month) => ({
        topic,
        month,
        papers: topic.papers.filter((p) => p.date?.startsWith(month)),
      })),
    );
    const fullest = months.reduce((best, candidate) => (candidate.papers.length > best.papers.length ? candidate : best));
    assert.ok(fullest.papers.length >= 2, `a month of the sample corpus holds several papers of one topic (${JSON.stringify(fullest)})`);
    const newestFirst = [...fullest.papers].sort((a, b) => (a.date === b.date ? a.title.localeCompare(b.title) : a.date! < b.date! ? 1 : -1));
    const monthLabel = monthRowLabel(fullest.month);

    await showPapersView(page);
    await withSideBarWidth(page, 1080, async () => {
      await expandToPaper(page, fullest.topic.label, monthLabel, newestFirst[0].title);
      const rows = await visibleTreeRows(page);
      const topicAt = rows.findIndex((row) => row.level === 1 && row.label === fullest.topic.label);
      const monthAt = rows.findIndex((row, index) => index > topicAt && row.level === 2 && row.label === monthLabel);
      assert.ok(topicAt >= 0 && monthAt > topicAt, JSON.stringify(rows));
      assert.deepStrictEqual(rows[topicAt], { label: fullest.topic.label, description: String(fullest.topic.count), level: 1, expanded: true });
      assert.deepStrictEqual(rows[monthAt], { label: monthLabel, description: String(fullest.papers.length), level: 2, expanded: true });
      assert.deepStrictEqual(
        rows.slice(monthAt + 1, monthAt + 1 + newestFirst.length).map((row) => ({ label: row.label, level: row.level })),
        newestFirst.map((paper) => ({ label: paper.title, level: 3 })),
      );
      // The paper rows end where the next month of the topic begins.
      assert.notStrictEqual(rows[monthAt + 1 + newestFirst.length]?.level, 3);
      await parkPointer(page);
      await screenshot(page, 'browse-tree-month-newest-first');
      await readmeShotOfSideBar(page, 'tree-by-topic');
    });
  });

  it('shows the abstract of a paper clicked in the Papers tree in the panel beside the editor', async () => {
    const page = workbench!.page;
    await openFile(page, 'papers/000_dcb950095772cd83.txt');
    const paperRow = await expandToPaper(page, superlinearTopic.label, SUPERLINEAR.month, SUPERLINEAR.title);
    await paperRow.click();

    const shown = await shownAbstract(page, SUPERLINEAR.title);
    assert.strictEqual(shown.heading, SUPERLINEAR.title);
    assert.ok(shown.abstract.startsWith(SUPERLINEAR.abstractOpening), shown.abstract);
    assert.strictEqual(await webviewContent(page).locator('#paper-authors').textContent(), SUPERLINEAR.authors);
    const tab = page.locator('.part.editor .tab', { has: page.locator('.label-name', { hasText: SUPERLINEAR.tabTitle }) });
    assert.strictEqual((await tab.locator('.label-name').textContent())?.trim(), SUPERLINEAR.tabTitle);
    await assertPanelBeside(page, '000_dcb950095772cd83.txt', SUPERLINEAR.tabTitle);
    await parkPointer(page);
    await screenshot(page, 'browse-abstract-from-tree');
  });

  it('searches from F1 "Paper Shelf: Search Papers": typing "grokking" lists both grokking papers, Enter shows the first one\'s abstract', async () => {
    const page = workbench!.page;
    const palette = await openCommandPalette(page);
    await page.keyboard.type('Paper Shelf: Search Papers');
    const focused = palette.locator('.quick-input-list .monaco-list-row.focused .quick-input-list-row .label-name').first();
    await waitFor(async () => (await focused.textContent())?.trim() === 'Paper Shelf: Search Papers', 'the palette to focus "Paper Shelf: Search Papers"');
    await page.keyboard.press('Enter');

    const picker = quickInput(page);
    await picker.locator('.quick-input-title', { hasText: 'Search Papers' }).waitFor({ state: 'visible' });
    await page.keyboard.type('grokking');
    const expected = Object.keys(GROKKING_PAPERS).sort();
    let listed: QuickPickItemTexts[] = [];
    const items = await waitFor(async () => {
      listed = await quickPickItems(page);
      return JSON.stringify(listed.map((item) => item.label).sort()) === JSON.stringify(expected) ? listed : undefined;
    }, `the quick pick to list exactly ${expected.join(' and ')}`).catch((error: Error) => {
      throw new Error(`${error.message}; it lists ${JSON.stringify(listed)}`);
    });
    assert.strictEqual(await picker.locator('.quick-input-box input').inputValue(), 'grokking');
    for (const item of items) {
      const paper = GROKKING_PAPERS[item.label];
      assert.strictEqual(item.description, paper.description, item.label);
      // The detail line: the paper's topic, then the opening of its abstract (cut short by the row).
      const detailOpening = `${topicOf(papersDir, item.label).label} — ${paper.abstractOpening.slice(0, 60)}`;
      assert.ok(item.detail.startsWith(detailOpening), `${item.detail} starts with ${detailOpening}`);
    }
    await parkPointer(page);
    await screenshot(page, 'browse-search-grokking-results');

    const first = items[0].label;
    const focusedLabel = picker.locator('.quick-input-list .monaco-list-row.focused .quick-input-list-row .label-name').first();
    await waitFor(async () => (await focusedLabel.textContent())?.trim() === first, `"${first}" to be the focused result`);
    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'hidden' });
    const shown = await shownAbstract(page, first);
    assert.strictEqual(shown.heading, first);
    assert.ok(shown.abstract.startsWith(GROKKING_PAPERS[first].abstractOpening), shown.abstract);
    await parkPointer(page);
    await screenshot(page, 'browse-search-grokking-abstract');
  });

  it('opens notes/zhang2026superlinear.md from the tree\'s context menu with the template text, the abstract beside it', async () => {
    const page = workbench!.page;
    // From a clean editor area, so the note and the panel are the only editors.
    await runCommand(page, 'View: Close All Editors');
    await page.locator('.part.editor .tabs-container .tab').first().waitFor({ state: 'detached' });
    const paperRow = await expandToPaper(page, superlinearTopic.label, SUPERLINEAR.month, SUPERLINEAR.title);
    await paperRow.click({ button: 'right' });
    const openNotes = page.locator('.context-view .monaco-menu .action-item', { has: page.locator('.action-label', { hasText: /^Open Notes$/ }) });
    // A click that lands as the menu opens is ignored; one on the item under the pointer is not.
    await openNotes.hover();
    await waitFor(async () => (await openNotes.getAttribute('class'))?.split(' ').includes('focused'), 'the pointer to highlight "Open Notes"');
    await openNotes.click();
    await page.locator('.context-view .monaco-menu').waitFor({ state: 'hidden' });

    const noteName = `${SUPERLINEAR.citationKey}.md`;
    await page.locator('.part.editor .tabs-container .tab.active', { hasText: noteName }).waitFor({ state: 'visible' });
    const noteFile = path.join(workbench!.workspace, 'notes', noteName);
    const note = await waitFor(() => (fs.existsSync(noteFile) ? fs.readFileSync(noteFile, 'utf8') : undefined), `${noteFile} to be written`);
    const noteHeader = [
      '---',
      `title: "${SUPERLINEAR.title}"`,
      'authors:',
      '  - "Yikuan Zhang"',
      '  - "Ning Yang"',
      '  - "Y. Tu"',
      'date: 2026-02-05',
      `citekey: "${SUPERLINEAR.citationKey}"`,
      `topic: "${superlinearTopic.label}"`,
      '---',
      '',
      `# ${SUPERLINEAR.title}`,
      '',
      SUPERLINEAR.authors,
      '',
      `> ${SUPERLINEAR.abstractOpening}`,
    ].join('\n');
    assert.ok(note.startsWith(noteHeader), note);
    assert.ok(note.endsWith('\n\n## Notes\n\n'), note);

    // The editor shows part of that text (a new note is scrolled to its end), wrapped where the editor wraps it.
    const squeeze = (text: string) => text.replace(/\s+/g, '');
    const visible = await waitFor(async () => {
      const text = await activeEditorText(page);
      return text.includes('## Notes') ? text : undefined;
    }, 'the note to show "## Notes" in the editor');
    assert.ok(squeeze(note).includes(squeeze(visible)), visible);

    // The abstract opens beside the note; only then is the note's cursor revealed, so scroll after it.
    const shown = await shownAbstract(page, SUPERLINEAR.title);
    assert.ok(shown.abstract.startsWith(SUPERLINEAR.abstractOpening), shown.abstract);

    // Scrolled to its top, the note shows its front matter and heading first.
    await page.locator('.part.editor .editor-group-container.active .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Home');
    const top = await waitFor(async () => {
      const text = await activeEditorText(page);
      return text.startsWith('---') ? text : undefined;
    }, 'the note to show its first line');
    assert.ok(squeeze(top).startsWith(squeeze(noteHeader)), top);
    await assertPanelBeside(page, noteName, SUPERLINEAR.tabTitle);
    await parkPointer(page);
    await screenshot(page, 'browse-note-beside-abstract');
    await readmeShotOfEditors(page, 'abstract-beside-note');
  });
});

describe('A corpus page with HTML in its title and abstract, in the browser', function () {
  this.timeout(240_000);
  let workbench: Workbench | undefined;
  let workspace: string | undefined;
  const dialogs: string[] = [];
  const alertConsole: string[] = [];

  before(async () => {
    workspace = createSampleWorkspace();
    // The page is in place before the workbench starts, as a file the user had saved earlier.
    fs.writeFileSync(path.join(workspace, 'papers', '005_markup.txt'), MARKUP_PAGE);
    workbench = await openWorkbench({ workspace });
    const page = workbench.page;
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => undefined);
    });
    page.on('console', (message) => {
      if (/alert/i.test(message.text())) alertConsole.push(message.text());
    });
    // Every frame created from now on (the webview's among them) sets the trap before its own scripts run.
    await page.addInitScript(TRAP_SCRIPT);
  });
  after(async () => {
    await workbench?.close();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });
  screenshotEachTest(() => workbench?.page, 'e2e-browse-markup');

  it('shows <img onerror> and <script> from an abstract as literal text: no element made from them, no alert', async () => {
    const page = workbench!.page;
    await page.keyboard.press('Control+Alt+Shift+P');
    const picker = quickInput(page);
    await picker.locator('.quick-input-title', { hasText: 'Search Papers' }).waitFor({ state: 'visible' });
    await page.keyboard.type('escaping markup');
    const row = picker.locator('.quick-input-list .monaco-list-row', { has: page.locator('.label-name').getByText(MARKUP_TITLE, { exact: true }) }).first();
    await row.waitFor({ state: 'visible' });
    await row.click();

    const panel = webviewContent(page);
    const shown = await shownAbstract(page, MARKUP_TITLE);
    assert.strictEqual(shown.heading, MARKUP_TITLE);
    assert.strictEqual(shown.abstract, MARKUP_ABSTRACT);
    assert.strictEqual(await panel.locator('#paper-title b').count(), 0, 'no <b> element in the title');
    assert.strictEqual(await panel.locator('img').count(), 0, 'no <img> element in the page');
    const scripts = await panel.locator('script').evaluateAll((elements) => elements.map((element) => element.textContent ?? ''));
    assert.deepStrictEqual(scripts.filter((text) => text.includes('alert')), [], 'no script element holds the corpus text');
    assert.strictEqual(await panel.locator('#paper-abstract script, #paper-abstract *:not(p)').count(), 0, 'the abstract holds paragraphs only');
    const trapped = () => panel.locator('html').evaluate(() => (globalThis as { __paperShelfTrap?: string[] }).__paperShelfTrap ?? null);
    assert.deepStrictEqual(await trapped(), [], 'the panel page called no alert(), got no <img> or alert <script>, and broke no content security rule');
    assert.deepStrictEqual(dialogs, []);
    assert.deepStrictEqual(alertConsole, []);
    const tab = page.locator('.part.editor .tab', { has: page.locator('.label-name', { hasText: 'Escaping <b>bold</b>' }) });
    await tab.waitFor({ state: 'visible' });
    // The Papers tree shows the title as written too.
    const markupRow = await expandToPaper(page, topicOf(path.join(workspace!, 'papers'), MARKUP_TITLE).label, '2025 · January', MARKUP_TITLE);
    assert.deepStrictEqual(await rowTexts(markupRow), { label: MARKUP_TITLE, description: '2 authors · Jan 9, 2025' });
    assert.strictEqual(await markupRow.locator('b').count(), 0, 'no <b> element in the tree row');
    await parkPointer(page);
    await screenshot(page, 'browse-markup-abstract-as-text');

    // The trap works: an image added to the panel page by hand is blocked and recorded, as an injected one would have been.
    await panel.locator('body').evaluate((body) => {
      const doc = (body as unknown as { ownerDocument: { createElement(tag: string): { src: string; id: string } } }).ownerDocument;
      const probe = doc.createElement('img');
      probe.id = 'trap-probe';
      probe.src = 'x';
      (body as unknown as { append(node: unknown): void }).append(probe);
    });
    let entries: string[] | null = null;
    const recorded = await waitFor(async () => {
      entries = await trapped();
      return entries && entries.length >= 2 ? entries : undefined;
    }, 'the trap to record the probe image and its blocked load').catch((error: Error) => {
      throw new Error(`${error.message}; it recorded ${JSON.stringify(entries)}`);
    });
    assert.deepStrictEqual(recorded.map((entry) => entry.split(':')[0]).sort(), ['added <img>', 'csp img-src']);
    await panel.locator('#trap-probe').evaluate((probe) => (probe as unknown as { remove(): void }).remove());
  });
});
