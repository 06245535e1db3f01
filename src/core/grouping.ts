import type { Paper } from './types';

export type GroupBy = 'topic' | 'date';

export interface TopicRef {
  id: string;
  label: string;
}

export interface PaperNode {
  kind: 'paper';
  /** Unique in the tree: the parent's id and the paper's. */
  id: string;
  paper: Paper;
  parent: GroupNode;
}

export interface GroupNode {
  kind: 'topic' | 'month';
  id: string;
  label: string;
  /** Papers below this node, at any depth. */
  count: number;
  /** For topic nodes, the topic; for month nodes, `YYYY-MM` or `undated`. */
  value: string;
  parent: GroupNode | undefined;
  children: (GroupNode | PaperNode)[];
}

export interface PaperTree {
  roots: GroupNode[];
  /** Where each paper sits, for reveal and getParent. */
  nodeOfPaper: { get(paperId: string): PaperNode | undefined };
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
export const UNDATED = 'undated';
const OTHER_TOPIC: TopicRef = { id: 'other', label: 'Other' };

/** `2026 · February` for `2026-02`, `Undated` for papers without a date. */
export function monthLabel(month: string): string {
  if (month === UNDATED) return 'Undated';
  const index = Number(month.slice(5, 7)) - 1;
  return `${month.slice(0, 4)} · ${MONTHS[index] ?? month.slice(5, 7)}`;
}

function monthOf(paper: Paper): string {
  return paper.date ? paper.date.slice(0, 7) : UNDATED;
}

/** Newest first; undated last; ties by title so the order is the same on every machine. */
export function compareNewestFirst(a: Paper, b: Paper): number {
  if (a.date !== b.date) {
    if (!a.date) return 1;
    if (!b.date) return -1;
    return a.date < b.date ? 1 : -1;
  }
  return a.title.localeCompare(b.title);
}

function compareMonthsNewestFirst(a: string, b: string): number {
  if (a === b) return 0;
  if (a === UNDATED) return 1;
  if (b === UNDATED) return -1;
  return a < b ? 1 : -1;
}

function bucket<K>(papers: readonly Paper[], keyOf: (paper: Paper) => K): Map<K, Paper[]> {
  const groups = new Map<K, Paper[]>();
  for (const paper of papers) {
    const key = keyOf(paper);
    const list = groups.get(key);
    if (list) list.push(paper);
    else groups.set(key, [paper]);
  }
  return groups;
}

/**
 * A group whose children are made when it is first opened (or a paper in it revealed): a top-level group's
 * subgroups, a subgroup's sorted paper rows (100k rows at once took ~0.3 s).
 */
class LazyGroup<Child extends GroupNode | PaperNode> implements GroupNode {
  readonly count: number;
  private made: Child[] | undefined;

  constructor(
    readonly kind: GroupNode['kind'],
    readonly id: string,
    readonly label: string,
    readonly value: string,
    readonly parent: GroupNode | undefined,
    readonly papers: Paper[],
    private readonly make: (group: LazyGroup<Child>) => Child[],
  ) {
    this.count = papers.length;
  }

  get children(): Child[] {
    return (this.made ??= this.make(this));
  }
}

type LeafGroup = LazyGroup<PaperNode>;

function paperRows(group: LeafGroup): PaperNode[] {
  return [...group.papers].sort(compareNewestFirst).map((paper): PaperNode => ({ kind: 'paper', id: `${group.id}/${paper.id}`, paper, parent: group }));
}

/**
 * Groups papers for the tree: topic → month → paper, or month → topic → paper. Topics keep the
 * order given by `topicOrder` (largest first when absent), `Other` last; months newest first.
 */
export function groupPapers(
  papers: readonly Paper[],
  topicOf: (paperId: string) => TopicRef | undefined,
  groupBy: GroupBy,
  topicOrder?: readonly string[],
): PaperTree {
  const topicRefs = new Map<string, TopicRef>();
  const topicKey = (paper: Paper): string => {
    const topic = topicOf(paper.id) ?? OTHER_TOPIC;
    topicRefs.set(topic.id, topic);
    return topic.id;
  };
  const rank = new Map((topicOrder ?? []).map((id, i) => [id, i]));
  const orderTopics = (groups: Map<string, Paper[]>): string[] =>
    [...groups.keys()].sort((a, b) => {
      if (a === OTHER_TOPIC.id || b === OTHER_TOPIC.id) return a === OTHER_TOPIC.id ? 1 : -1;
      const ra = rank.get(a);
      const rb = rank.get(b);
      if (ra !== undefined && rb !== undefined) return ra - rb;
      if (ra !== undefined || rb !== undefined) return ra !== undefined ? -1 : 1;
      return groups.get(b)!.length - groups.get(a)!.length || topicRefs.get(a)!.label.localeCompare(topicRefs.get(b)!.label);
    });

  const keyOf = (kind: GroupNode['kind'], paper: Paper): string => (kind === 'topic' ? topicKey(paper) : monthOf(paper));
  // A reveal opens only the groups on the paper's path; a scan for its id costs about a millisecond at 100k,
  // where a map of every paper made on the first reveal cost a hundred.
  const nodeOfPaper = {
    get(paperId: string): PaperNode | undefined {
      const paper = papers.find((candidate) => candidate.id === paperId);
      if (paper === undefined) return undefined;
      const [firstKey, secondKey] = [keyOf(first, paper), keyOf(second, paper)];
      const root = roots.find((group) => group.value === firstKey) as LazyGroup<LeafGroup> | undefined;
      const leaf = root?.children.find((group) => group.value === secondKey);
      return leaf?.children.find((node) => node.paper === paper);
    },
  };
  // Each level's groups, keyed and ordered; the second level is bucketed only when its group is opened, so a
  // refresh walks 100k papers once, not twice.
  const level = <Child extends GroupNode | PaperNode>(
    kind: GroupNode['kind'],
    list: readonly Paper[],
    parent: GroupNode | undefined,
    make: (group: LazyGroup<Child>) => Child[],
  ): LazyGroup<Child>[] => {
    const groups = bucket(list, kind === 'topic' ? topicKey : monthOf);
    const values = kind === 'topic' ? orderTopics(groups) : [...groups.keys()].sort(compareMonthsNewestFirst);
    const prefix = parent ? `${parent.id}/` : '';
    return values.map((value) => new LazyGroup(kind, `${prefix}${kind}:${value}`, kind === 'month' ? monthLabel(value) : topicRefs.get(value)!.label, value, parent, groups.get(value)!, make));
  };
  const [first, second]: GroupNode['kind'][] = groupBy === 'topic' ? ['topic', 'month'] : ['month', 'topic'];
  const roots: GroupNode[] = level<LeafGroup>(first, papers, undefined, (root) => level(second, root.papers, root, paperRows));
  return { roots, nodeOfPaper };
}
