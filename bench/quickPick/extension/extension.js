// Throwaway benchmark extension: one quick pick holding every paper, filtered by VS Code itself.
// It reads `quickpick-papers.json` (the output of `paper-shelf parse --json`) from the workspace root.
const vscode = require('vscode');
const fs = require('fs');
const path = require('path');

const PAPERS_FILE = 'quickpick-papers.json';
const DETAIL_LENGTH = 200;
const ROUND_TRIP_ROWS = 50;

function toItem(paper) {
  const authors = paper.authors.length > 0 ? paper.authors.join(', ') : `${paper.authorCount ?? 0} authors`;
  return { label: paper.title, description: authors, detail: paper.abstract.slice(0, DETAIL_LENGTH) };
}

/** Rows shaped like Paper Shelf's search results, made without any search: what the extension host round trip alone costs. */
function roundTripItems(value) {
  const detail = 'Topic · Words — an abstract line of about the length Paper Shelf shows, the same for every row and every keystroke.';
  return Array.from({ length: ROUND_TRIP_ROWS }, (_, i) => ({ label: `${value} ${i + 1}`, description: `${i + 1} authors · Jan 1, 2025`, detail, alwaysShow: true }));
}

function activate(context) {
  const status = vscode.window.createStatusBarItem('quickPickBench.status', vscode.StatusBarAlignment.Left, 1000);
  status.name = 'Quick Pick Bench';
  const folder = vscode.workspace.workspaceFolders?.[0];
  let papers = [];
  if (folder) {
    const file = path.join(folder.uri.fsPath, PAPERS_FILE);
    const started = Date.now();
    papers = JSON.parse(fs.readFileSync(file, 'utf8')).papers;
    // Playwright waits for this text before it measures anything.
    status.text = `Quick pick bench: ${papers.length} papers ready (read in ${Date.now() - started} ms)`;
  } else {
    status.text = 'Quick pick bench: no workspace folder';
  }
  status.show();

  context.subscriptions.push(
    status,
    vscode.commands.registerCommand('quickPickBench.open', () => {
      const pick = vscode.window.createQuickPick();
      pick.title = 'All papers';
      pick.placeholder = 'Filter by title, authors or abstract';
      pick.matchOnDescription = true;
      pick.matchOnDetail = true;
      pick.items = papers.map(toItem);
      pick.onDidHide(() => pick.dispose());
      pick.show();
    }),
    vscode.commands.registerCommand('quickPickBench.roundTrip', () => {
      const pick = vscode.window.createQuickPick();
      pick.title = 'Round trip only';
      pick.items = roundTripItems('');
      pick.onDidChangeValue((value) => (pick.items = roundTripItems(value)));
      pick.onDidHide(() => pick.dispose());
      pick.show();
    }),
  );
}

function deactivate() {}

module.exports = { activate, deactivate };
