import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Workbench, activityBarItem, notificationTexts, openWorkbench, quickInput, quickPickLabels, runCommand, screenshotEachTest, waitFor, webviewContent } from './harness';

/** A Hugging Face Daily Papers page of one paper, in the layout of the seed pages, as a researcher would copy it. */
const COPIED_PAGE = [
  'Daily Papers',
  '',
  'byAK and the research community',
  '',
  'Mar 3',
  '',
  'Marginalia as Training Signal for Reading Assistants',
  '',
  'Handwritten notes in the margins of papers tell a reading assistant which passages a researcher found hard.',
  '',
  '  • 2 authors',
  '·',
  'Mar 2, 2026 4',
  '',
].join('\n');

const SEED_FILES = ['000_dcb950095772cd83.txt', '001_82683aa955ecf6b3.txt', '002_e66b183b05945700.txt', '003_203764438dbd6878.txt', '004_4f62d7060283d739.txt'];

describe('Paper Shelf in a workspace with no papers yet', function () {
  this.timeout(180_000);
  let workbench: Workbench | undefined;
  let workspace = '';

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'paper-shelf-empty-'));
    // A file of the user's own, so the Explorer has a row to show once the workbench is ready.
    fs.writeFileSync(path.join(workspace, 'notes.md'), '# Reading notes\n');
    workbench = await openWorkbench({ workspace });
  });
  after(async () => {
    await workbench?.close();
    fs.rmSync(workspace, { recursive: true, force: true });
  });
  screenshotEachTest(() => workbench?.page, 'e2e-empty');

  it('shows what Paper Shelf reads and three ways to start, as buttons in the Papers view', async () => {
    const page = workbench!.page;
    await activityBarItem(page, 'Paper Shelf').click();
    const welcome = page.locator('.part.sidebar .welcome-view-content');
    await welcome.waitFor({ state: 'visible' });
    const text = await waitFor(async () => {
      const shown = (await welcome.textContent()) ?? '';
      return shown.includes('No papers yet.') ? shown : undefined;
    }, 'the welcome text of the empty Papers view');
    // Welcome views show Markdown links as buttons but code spans as raw backticks, so the text has none.
    assert.match(text, /reads pages copied from Hugging Face Daily Papers or an institute's publication list, and your \.bib or CSL-JSON files, from the papers\/ folder of your workspace\./);
    const buttons = (await welcome.locator('.monaco-button').allTextContents()).map((label) => label.trim());
    assert.deepStrictEqual(buttons, ['Import from Clipboard', 'Choose Corpus Folder…', 'Open Sample Corpus']);
  });

  it('fills the tree with the 96 sample papers from papers/sample when Open Sample Corpus is clicked', async () => {
    const page = workbench!.page;
    await page.locator('.part.sidebar .welcome-view-content .monaco-button', { hasText: 'Open Sample Corpus' }).click();
    const topLevel = page.locator('.part.sidebar [role="tree"][aria-label="Papers"] .monaco-list-row[aria-level="1"]');
    // Each top-level group shows its paper count; together they hold the whole sample, in several topics
    // (a topic model kept from the empty workspace once sent all 96 to Other).
    const groups = await waitFor(async () => {
      const labels = await topLevel.locator('.label-name').allTextContents();
      const counts = (await topLevel.locator('.label-description').allTextContents()).map(Number);
      return labels.length >= 3 && counts.reduce((sum, n) => sum + n, 0) === 96 ? labels : undefined;
    }, 'several topics in the Papers tree holding 96 papers');
    assert.ok(groups.includes('Other') ? groups.length >= 4 : groups.length >= 3, `topics: ${groups.join(', ')}`);
    assert.strictEqual(await page.locator('.part.sidebar .welcome-view-content').first().isVisible(), false, 'the welcome text is gone');
    assert.deepStrictEqual(fs.readdirSync(path.join(workspace, 'papers', 'sample')).sort(), SEED_FILES);
    assert.deepStrictEqual(fs.readFileSync(path.join(workspace, 'notes.md'), 'utf8'), '# Reading notes\n', 'the user\'s own file is untouched');
  });

  it('imports a page copied to the clipboard into papers/, and shows its paper', async () => {
    const page = workbench!.page;
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(workbench!.url).origin });
    // Run in the page, where the workbench reads the clipboard from.
    await page.evaluate(`navigator.clipboard.writeText(${JSON.stringify(COPIED_PAGE)})`);
    await runCommand(page, 'Paper Shelf: Import from Clipboard');
    const message = await waitFor(async () => (await notificationTexts(page)).find((text) => text.startsWith('Imported ')), 'the import to be reported');
    assert.match(message, /^Imported 1 paper into papers\/hf-daily-papers-2026-03-03\.txt\.$/);
    assert.strictEqual(fs.readFileSync(path.join(workspace, 'papers', 'hf-daily-papers-2026-03-03.txt'), 'utf8'), COPIED_PAGE);
    const topLevel = page.locator('.part.sidebar [role="tree"][aria-label="Papers"] .monaco-list-row[aria-level="1"] .label-description');
    await waitFor(async () => (await topLevel.allTextContents()).map(Number).reduce((sum, n) => sum + n, 0) === 97, 'the Papers tree to hold 97 papers');
  });

  it('shows the imported paper\'s abstract from a search, and shows it again after the window reloads', async () => {
    const page = workbench!.page;
    const title = 'Marginalia as Training Signal for Reading Assistants';
    await runCommand(page, 'Paper Shelf: Search Papers');
    await quickInput(page).locator('.quick-input-title', { hasText: 'Search Papers' }).waitFor({ state: 'visible' });
    await page.keyboard.type('marginalia');
    await waitFor(async () => (await quickPickLabels(page))[0] === title, `the search to list "${title}" first`);
    const focused = quickInput(page).locator('.quick-input-list .monaco-list-row.focused .quick-input-list-row .label-name').first();
    await waitFor(async () => (await focused.textContent())?.trim() === title, `"${title}" to be the focused result`);
    await page.keyboard.press('Enter');
    await quickInput(page).waitFor({ state: 'hidden' });
    const heading = webviewContent(page).locator('#paper-title').getByText(title, { exact: true });
    await heading.waitFor({ state: 'visible' });
    // As a researcher reloads: the workbench saves its editors first (reloading the browser page may not).
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await runCommand(page, 'Developer: Reload Window');
    await reloaded;
    // The new page's panel comes back by itself, its serializer reopening the paper it showed.
    await heading.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match((await webviewContent(page).locator('#paper-abstract p').first().textContent()) ?? '', /^Handwritten notes in the margins of papers/);
  });
});

describe('Choose Corpus Folder in a workspace with no papers yet', function () {
  this.timeout(180_000);
  let workbench: Workbench | undefined;
  let workspace = '';
  let library = '';
  const seed = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'seeds', SEED_FILES[0]);

  before(async () => {
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'paper-shelf-choose-'));
    fs.writeFileSync(path.join(workspace, 'notes.md'), '# Reading notes\n');
    // A folder of pages outside the workspace, as a researcher keeps a library; its subfolder tells the folder dialog has opened it.
    library = fs.mkdtempSync(path.join(os.tmpdir(), 'paper-shelf-library-'));
    fs.mkdirSync(path.join(library, 'archive'));
    fs.copyFileSync(seed, path.join(library, 'daily-papers.txt'));
    workbench = await openWorkbench({ workspace });
  });
  after(async () => {
    await workbench?.close();
    fs.rmSync(workspace, { recursive: true, force: true });
    fs.rmSync(library, { recursive: true, force: true });
  });
  screenshotEachTest(() => workbench?.page, 'e2e-choose-folder');

  function corpusPaths(): string[] | undefined {
    const file = path.join(workspace, '.vscode', 'settings.json');
    if (!fs.existsSync(file)) return undefined;
    try {
      return (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string[]>)['paperShelf.corpus.paths'];
    } catch {
      return undefined;
    }
  }

  it('adds the folder picked to the workspace\'s corpus paths and shows its papers', async () => {
    const page = workbench!.page;
    await activityBarItem(page, 'Paper Shelf').click();
    await page.locator('.part.sidebar .welcome-view-content .monaco-button', { hasText: 'Choose Corpus Folder…' }).click();
    // The workbench's own folder dialog: it opens on the workspace; the library's path is typed in.
    const dialog = quickInput(page);
    const input = dialog.locator('input');
    // Typed into too early, the path is replaced by the workspace's once the dialog has listed it.
    await waitFor(
      async () => (await input.inputValue()) === `${workspace}/` && JSON.stringify(await quickPickLabels(page)) === JSON.stringify(['..']),
      'the folder dialog to list the workspace',
    );
    await input.fill(`${library}/`);
    await waitFor(async () => JSON.stringify(await quickPickLabels(page)) === JSON.stringify(['..', 'archive']), 'the folder dialog to list the library');
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'hidden' });
    await waitFor(async () => JSON.stringify(corpusPaths()) === JSON.stringify([library]), 'the workspace settings to name the library');
    const counts = page.locator('.part.sidebar [role="tree"][aria-label="Papers"] .monaco-list-row[aria-level="1"] .label-description');
    await waitFor(async () => (await counts.allTextContents()).map(Number).reduce((sum, n) => sum + n, 0) === 10, 'the Papers tree to hold the page\'s 10 papers');
    assert.deepStrictEqual(fs.readdirSync(library).sort(), ['archive', 'daily-papers.txt'], 'nothing is written into the library');
    assert.ok(fs.readFileSync(path.join(library, 'daily-papers.txt')).equals(fs.readFileSync(seed)), 'the page is untouched');
  });
});
