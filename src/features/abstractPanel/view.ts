import { describeAuthors, describeSource, formatDisplayDate, formatLabel } from '../../core/format';
import type { Paper } from '../../core/types';
import type { PaperView } from '../../webview/protocol';

/** What the abstract panel shows for a paper: all text formatted here, so the page only places it. */
export function toPaperView(paper: Paper, topicLabel: string | undefined): PaperView {
  const authors = describeAuthors(paper, 'full');
  const organization = paper.organization?.trim() || null;
  return {
    id: paper.id,
    citationKey: paper.citationKey,
    title: paper.title,
    authors,
    organization: organization && organization !== authors ? organization : null,
    date: formatDisplayDate(paper.date),
    isoDate: paper.date,
    upvotes: paper.upvotes,
    topic: topicLabel?.trim() || null,
    sources: paper.sources.map((source) => ({ label: describeSource(source), format: formatLabel(source.format), file: source.file })),
    abstract: paper.abstract,
  };
}

/** The panel's tab title: the paper's title, cut at a word near 40 characters. */
export function panelTitle(title: string | undefined): string {
  const text = (title ?? '').replace(/\s+/g, ' ').trim();
  if (text.length === 0) return 'Abstract';
  if (text.length <= 40) return text;
  const cut = text.slice(0, 40);
  const space = cut.lastIndexOf(' ');
  return `${(space > 20 ? cut.slice(0, space) : cut).replace(/[\s,:;.-]+$/, '')}…`;
}
