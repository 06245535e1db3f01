import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { createSampleWorkspace } from '../host/workspace';
import { Workbench, openWorkbench, quickInput, screenshot, screenshotEachTest, waitFor } from './harness';

const LIBRARY = '@article{dunkel2026collective,\n  author = {Tripathi, Ashutosh and Dunkel, J{\\"o}rn and Skinner, D.},\n  title = {Collective is Different: Information Exchange and Speed--Accuracy Trade-offs in Self-Organized Patterning},\n  journal = {Physical Review {X}},\n  year = 2026,\n}\n';
const PAPER = '\\documentclass{article}\n\\usepackage[backend=biber,style=authoryear]{biblatex}\n\\addbibresource{library.bib}\n\\begin{document}\nNoise follows curvature ';
const NOTE = '---\ntitle: Reading notes\nbibliography: refs.bib\n---\n\n# SGD noise\n\nThe noise covariance is not the Hessian';

/** The text of the only text editor (the note; the panel beside is a webview), lines in screen order, spaces as shown. */
async function noteText(page: Page): Promise<string> {
  const lines = await page
    .locator('.part.editor .monaco-editor .view-lines')
    .first()
    .locator('.view-line')
    .evaluateAll((elements) =>
      (elements as unknown as { textContent: string | null; style: { top: string } }[]).map((line) => ({ top: parseFloat(line.style.top), text: line.textContent ?? '' })),
    );
  return lines
    .sort((a, b) => a.top - b.top)
    .map((line) => line.text.replace(/\u00a0/g, ' '))
    .join('\n');
}

/** Opens a workspace file with Quick Open and puts the cursor at its end. */
async function openAtEnd(page: Page, fileName: string): Promise<void> {
  await page.keyboard.press('Control+P');
  const picker = quickInput(page);
  await picker.waitFor({ state: 'visible' });
  await picker.locator('.quick-input-box input').fill(fileName);
  await picker.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ state: 'visible' });
  await page.locator('.part.editor .editor-group-container.active .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+End');
}

describe('Insert Citation from the abstract panel, in the browser', function () {
  this.timeout(240_000);
  let workbench: Workbench | undefined;
  let workspace: string | undefined;

  before(async () => {
    workspace = createSampleWorkspace();
    fs.mkdirSync(path.join(workspace, 'notes'));
    fs.writeFileSync(path.join(workspace, 'notes', 'reading.md'), NOTE);
    fs.mkdirSync(path.join(workspace, 'thesis'));
    fs.writeFileSync(path.join(workspace, 'thesis', 'library.bib'), LIBRARY);
    fs.writeFileSync(path.join(workspace, 'thesis', 'chapter.tex'), PAPER);
    fs.writeFileSync(path.join(workspace, 'notes', 'dropped.md'), '---\nbibliography: refs.bib\n---\n\nDropped here: ');
    // Settings are in place before the workbench starts: a settings.json written later is picked up at an unknown moment.
    fs.mkdirSync(path.join(workspace, '.vscode'));
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'paperShelf.citation.askForLocator': true, 'paperShelf.citation.latexCommand': 'autocite' }));
    workbench = await openWorkbench({ workspace });
  });

  after(async () => {
    await workbench?.close();
    if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
  });

  screenshotEachTest(() => workbench?.page, 'e2e-citations');

  it('cites the paper shown in the panel at the cursor of the note beside it and adds its entry to the note\'s refs.bib', async () => {
    const page = workbench!.page;

    // Open the note and put the cursor at its end, as someone about to cite would.
    await openAtEnd(page, 'reading.md');
    await page.keyboard.type(' ');
    const picker = quickInput(page);

    // Search Papers (its keybinding), pick the paper: its abstract opens beside the note.
    await page.keyboard.press('Control+Alt+Shift+P');
    await picker.waitFor({ state: 'visible' });
    await picker.locator('.quick-input-box input').fill('superlinear noise covariance');
    const hit = picker.locator('.quick-input-list .monaco-list-row', { hasText: 'On the Superlinear Relationship' }).first();
    await hit.waitFor({ state: 'visible' });
    await hit.click();

    const panel = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await panel.locator('#paper-title', { hasText: 'On the Superlinear Relationship between SGD Noise Covariance' }).waitFor({ state: 'visible' });
    const insert = panel.locator('button[data-command="insertCitation"]');
    await waitFor(async () => await insert.isEnabled(), 'the Insert Citation button to be enabled');
    await insert.click();
    // askForLocator is on for this workspace: an empty locator cites the paper without one.
    await picker.locator('.quick-input-title', { hasText: 'Locator' }).waitFor({ state: 'visible' });
    await picker.locator('.quick-input-box input').press('Enter');

    const text = await waitFor(async () => {
      const shown = await noteText(page);
      return shown.includes('[@zhang2026superlinear]') ? shown : undefined;
    }, 'the citation to appear in the note');
    // Markdown wraps long lines by default, so compare the rendered text with line breaks as spaces.
    assert.ok(text.replace(/\s+/g, ' ').endsWith('# SGD noise The noise covariance is not the Hessian [@zhang2026superlinear]'), text);
    const cursor = page.locator('.statusbar-item', { hasText: /^Ln \d+, Col \d+/ }).first();
    await waitFor(async () => (await cursor.textContent())?.includes('Ln 8, Col 64'), 'the cursor to sit right after the citation (Ln 8, Col 64)');
    await page.locator('.notifications-toasts').getByText('Created notes/refs.bib with 1 entry (zhang2026superlinear).').waitFor({ state: 'visible' });
    await screenshot(page, 'citations-insert-from-abstract-panel');

    const bib = await waitFor(() => {
      const file = path.join(workspace!, 'notes', 'refs.bib');
      return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
    }, 'notes/refs.bib to be written');
    assert.match(bib, /^@misc\{zhang2026superlinear,\n  author = \{Yikuan Zhang and Ning Yang and Y\. Tu\},\n/m);
  });

  it('cites two papers picked in the Insert Citation quick pick with a locator, in biblatex syntax, reusing the .bib key', async () => {
    const page = workbench!.page;
    await openAtEnd(page, 'chapter.tex');

    await page.keyboard.press('Control+Alt+Shift+C');
    const picker = quickInput(page);
    await picker.locator('.quick-input-title', { hasText: 'Insert Citation' }).waitFor({ state: 'visible' });
    const input = picker.locator('.quick-input-box input');
    const tick = async (query: string, title: string): Promise<void> => {
      await input.fill(query);
      const row = picker.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
      await row.waitFor({ state: 'visible' });
      await row.getByRole('checkbox').click();
      await waitFor(async () => (await row.getAttribute('aria-checked')) === 'true', `"${title}" to be ticked`);
    };
    await tick('superlinear', 'On the Superlinear Relationship');
    await tick('speed accuracy patterning', 'Collective is different');
    await screenshot(page, 'citations-quick-pick-two-papers');
    await input.press('Enter');

    await picker.locator('.quick-input-title', { hasText: 'Locator' }).waitFor({ state: 'visible' });
    await input.fill('pp. 3-5');
    await input.press('Enter');

    const text = await waitFor(async () => {
      const shown = (await noteText(page)).replace(/\s+/g, ' ');
      return shown.includes('\\autocite') ? shown : undefined;
    }, 'the citation to appear in chapter.tex');
    assert.ok(text.endsWith('Noise follows curvature \\autocite[pp.~3--5]{zhang2026superlinear,dunkel2026collective}'), text);
    await screenshot(page, 'citations-quick-pick-inserted');
    const library = fs.readFileSync(path.join(workspace!, 'thesis', 'library.bib'), 'utf8');
    assert.ok(library.startsWith(LIBRARY), 'the existing entry is untouched');
    assert.match(library.slice(LIBRARY.length), /^\n@preamble\{[^\n]*\}\n\n@misc\{zhang2026superlinear,\n/);
    assert.ok(!library.includes('tripathi2026collective'), 'no second entry for the paper library.bib already has');
  });

  it('cites a paper dragged from the Papers tree into a note, where it is dropped', async () => {
    const page = workbench!.page;
    await openAtEnd(page, 'dropped.md');
    const panel = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await panel.locator('button[data-command="revealInTree"]').click();
    const row = page.locator('.part.sidebar [role="tree"] .monaco-list-row.selected', { hasText: 'On the Superlinear Relationship' });
    await row.waitFor({ state: 'visible' });
    const lastLine = page.locator('.part.editor .editor-group-container', { has: page.locator('.tab.active', { hasText: 'dropped.md' }) }).locator('.view-line', { hasText: 'Dropped here:' });
    const box = await lastLine.boundingBox();
    assert.ok(box);
    await row.dragTo(lastLine, { targetPosition: { x: Math.min(160, box.width / 3), y: box.height / 2 } });
    const text = await waitFor(async () => {
      const shown = (await noteText(page)).replace(/\s+/g, ' ');
      return shown.includes('[@') ? shown : undefined;
    }, 'the dropped citation to appear in dropped.md');
    assert.ok(text.endsWith('Dropped here: [@zhang2026superlinear]'), text);
    await screenshot(page, 'citations-dropped-from-tree');
  });
});
