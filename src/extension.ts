import * as vscode from 'vscode';

export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Paper Shelf', { log: true });
  context.subscriptions.push(log);
  log.info('Paper Shelf activated');
}

export function deactivate(): void {}
