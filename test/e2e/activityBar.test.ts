import * as assert from 'assert';
import {
  Workbench,
  activeEditorText,
  activityBarItem,
  openFile,
  openWorkbench,
  runCommand,
  screenshotEachTest,
  sideBarTitle,
  waitFor,
} from './harness';

describe('Paper Shelf installed from its VSIX into code-server', function () {
  this.timeout(180_000);
  let workbench: Workbench | undefined;

  before(async () => {
    workbench = await openWorkbench();
  });
  after(async () => {
    await workbench?.close();
  });
  screenshotEachTest(() => workbench?.page);

  it('puts the Paper Shelf icon in the activity bar', async () => {
    const page = workbench!.page;
    const icon = activityBarItem(page, 'Paper Shelf');
    await icon.waitFor({ state: 'visible' });
    assert.strictEqual(await icon.getAttribute('aria-label'), 'Paper Shelf');
  });

  it('opens the Paper Shelf side bar with its Papers tree filled by the extension when the icon is clicked', async () => {
    const page = workbench!.page;
    await activityBarItem(page, 'Paper Shelf').click();
    await page.locator('#workbench\\.view\\.extension\\.paperShelf').waitFor({ state: 'visible' });
    await waitFor(async () => (await sideBarTitle(page).textContent()) === 'Paper Shelf: Papers', 'the side bar title "Paper Shelf: Papers"');
    const tree = page.locator('.part.sidebar [role="tree"][aria-label="Papers"]');
    await tree.waitFor({ state: 'visible' });
    // Without a running extension (e.g. dist/ left out of the VSIX) the view says no data provider is registered.
    await tree.locator('.monaco-list-row').first().waitFor({ state: 'visible' });
    assert.strictEqual(await page.locator('.part.sidebar').getByText('There is no data provider registered').count(), 0);
  });

  it('runs "Paper Shelf: Show Log" from the command palette, showing the log of the sample corpus being loaded', async () => {
    const page = workbench!.page;
    await runCommand(page, 'Paper Shelf: Show Log');
    const outputText = page.locator('.part.panel .monaco-editor .view-lines');
    await outputText.waitFor({ state: 'visible' });
    const text = await waitFor(async () => {
      const shown = ((await outputText.textContent()) ?? '').replace(/\u00a0/g, ' ');
      return /Loaded \d+ papers from \d+ files/.test(shown) ? shown : undefined;
    }, 'the Paper Shelf log to report the loaded corpus');
    assert.match(text, /Loaded 96 papers from 5 files in \d+ ms/);
  });

  it('serves the workspace with the sample corpus under papers/, whose pages open in an editor', async () => {
    const page = workbench!.page;
    await openFile(page, 'papers/000_dcb950095772cd83.txt');
    const text = await waitFor(async () => {
      const shown = await activeEditorText(page);
      return shown.includes('On the Superlinear Relationship') ? shown : undefined;
    }, 'the Flatiron page to show in the editor');
    assert.deepStrictEqual(text.split('\n').slice(0, 5), [
      '2795 Publications',
      '',
      'On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature',
      '',
      'Yikuan Zhang, Ning Yang, Y. Tu',
    ]);
  });
});
