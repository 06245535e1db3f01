import * as assert from 'assert';
import * as vscode from 'vscode';

const EXTENSION_ID = 'paper-shelf.paper-shelf';

describe('Paper Shelf in a real extension host', () => {
  it('is installed under the id paper-shelf.paper-shelf with the Paper Shelf display name', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not among ${vscode.extensions.all.map((e) => e.id).join(', ')}`);
    assert.strictEqual(extension.packageJSON.displayName, 'Paper Shelf');
  });

  it('activates without throwing', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await extension.activate();
    assert.strictEqual(extension.isActive, true);
  });

  it('registers every command its manifest contributes, search, abstract and reload among them', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await extension.activate();
    const contributed: string[] = extension.packageJSON.contributes.commands.map((c: { command: string }) => c.command);
    for (const id of ['paperShelf.search', 'paperShelf.openAbstract', 'paperShelf.reload']) {
      assert.ok(contributed.includes(id), `the manifest no longer contributes ${id}`);
    }
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepStrictEqual(missing, [], 'commands in package.json that the extension does not register');
  });

  it('contributes the Paper Shelf activity bar container holding the Papers view', () => {
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON;
    assert.deepStrictEqual(
      manifest.contributes.viewsContainers.activitybar.map((c: { id: string; title: string }) => [c.id, c.title]),
      [['paperShelf', 'Paper Shelf']],
    );
    assert.deepStrictEqual(
      manifest.contributes.views.paperShelf.map((v: { id: string; name: string }) => [v.id, v.name]),
      [['paperShelf.papers', 'Papers']],
    );
  });
});
