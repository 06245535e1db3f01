import * as vscode from 'vscode';
import { describeAuthors, formatDisplayDate, groupDigits } from '../core/format';
import type { Shelf, ShelfSearchHit } from './shelf';
import { acceptedItem } from './acceptedItem';

const RESULT_LIMIT = 50;

interface PaperPickItem extends vscode.QuickPickItem {
  paperId: string;
}

const insertButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('quote'), tooltip: 'Insert Citation' };
const revealButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('list-tree'), tooltip: 'Reveal in Tree' };

export function toPickItem(hit: ShelfSearchHit, shelf: Shelf, buttons: vscode.QuickInputButton[] = []): PaperPickItem {
  const { paper } = hit;
  const topic = shelf.topicOf(paper.id)?.label;
  const detail = [topic, hit.snippet ?? paper.abstract.slice(0, 120)].filter(Boolean).join(' — ');
  return {
    paperId: paper.id,
    label: paper.title,
    description: `${describeAuthors(paper, 'short')} · ${formatDisplayDate(paper.date)}`,
    detail,
    // Our ranking already matched; VS Code's own label filter would hide abstract and author hits.
    alwaysShow: true,
    buttons,
  };
}

export interface PaperPickOptions {
  title: string;
  placeholder: string;
  canSelectMany?: boolean;
  buttons?: vscode.QuickInputButton[];
  onButton?: (paperId: string, button: vscode.QuickInputButton, pick: vscode.QuickPick<PaperPickItem>) => void;
}

/**
 * The search quick pick, re-queried on every keystroke. Resolves with the chosen paper ids (empty when
 * dismissed). The citation feature reuses it with `canSelectMany`.
 */
export async function pickPapers(shelf: Shelf, options: PaperPickOptions): Promise<string[]> {
  const pick = vscode.window.createQuickPick<PaperPickItem>();
  pick.title = options.title;
  pick.placeholder = options.placeholder;
  pick.canSelectMany = options.canSelectMany ?? false;
  pick.matchOnDescription = false;
  pick.matchOnDetail = false;
  const disposables: vscode.Disposable[] = [];
  // Selections are remembered across re-queries so multi-select survives typing another word.
  const chosen = new Map<string, PaperPickItem>();
  const update = (): void => {
    const items = shelf.search(pick.value, RESULT_LIMIT).map((hit) => toPickItem(hit, shelf, options.buttons));
    const selected = items.filter((item) => chosen.has(item.paperId));
    const extra = [...chosen.values()].filter((c) => !items.some((i) => i.paperId === c.paperId));
    pick.items = [...extra, ...items];
    if (pick.canSelectMany) pick.selectedItems = [...extra, ...selected];
    pick.busy = false;
  };
  try {
    pick.busy = shelf.state === 'loading';
    pick.show();
    await shelf.ready();
    update();
    return await new Promise<string[]>((resolve) => {
      disposables.push(
        pick.onDidChangeValue(update),
        pick.onDidChangeSelection((items) => {
          if (!pick.canSelectMany) return;
          const visible = new Set(pick.items.map((i) => i.paperId));
          for (const id of [...chosen.keys()]) if (visible.has(id) && !items.some((i) => i.paperId === id)) chosen.delete(id);
          for (const item of items) chosen.set(item.paperId, item);
        }),
        pick.onDidTriggerItemButton((event) => options.onButton?.(event.item.paperId, event.button, pick)),
        pick.onDidAccept(() => {
          const accepted = acceptedItem(pick.items, pick.activeItems);
          const ids = pick.canSelectMany ? [...chosen.keys()] : accepted !== undefined ? [accepted.paperId] : [];
          resolve(ids);
          pick.hide();
        }),
        pick.onDidHide(() => resolve([])),
      );
    });
  } finally {
    for (const d of disposables) d.dispose();
    pick.dispose();
  }
}

export function activate(context: vscode.ExtensionContext, shelf: Shelf): void {
  const status = vscode.window.createStatusBarItem('paperShelf.count', vscode.StatusBarAlignment.Left, 0);
  status.name = 'Paper Shelf';
  status.command = 'paperShelf.search';
  const updateStatus = (): void => {
    const count = shelf.papers().length;
    if (shelf.state === 'empty' && count === 0) {
      status.hide();
      return;
    }
    status.text = shelf.state === 'loading' && count === 0 ? '$(loading~spin) Papers' : `$(library) ${groupDigits(count)}`;
    status.tooltip = `Paper Shelf: ${groupDigits(count)} papers. Click to search.`;
    status.accessibilityInformation = { label: `Paper Shelf, ${count} papers, search` };
    status.show();
  };

  context.subscriptions.push(
    status,
    shelf.onDidChange(updateStatus),
    vscode.commands.registerCommand('paperShelf.search', async () => {
      const [paperId] = await pickPapers(shelf, {
        title: 'Search Papers',
        placeholder: 'Title, author or abstract words; author:name year:>2023 topic:word upvotes:>2 "a phrase"',
        buttons: [insertButton, revealButton],
        onButton: (id, button, pick) => {
          pick.hide();
          void vscode.commands.executeCommand(button === insertButton ? 'paperShelf.insertCitation' : 'paperShelf.revealInTree', id);
        },
      });
      if (paperId) await vscode.commands.executeCommand('paperShelf.openAbstract', paperId);
    }),
  );
  updateStatus();
}
