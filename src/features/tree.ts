import * as vscode from 'vscode';
import { describeAuthors, formatDisplayDate } from '../core/format';
import { groupPapers, type GroupBy, type GroupNode, type PaperNode, type PaperTree } from '../core/grouping';
import type { Paper } from '../core/types';
import { paperIdOf, type Shelf } from './shelf';

type Node = GroupNode | PaperNode;

const GROUP_BY_KEY = 'paperShelf.groupBy';
const ABSTRACT_PREVIEW_CHARS = 400;
/** The mime type other features (the citation drop provider) read dragged papers from. */
export const PAPER_DRAG_MIME = 'application/vnd.code.tree.papershelf.papers';

/** The tooltip of a paper: untrusted corpus text, so appended as text, never as Markdown. */
function paperTooltip(paper: Paper, topic: string | undefined): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**').appendText(paper.title).appendMarkdown('**\n\n');
  md.appendText(describeAuthors(paper, 'full')).appendMarkdown('\n\n');
  const facts = [formatDisplayDate(paper.date)];
  if (paper.upvotes !== null) facts.push(`${paper.upvotes} upvotes`);
  if (topic) facts.push(topic);
  md.appendText(facts.join(' · ')).appendMarkdown('\n\n');
  md.appendText(paper.sources.map((s) => `${s.file.split(/[\\/]/).pop()}:${s.line}`).join(', ')).appendMarkdown('\n\n---\n\n');
  const abstract = paper.abstract;
  const opening = abstract.length > ABSTRACT_PREVIEW_CHARS ? `${abstract.slice(0, ABSTRACT_PREVIEW_CHARS).trimEnd()}…` : abstract;
  md.appendText(opening || 'No abstract.');
  return md;
}

export class PaperTreeProvider implements vscode.TreeDataProvider<Node> {
  private readonly changeEmitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  private tree: PaperTree = { roots: [], nodeOfPaper: new Map() };
  private filterIds: Set<string> | undefined;

  constructor(
    private readonly shelf: Shelf,
    public groupBy: GroupBy,
  ) {}

  /** Rebuilds the grouping; node ids are stable, so VS Code keeps expanded nodes expanded. */
  refresh(filterIds?: Set<string>): void {
    this.filterIds = filterIds;
    const papers = filterIds ? this.shelf.papers().filter((p) => filterIds.has(p.id)) : this.shelf.papers();
    this.tree = groupPapers(papers, (id) => this.shelf.topicOf(id), this.groupBy, this.shelf.topics().map((t) => t.id));
    this.changeEmitter.fire(undefined);
  }

  get filtered(): boolean {
    return this.filterIds !== undefined;
  }

  nodeOfPaper(paperId: string): PaperNode | undefined {
    return this.tree.nodeOfPaper.get(paperId);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.tree.roots;
    return node.kind === 'paper' ? [] : node.children;
  }

  getParent(node: Node): Node | undefined {
    return node.parent;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind !== 'paper') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = node.id;
      item.description = String(node.count);
      item.tooltip = `${node.label}: ${node.count} ${node.count === 1 ? 'paper' : 'papers'}`;
      item.iconPath = new vscode.ThemeIcon(node.kind === 'topic' ? 'tag' : 'calendar');
      item.contextValue = node.kind;
      return item;
    }
    const { paper } = node;
    const item = new vscode.TreeItem(paper.title, vscode.TreeItemCollapsibleState.None);
    item.id = node.id;
    item.description = `${describeAuthors(paper, 'short')} · ${formatDisplayDate(paper.date)}`;
    item.tooltip = paperTooltip(paper, this.shelf.topicOf(paper.id)?.label);
    item.iconPath = new vscode.ThemeIcon(paper.sources.some((s) => s.format === 'bibtex' || s.format === 'csl-json') ? 'book' : 'file-text');
    item.contextValue = 'paper';
    item.command = { command: 'paperShelf.openAbstract', title: 'Open Abstract', arguments: [paper.id] };
    item.accessibilityInformation = { label: `${paper.title}, ${item.description}`, role: 'treeitem' };
    return item;
  }
}

/** Lets a paper be dragged from the tree into an editor, where the citation feature inserts it. */
class PaperDragController implements vscode.TreeDragAndDropController<Node> {
  readonly dragMimeTypes = [PAPER_DRAG_MIME, 'text/plain'];
  readonly dropMimeTypes: string[] = [];

  handleDrag(source: readonly Node[], data: vscode.DataTransfer): void {
    const papers = source.filter((n): n is PaperNode => n.kind === 'paper').map((n) => n.paper);
    if (papers.length === 0) return;
    data.set(PAPER_DRAG_MIME, new vscode.DataTransferItem(JSON.stringify(papers.map((p) => p.id))));
    data.set('text/plain', new vscode.DataTransferItem(papers.map((p) => p.citationKey).join(', ')));
  }
}

export interface PapersTree {
  provider: PaperTreeProvider;
  view: vscode.TreeView<GroupNode | PaperNode>;
}

export function activate(context: vscode.ExtensionContext, shelf: Shelf): PapersTree {
  const provider = new PaperTreeProvider(shelf, context.workspaceState.get<GroupBy>(GROUP_BY_KEY, 'topic'));
  const view = vscode.window.createTreeView('paperShelf.papers', {
    treeDataProvider: provider,
    showCollapseAll: true,
    canSelectMany: true,
    dragAndDropController: new PaperDragController(),
  });
  let filterQuery = '';

  const setGroupBy = async (groupBy: GroupBy): Promise<void> => {
    provider.groupBy = groupBy;
    await context.workspaceState.update(GROUP_BY_KEY, groupBy);
    await vscode.commands.executeCommand('setContext', 'paperShelf.groupBy', groupBy);
    provider.refresh(filterQuery ? shelf.filter(filterQuery) : undefined);
  };
  const applyFilter = async (query: string): Promise<void> => {
    filterQuery = query.trim();
    await vscode.commands.executeCommand('setContext', 'paperShelf.filterActive', filterQuery !== '');
    refresh();
  };
  const refresh = (): void => {
    const ids = filterQuery ? shelf.filter(filterQuery) : undefined;
    provider.refresh(ids);
    view.description = filterQuery ? `Filter: ${filterQuery} (${ids?.size ?? 0})` : undefined;
    view.message = shelf.state === 'loading' && shelf.papers().length === 0 ? 'Loading papers…' : filterQuery && ids?.size === 0 ? `No paper matches “${filterQuery}”.` : undefined;
  };

  void vscode.commands.executeCommand('setContext', 'paperShelf.groupBy', provider.groupBy);
  void vscode.commands.executeCommand('setContext', 'paperShelf.filterActive', false);

  context.subscriptions.push(
    view,
    shelf.onDidChange(refresh),
    // The first load starts when the view is first shown, not during activation.
    view.onDidChangeVisibility((e) => {
      if (e.visible) void shelf.ready();
    }),
    vscode.commands.registerCommand('paperShelf.groupByDate', () => setGroupBy('date')),
    vscode.commands.registerCommand('paperShelf.groupByTopic', () => setGroupBy('topic')),
    vscode.commands.registerCommand('paperShelf.filter', async (query?: unknown) => {
      const value = typeof query === 'string'
        ? query
        : await vscode.window.showInputBox({
            title: 'Filter Papers',
            value: filterQuery,
            prompt: 'Words, "a phrase", author:name, year:>2023, topic:word, upvotes:>2',
            placeHolder: 'e.g. diffusion year:>2024',
          });
      if (value !== undefined) await applyFilter(value);
    }),
    vscode.commands.registerCommand('paperShelf.clearFilter', () => applyFilter('')),
    vscode.commands.registerCommand('paperShelf.revealInTree', async (ref?: unknown) => {
      const paperId = paperIdOf(ref) ?? paperIdOf(view.selection[0]);
      if (!paperId) return;
      await shelf.ready();
      if (provider.filtered && !provider.nodeOfPaper(paperId)) await applyFilter('');
      const node = provider.nodeOfPaper(paperId);
      if (!node) {
        void vscode.window.showInformationMessage('That paper is no longer in the corpus.');
        return;
      }
      await view.reveal(node, { select: true, focus: true, expand: true });
    }),
  );
  if (view.visible) void shelf.ready();
  refresh();
  return { provider, view };
}
