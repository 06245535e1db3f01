import * as assert from 'assert';
import { assignCitationKeys, baseCitationKey, familyName, significantTitleWords } from '../../src/core/citationKeys';

describe('citation keys', () => {
  it('builds <family><year><first significant title word> in lower-case ASCII', () => {
    assert.strictEqual(
      baseCitationKey({ title: 'On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature', authors: ['Yikuan Zhang', 'Ning Yang', 'Y. Tu'], date: '2026-02-05' }),
      'zhang2026superlinear',
    );
  });

  it('folds accents and drops punctuation from names and words', () => {
    assert.strictEqual(baseCitationKey({ title: 'Über-Dynamics: of Cells', authors: ['Jörn Dunkel'], date: '2025-01-01' }), 'dunkel2025uberdynamics');
  });

  it('uses two title words around the year when no author is named', () => {
    assert.strictEqual(baseCitationKey({ title: 'Multi-scale Feature Learning Dynamics: Insights for Double Descent', authors: [], date: '2021-12-06' }), 'multiscale2021feature');
  });

  it('leaves the year out when the date is unknown', () => {
    assert.strictEqual(baseCitationKey({ title: 'Dale meets Langevin', authors: [], date: null }), 'dalelangevin');
    assert.strictEqual(baseCitationKey({ title: 'The Grokking Puzzle', authors: ['A. Power'], date: null }), 'powergrokking');
  });

  it('finds the family name in "Given Family", "Family, Given", particles and suffixes', () => {
    assert.deepStrictEqual(
      ['Yikuan Zhang', 'Zhang, Yikuan', 'Ludwig van Beethoven', 'John Smith Jr.', 'Y. Tu', 'Plato'].map(familyName),
      ['Zhang', 'Zhang', 'van Beethoven', 'Smith', 'Tu', 'Plato'],
    );
    assert.strictEqual(baseCitationKey({ title: 'Symphonies', authors: ['Ludwig van Beethoven'], date: '1808-01-01' }), 'vanbeethoven1808symphonies');
  });

  it('skips articles and prepositions when picking title words', () => {
    assert.deepStrictEqual(significantTitleWords('On the Dynamics of Acceleration in First order Gradient Methods').slice(0, 3), ['dynamics', 'acceleration', 'first']);
  });

  it('suffixes colliding keys a, b, … in order of paper id, whatever the input order', () => {
    const papers = [
      { id: 'c', title: 'Grokking beyond toys', authors: ['X Li'], date: '2024-01-01' },
      { id: 'a', title: 'Grokking at the edge', authors: ['Y Li'], date: '2024-05-01' },
      { id: 'b', title: 'Grokking explained', authors: ['Z Li'], date: '2024-09-01' },
    ];
    const expected = new Map([['a', 'li2024grokking'], ['b', 'li2024grokkinga'], ['c', 'li2024grokkingb']]);
    assert.deepStrictEqual(assignCitationKeys(papers), expected);
    assert.deepStrictEqual(new Map([...assignCitationKeys([...papers].reverse())].sort()), new Map([...expected].sort()));
  });

  it('keeps a key the user\'s .bib already uses, and generated keys step around it', () => {
    const keys = assignCitationKeys([
      { id: 'a', title: 'Grokking at the edge', authors: ['Y Li'], date: '2024-05-01' },
      { id: 'z', title: 'Something else entirely', authors: ['Q Wu'], date: '2020-01-01', existingKey: 'li2024grokking' },
    ]);
    assert.strictEqual(keys.get('z'), 'li2024grokking');
    assert.strictEqual(keys.get('a'), 'li2024grokkinga');
  });
});
