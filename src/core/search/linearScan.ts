import type { Paper } from '../types';
import type { FieldMatch, SearchHit } from './paperIndex';

/**
 * The naive baseline the benchmark compares against: every query lower-cases every paper's fields and looks
 * for each whitespace-separated word as a substring; a paper must contain all words. Title 3, authors 2,
 * abstract 1 per word found.
 */
export function linearScanSearch(papers: readonly Paper[], query: string, limit = 50): SearchHit[] {
  const words = query.toLowerCase().split(/\s+/).filter((word) => word.length > 0);
  const found: SearchHit[] = [];
  for (const paper of papers) {
    if (words.length === 0) {
      found.push({ paper, score: 0, matches: [] });
      continue;
    }
    const fields: Array<[FieldMatch['field'], string]> = [
      ['title', paper.title.toLowerCase()],
      ['authors', `${paper.authors.join(', ')} ${paper.organization ?? ''}`.toLowerCase()],
      ['abstract', paper.abstract.toLowerCase()],
    ];
    let score = 0;
    const matches: FieldMatch[] = [];
    for (const word of words) {
      let wordScore = 0;
      for (const [field, text] of fields) {
        if (!text.includes(word)) continue;
        wordScore += field === 'title' ? 3 : field === 'authors' ? 2 : 1;
        const match = matches.find((existing) => existing.field === field);
        if (match) match.terms.push(word);
        else matches.push({ field, terms: [word] });
      }
      if (wordScore === 0) {
        score = 0;
        break;
      }
      score += wordScore;
    }
    if (score > 0) found.push({ paper, score, matches });
  }
  found.sort((a, b) => b.score - a.score || (b.paper.date ?? '').localeCompare(a.paper.date ?? ''));
  return found.slice(0, Math.max(0, limit));
}
