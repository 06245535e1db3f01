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

function bucket<K>(papers: Paper[], keyOf: (paper: Paper) => K): Map<K, Paper[]> {
  const groups = new Map<K, Paper[]>();
  for (const paper of papers) {
    const key = keyOf(paper);
    const list = groups.get(key);
    if (list) list.push(paper);
    else groups.set(key, [paper]);
  }
  return groups;
}

/** A group whose children are papers: its rows are sorted and made when it is first opened (100k at once took ~0.3 s). */
class LeafGroup implements GroupNode {
  readonly count: number;
  private rows: PaperNode[] | undefined;

  constructor(
    readonly kind: GroupNode['kind'],
    readonly id: string,
    readonly label: string,
    readonly value: string,
    readonly parent: GroupNode,
    readonly papers: readonly Paper[],
  ) {
    this.count = papers.length;
  }

  get children(): PaperNode[] {
    return (this.rows ??= [...this.papers].sort(compareNewestFirst).map((paper): PaperNode => ({ kind: 'paper', id: `${this.id}/${paper.id}`, paper, parent: this })));
  }
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

  const leafGroups: LeafGroup[] = [];
  let groupOfPaper: Map<string, LeafGroup> | undefined;
  const nodeOfPaper = {
    get(paperId: string): PaperNode | undefined {
      // Built on the first reveal, not on every refresh: a 100k-entry map is most of a refresh's cost.
      if (groupOfPaper === undefined) {
        groupOfPaper = new Map();
        for (const leafGroup of leafGroups) for (const paper of leafGroup.papers) groupOfPaper.set(paper.id, leafGroup);
      }
      return groupOfPaper.get(paperId)?.children.find((node): node is PaperNode => node.kind === 'paper' && node.paper.id === paperId);
    },
  };
  const group = (kind: GroupNode['kind'], value: string, list: Paper[], parent: GroupNode | undefined): GroupNode => {
    const label = kind === 'month' ? monthLabel(value) : topicRefs.get(value)!.label;
    const prefix = parent ? `${parent.id}/` : '';
    return { kind, id: `${prefix}${kind}:${value}`, label, count: list.length, value, parent, children: [] };
  };
  const leafGroup = (kind: GroupNode['kind'], value: string, list: Paper[], parent: GroupNode): LeafGroup => {
    const label = kind === 'month' ? monthLabel(value) : topicRefs.get(value)!.label;
    const node = new LeafGroup(kind, `${parent.id}/${kind}:${value}`, label, value, parent, list);
    leafGroups.push(node);
    return node;
  };

  const roots: GroupNode[] = [];
  if (groupBy === 'topic') {
    const byTopic = bucket([...papers], topicKey);
    for (const topicId of orderTopics(byTopic)) {
      const topicNode = group('topic', topicId, byTopic.get(topicId)!, undefined);
      const byMonth = bucket(byTopic.get(topicId)!, monthOf);
      for (const month of [...byMonth.keys()].sort(compareMonthsNewestFirst)) {
        topicNode.children.push(leafGroup('month', month, byMonth.get(month)!, topicNode));
      }
      roots.push(topicNode);
    }
  } else {
    const byMonth = bucket([...papers], monthOf);
    for (const month of [...byMonth.keys()].sort(compareMonthsNewestFirst)) {
      const monthNode = group('month', month, byMonth.get(month)!, undefined);
      const byTopic = bucket(byMonth.get(month)!, topicKey);
      for (const topicId of orderTopics(byTopic)) {
        monthNode.children.push(leafGroup('topic', topicId, byTopic.get(topicId)!, monthNode));
      }
      roots.push(monthNode);
    }
  }
  return { roots, nodeOfPaper };
}
