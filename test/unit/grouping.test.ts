import * as assert from 'assert';
import { compareNewestFirst, groupPapers, monthLabel, type GroupNode, type PaperNode } from '../../src/core/grouping';
import type { Paper } from '../../src/core/types';

function paper(id: string, title: string, date: string | null): Paper {
  return { id, citationKey: id, title, authors: [], authorsTruncated: false, authorCount: null, organization: null, abstract: '', date, upvotes: null, sources: [] };
}

const papers = [
  paper('p1', 'Score matching', '2025-02-03'),
  paper('p2', 'Diffusion bridges', '2026-02-05'),
  paper('p3', 'Grokking', '2026-02-20'),
  paper('p4', 'Undated diffusion', null),
  paper('p5', 'Lonely paper', '2024-07-01'),
];
const topics: Record<string, { id: string; label: string }> = {
  p1: { id: 'diff', label: 'Diffusion Models' },
  p2: { id: 'diff', label: 'Diffusion Models' },
  p4: { id: 'diff', label: 'Diffusion Models' },
  p3: { id: 'grok', label: 'Grokking' },
};

function shape(node: GroupNode | PaperNode): unknown {
  return node.kind === 'paper' ? node.paper.id : { [`${node.label} (${node.count})`]: node.children.map(shape) };
}

describe('groupPapers', () => {
  it('groups topic → month → paper, largest topic first, Other last, months newest first, Undated last', () => {
    const tree = groupPapers(papers, (id) => topics[id], 'topic');
    assert.deepStrictEqual(tree.roots.map(shape), [
      { 'Diffusion Models (3)': [{ '2026 · February (1)': ['p2'] }, { '2025 · February (1)': ['p1'] }, { 'Undated (1)': ['p4'] }] },
      { 'Grokking (1)': [{ '2026 · February (1)': ['p3'] }] },
      { 'Other (1)': [{ '2024 · July (1)': ['p5'] }] },
    ]);
  });

  it('groups month → topic → paper when switched to date first', () => {
    const tree = groupPapers(papers, (id) => topics[id], 'date');
    assert.deepStrictEqual(tree.roots.map(shape), [
      { '2026 · February (2)': [{ 'Diffusion Models (1)': ['p2'] }, { 'Grokking (1)': ['p3'] }] },
      { '2025 · February (1)': [{ 'Diffusion Models (1)': ['p1'] }] },
      { '2024 · July (1)': [{ 'Other (1)': ['p5'] }] },
      { 'Undated (1)': [{ 'Diffusion Models (1)': ['p4'] }] },
    ]);
  });

  it('lists papers newest first inside a month and keeps a parent chain for reveal', () => {
    const tree = groupPapers(papers, () => ({ id: 'all', label: 'All' }), 'topic');
    assert.deepStrictEqual(tree.roots[0].children.map(shape), [{ '2026 · February (2)': ['p3', 'p2'] }, { '2025 · February (1)': ['p1'] }, { '2024 · July (1)': ['p5'] }, { 'Undated (1)': ['p4'] }]);
    const node = tree.nodeOfPaper.get('p2')!;
    assert.strictEqual(node.parent.id, 'topic:all/month:2026-02');
    assert.strictEqual(node.parent.parent?.id, 'topic:all');
    assert.strictEqual(node.id, 'topic:all/month:2026-02/p2');
  });

  it('finds a paper in a group nobody has opened yet, as the very row the group then lists', () => {
    const tree = groupPapers(papers, (id) => topics[id], 'date');
    const node = tree.nodeOfPaper.get('p1')!;
    assert.strictEqual(node.id, 'month:2025-02/topic:diff/p1');
    const month = tree.roots.find((r) => r.value === '2025-02')!;
    assert.strictEqual((month.children[0] as GroupNode).children[0], node);
    assert.strictEqual(tree.nodeOfPaper.get('no-such-paper'), undefined);
  });

  it('asks for each paper\'s topic once per refresh, and buckets a group\'s papers only when it is opened', () => {
    const asked: string[] = [];
    const topicOf = (id: string): { id: string; label: string } | undefined => (asked.push(id), topics[id]);
    const byDate = groupPapers(papers, topicOf, 'date');
    assert.deepStrictEqual(asked, [], 'months need no topics');
    assert.deepStrictEqual(byDate.roots.map((r) => `${r.label} (${r.count})`), ['2026 · February (2)', '2025 · February (1)', '2024 · July (1)', 'Undated (1)']);
    assert.deepStrictEqual(byDate.roots[0].children.map(shape), [{ 'Diffusion Models (1)': ['p2'] }, { 'Grokking (1)': ['p3'] }]);
    assert.deepStrictEqual(asked, ['p2', 'p3'], 'only the opened month\'s papers');
    asked.length = 0;
    const byTopic = groupPapers(papers, topicOf, 'topic');
    assert.deepStrictEqual(asked, ['p1', 'p2', 'p3', 'p4', 'p5']);
    byTopic.roots.forEach((root) => root.children);
    assert.deepStrictEqual(asked, ['p1', 'p2', 'p3', 'p4', 'p5'], 'opening topics asks again for none');
  });

  it('follows a given topic order before falling back to size', () => {
    const tree = groupPapers(papers, (id) => topics[id], 'topic', ['grok', 'diff']);
    assert.deepStrictEqual(tree.roots.map((r) => r.label), ['Grokking', 'Diffusion Models', 'Other']);
  });

  it('labels months and orders by date then title', () => {
    assert.strictEqual(monthLabel('2026-02'), '2026 · February');
    assert.strictEqual(monthLabel('undated'), 'Undated');
    assert.deepStrictEqual([...papers].sort(compareNewestFirst).map((p) => p.id), ['p3', 'p2', 'p1', 'p5', 'p4']);
  });
});
