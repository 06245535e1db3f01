/** What `paper-shelf topics` prints: JSON-able data, and a readable summary of it. */
import type { Paper } from '../types';
import type { TopicAssignment, TopicKind } from './types';

export interface DescribedPaper {
  id: string;
  citationKey: string;
  title: string;
  date: string | null;
}

export interface DescribedTopic {
  id: string;
  label: string;
  kind: TopicKind;
  count: number;
  topTerms: string[];
  /** Newest first; undated papers last. */
  papers: DescribedPaper[];
}

export interface TopicsDescription {
  paperCount: number;
  topicCount: number;
  topics: DescribedTopic[];
}

function newestFirst(a: DescribedPaper, b: DescribedPaper): number {
  if (a.date !== b.date) {
    if (a.date === null) return 1;
    if (b.date === null) return -1;
    return a.date < b.date ? 1 : -1;
  }
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function describeTopics(assignment: TopicAssignment, papers: Paper[]): TopicsDescription {
  const byId = new Map(papers.map((paper) => [paper.id, paper]));
  const topics = assignment.topics.map((topic) => ({
    id: topic.id,
    label: topic.label,
    kind: topic.kind,
    count: topic.paperIds.length,
    topTerms: [...topic.topTerms],
    papers: topic.paperIds
      .map((id) => byId.get(id))
      .filter((paper): paper is Paper => paper !== undefined)
      .map((paper) => ({ id: paper.id, citationKey: paper.citationKey, title: paper.title, date: paper.date }))
      .sort(newestFirst),
  }));
  return { paperCount: assignment.topicOf.size, topicCount: topics.length, topics };
}

export interface TopicsTextOptions {
  /** Titles listed under each topic; all when absent, none when 0. */
  papersPerTopic?: number;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

export function formatTopicsText(description: TopicsDescription, options: TopicsTextOptions = {}): string {
  const lines = [`${plural(description.paperCount, 'paper')} in ${plural(description.topicCount, 'topic')}`];
  for (const topic of description.topics) {
    lines.push('', `${topic.label} (${plural(topic.count, 'paper')})`);
    if (topic.topTerms.length > 0) lines.push(`  terms: ${topic.topTerms.join(', ')}`);
    const shown = options.papersPerTopic === undefined ? topic.papers : topic.papers.slice(0, options.papersPerTopic);
    for (const paper of shown) lines.push(`  ${(paper.date ?? '').padEnd(10)}  ${paper.title}`);
    if (shown.length < topic.papers.length) lines.push(`  … and ${topic.papers.length - shown.length} more`);
  }
  return lines.join('\n') + '\n';
}
