import * as assert from 'assert';
import { PaperIndex, parseQuery, type SearchHit } from '../../src/core/search';
import { seedPapers } from './paperFactory';

function titles(hits: SearchHit[]): string[] {
  return hits.map((hit) => hit.paper.title);
}

describe('search over the seed pages', () => {
  const papers = seedPapers();
  const index = PaperIndex.build(papers);

  it('grokking returns the two grokking papers, the one with fewer words in its title first', () => {
    assert.deepStrictEqual(titles(index.search('grokking')), [
      'Grokking as the Transition from Lazy to Rich Training Dynamics',
      'Provable Scaling Laws of Feature Emergence from Learning Dynamics of Grokking',
    ]);
  });

  it('author:tu returns the Flatiron paper by Y. Tu', () => {
    const hits = index.search('author:tu');
    assert.deepStrictEqual(titles(hits), ['On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature']);
    assert.deepStrictEqual(hits[0].paper.authors, ['Yikuan Zhang', 'Ning Yang', 'Y. Tu']);
  });

  it('tu 2026 finds the same paper by author and year', () => {
    assert.deepStrictEqual(titles(index.search('tu 2026')), ['On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature']);
  });

  it('chung finds the two Flatiron papers with S. Chung among the authors', () => {
    assert.deepStrictEqual(titles(index.search('chung')), [
      'Neural population geometry and optimal coding of tasks with shared latent structure',
      'Sparse input representations explain odor discrimination in complex, concentration-varying mixtures',
    ]);
  });

  it('a quoted author name matches within one author', () => {
    assert.deepStrictEqual(titles(index.search('author:"D. Needleman"')), ['Clocks and Dominoes: Timing Mechanisms of Embryogenesis']);
  });

  it('"double descent" ranks the two title matches (newest first on a tie) above an abstract-only match', () => {
    assert.deepStrictEqual(titles(index.search('"double descent"')), [
      'Understanding the Role of Optimization in Double Descent',
      'Multi-scale Feature Learning Dynamics: Insights for Double Descent',
      'Broken Neural Scaling Laws',
    ]);
  });

  it('the typo difusion ranks the shortest diffusion title first', () => {
    assert.strictEqual(index.search('difusion')[0].paper.title, 'The Principles of Diffusion Models');
  });

  it('gives the abstract around the match as the snippet', () => {
    const [hit] = index.search('kinetic proofreading');
    assert.strictEqual(hit.paper.title, 'Nonequilibrium Thermodynamics of Biochemical Networks: Energetics of Cellular Functions');
    assert.strictEqual(hit.snippet, '…systems—beginning with the classical kinetic proofreading mechanism and extending to more recent examples such as…');
    assert.deepStrictEqual(hit.matches, [{ field: 'abstract', terms: ['kinetic', 'proofreading'] }]);
  });

  it('filter agrees with matchesQuery on every seed paper', () => {
    const queries = ['grokking', 'diffusion OR "score matching"', 'author:chung', 'year:2026', 'neural -network', 'tu 2026', 'perturb'];
    for (const query of queries) {
      const parsed = parseQuery(query);
      const expected = papers.filter((paper) => index.matchesQuery(paper, parsed)).map((paper) => paper.id).sort();
      assert.deepStrictEqual([...index.filter(query)].sort(), expected, query);
      assert.ok(expected.length > 0, `${query} matches some seed paper`);
    }
  });

  it('a serialised index restores with the same answers', () => {
    const restored = PaperIndex.fromJSON(JSON.parse(JSON.stringify(index)), papers);
    for (const query of ['grokking', 'author:tu', 'neural netw', '"double descent"', '']) {
      assert.deepStrictEqual(titles(restored.search(query)), titles(index.search(query)), query);
    }
  });
});
