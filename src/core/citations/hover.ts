import { describeAuthors, formatDisplayDate } from '../format';
import type { Paper } from '../types';

/** How much of an abstract a hover shows. */
export const HOVER_ABSTRACT_CHARS = 300;

/** The start of an abstract, cut at a word boundary with `…` when longer than `maxChars`. */
export function abstractOpening(abstract: string, maxChars = HOVER_ABSTRACT_CHARS): string {
  const text = abstract.replace(/\s+/g, ' ').trim();
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars + 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxChars / 2 ? cut.slice(0, lastSpace) : cut.slice(0, maxChars)).replace(/[\s,;:.]+$/, '')}…`;
}

/** The lines of a citation hover, title first: what a reader checks before anything else. */
export interface HoverFacts {
  title: string;
  authors: string;
  date: string;
  abstractOpening: string;
}

export function hoverFacts(paper: Paper): HoverFacts {
  return {
    title: paper.title,
    authors: describeAuthors(paper, 'full'),
    date: formatDisplayDate(paper.date),
    abstractOpening: abstractOpening(paper.abstract),
  };
}
