import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { createSampleWorkspace } from '../host/workspace';
import { Workbench, openWorkbench, quickInput, screenshot, screenshotEachTest, waitFor } from './harness';

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

describe('Insert Citation from the abstract panel, in the browser', function () {
  this.timeout(240_000);
  let workbench: Workbench | undefined;
  let workspace: string | undefined;

  before(async () => {
    workspace = createSampleWorkspace();
    fs.mkdirSync(path.join(workspace, 'notes'));
    fs.writeFileSync(path.join(workspace, 'notes', 'reading.md'), NOTE);
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
    await page.keyboard.press('Control+P');
    const picker = quickInput(page);
    await picker.waitFor({ state: 'visible' });
    await picker.locator('.quick-input-box input').fill('reading.md');
    await picker.locator('.quick-input-list .monaco-list-row', { hasText: 'reading.md' }).first().waitFor({ state: 'visible' });
    await page.keyboard.press('Enter');
    const tab = page.locator('.tabs-container .tab', { hasText: 'reading.md' });
    await tab.waitFor({ state: 'visible' });
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type(' ');

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
});
