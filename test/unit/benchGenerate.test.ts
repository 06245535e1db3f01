import * as assert from 'assert';
import { generatePages, type GenerationSummary } from '../../bench/generate';
import { buildCorpus } from '../../src/core/corpus';
import { parseText } from '../../src/core/parse';

function generate(papers: number, seed: number): { pages: { name: string; text: string }[]; summary: GenerationSummary } {
  const summary: GenerationSummary = { papers: 0, pages: 0, sightings: 0, duplicateSightings: 0, malformedEntries: 0, bytes: 0 };
  return { pages: [...generatePages({ papers, seed }, summary)], summary };
}

describe('benchmark corpus generator', () => {
  const { pages, summary } = generate(2000, 7);
  const results = pages.map((page) => parseText(page.text, page.name, { today: new Date('2026-11-22T12:00:00Z') }));
  const corpus = buildCorpus(results);

  it('is deterministic by seed', () => {
    const again = generate(2000, 7).pages;
    assert.deepStrictEqual(
      again.map((p) => p.text),
      pages.map((p) => p.text),
    );
    assert.notStrictEqual(generate(200, 8).pages[0].text, generate(200, 7).pages[0].text);
  });

  it('writes pages in both seed formats that the real parsers read back', () => {
    const hf = pages.filter((p) => p.name.endsWith('-hf.txt'));
    const flatiron = pages.filter((p) => p.name.endsWith('-flatiron.txt'));
    assert.ok(hf.length > 0 && flatiron.length > 0);
    assert.match(hf[0].text, /^new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\nbyAK and the research community\n\n[A-Z][a-z]{2} \d{1,2}\n\n/);
    assert.match(flatiron[0].text, /^[\d,]+ Publications\n\n/);
    assert.match(flatiron[0].text, /\n {2}• Previous Page\n {2}• Viewing\n {2}• Next Page\nAdvancing Research/);
    const formats = new Set(corpus.papers.flatMap((p) => p.sources.map((s) => s.format)));
    assert.deepStrictEqual([...formats].sort(), ['flatiron-publications', 'hf-daily-papers']);
    // Every distinct paper comes back once; pages cut mid-abstract add one entry each.
    assert.ok(corpus.papers.length >= summary.papers && corpus.papers.length <= summary.papers + summary.pages, `${corpus.papers.length} papers`);
  });

  it('repeats about 5% of papers on a later page, which the corpus merges', () => {
    const merged = corpus.papers.filter((p) => p.sources.length > 1).length;
    assert.ok(summary.duplicateSightings >= 0.03 * summary.papers && summary.duplicateSightings <= 0.07 * summary.papers, `${summary.duplicateSightings} repeats`);
    assert.ok(merged >= summary.duplicateSightings * 0.9, `${merged} merged of ${summary.duplicateSightings}`);
  });

  it('keeps the seeds’ quirks: year-less dates, upvotes, organisations, et al., missing authors and dates', () => {
    const text = pages.map((p) => p.text).join('\n');
    assert.match(text, /\n·\n[A-Z][a-z]{2} \d{1,2}\n/, 'a year-less date');
    assert.match(text, /\n·\n[A-Z][a-z]{2} \d{1,2}, \d{4} \d+\n/, 'a date with upvotes');
    assert.match(text, /\n {2}• 1 authors\n/, 'the page’s own "1 authors"');
    assert.match(text, /\npolymathic-ai Polymathic AI\n·\n|\ngoogle Google\n·\n|\nnvidia NVIDIA\n·\n/, 'an organisation line');
    assert.match(text, /, et al\.\n/);
    assert.ok(corpus.papers.some((p) => p.upvotes !== null));
    assert.ok(corpus.papers.some((p) => p.organization !== null));
    assert.ok(corpus.papers.some((p) => p.authorsTruncated));
    assert.ok(corpus.papers.some((p) => p.date === null));
  });

  it('makes titles of 6 to 15 words, abstracts of about 150 to 250 words, dates from 1990 to 2026', () => {
    const full = corpus.papers.filter((p) => p.abstract.split(' ').length > 100);
    assert.ok(full.length > 0.9 * corpus.papers.length);
    for (const paper of full) {
      const titleWords = paper.title.split(' ').length;
      assert.ok(titleWords >= 6 && titleWords <= 15, paper.title);
      const words = paper.abstract.split(' ').length;
      assert.ok(words >= 150 && words <= 260, `${words} words`);
      if (paper.date) assert.ok(paper.date >= '1990-01-01' && paper.date <= '2026-12-31', paper.date);
    }
  });

  it('includes malformed entries, which become diagnostics while the rest loads', () => {
    assert.ok(summary.malformedEntries > 0);
    const messages = corpus.diagnostics.map((d) => d.message).join('\n');
    assert.match(messages, /Unrecognised date "yesterday"|Metadata block with no paper title above it|Expected a paper title|"Show Abstract" with no paper above it|has no abstract/);
  });
});
