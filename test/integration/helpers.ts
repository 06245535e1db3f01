import * as vscode from 'vscode';
import type { PaperShelfApi } from '../../src/extension';

export const EXTENSION_ID = 'paper-shelf.paper-shelf';

/** Activates Paper Shelf and waits for its first corpus load. */
export async function paperShelf(): Promise<PaperShelfApi> {
  const extension = vscode.extensions.getExtension<PaperShelfApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  const api = await extension.activate();
  await api.shelf.ready();
  return api;
}

/** Re-checks `condition` on every shelf change (and a slow poll as a backstop) until it holds or `timeoutMs` passes. */
export async function waitFor<T>(describe: string, condition: () => T | undefined | false, shelf?: PaperShelfApi['shelf'], timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${describe}`);
    await new Promise<void>((resolve) => {
      const poll = setTimeout(done, 100);
      const listener = shelf?.onDidChange(done);
      function done(): void {
        clearTimeout(poll);
        listener?.dispose();
        resolve();
      }
    });
  }
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the integration tests need a workspace folder');
  return folder.uri;
}
