import * as assert from 'assert';
import { assignCitationKeys, baseCitationKey, citationKeysOf, familyName, significantTitleWords, type KeyRequest } from '../../src/core/citationKeys';
import { foldToAscii } from '../../src/core/normalize';
import { seededRandom } from '../../src/core/topics/kmeans';

/** The collision rule as stated: existing keys by paper id, then bases in sorted order, each base's papers by id, suffixes a, b, …, z, aa, … */
function keysBySortedBases(papers: KeyRequest[]): Map<string, string> {
  const byId = [...papers].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
  const keys = new Map<string, string>();
  const taken = new Set<string>();
  for (const paper of byId) {
    if (paper.existingKey && !taken.has(paper.existingKey)) {
      keys.set(paper.id, paper.existingKey);
      taken.add(paper.existingKey);
    }
  }
  const byBase = new Map<string, KeyRequest[]>();
  for (const paper of byId) if (!keys.has(paper.id)) byBase.set(baseCitationKey(paper), [...(byBase.get(baseCitationKey(paper)) ?? []), paper]);
  for (const base of [...byBase.keys()].sort()) {
    let next = 0;
    byBase.get(base)!.forEach((paper, i) => {
      let candidate = base;
      while (i > 0 || taken.has(candidate)) {
        let n = next++;
        let letters = '';
        do {
          letters = String.fromCharCode(97 + (n % 26)) + letters;
          n = Math.floor(n / 26) - 1;
        } while (n >= 0);
        candidate = base + letters;
        if (!taken.has(candidate)) break;
      }
      keys.set(paper.id, candidate);
      taken.add(candidate);
    });
  }
  return keys;
}

/** Papers whose bases are prefixes of one another (`li2024grok`, `li2024groka`, …), with existing keys that sit on generated ones. */
function crowdedPapers(count: number, seed: number): KeyRequest[] {
  const random = seededRandom(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const words = ['grok', 'groka', 'grokb', 'grokaa', 'grokab', 'grokz', 'a', 'the', 'Grok-a', 'GROK', 'b'];
  const existing = ['li2024grok', 'li2024groka', 'li2024grokaa', 'li2024grokb', 'wu2024grok', 'grok2024b', 'grok2024', 'li2024grokaaa'];
  const ids = new Set<string>();
  while (ids.size < count) ids.add(Math.floor(random() * 1e9).toString(36));
  return [...ids].map((id) => ({
    id,
    title: `${pick(words)} ${pick(words)} ${pick(words)}`,
    authors: random() < 0.8 ? [pick(['Y Li', 'X Li', 'Q Wu', 'Li, Z'])] : [],
    date: pick(['2024-05-01', '2024-09-01', null]),
    ...(random() < 0.15 ? { existingKey: pick(existing) } : {}),
  }));
}

/** significantTitleWords as the rule states it: split on white space, fold, keep letters and digits, drop grammar words. */
function wordsBySplitting(title: string, limit: number, insignificant: Set<string>): string[] {
  const words: string[] = [];
  for (const raw of title.split(/\s+/)) {
    const word = foldToAscii(raw).toLowerCase().replace(/[^a-z0-9]+/g, '');
    if (word.length > 0 && !insignificant.has(word)) words.push(word);
    if (words.length >= limit) break;
  }
  return words;
}

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

  it('gives a base that extends another base the next free suffix after the shorter base took its own', () => {
    const papers = [
      { id: 'e', title: 'Groka', authors: ['Z Li'], date: '2024-09-01' },
      { id: 'd', title: 'Grok a tale', authors: ['Y Li'], date: '2024-01-01' },
      { id: 'a', title: 'Grok one', authors: ['Y Li'], date: '2024-05-01' },
      { id: 'c', title: 'Grok two', authors: ['X Li'], date: '2024-09-01' },
      { id: 'b', title: 'Grok three', authors: ['Z Li'], date: '2024-09-01' },
    ];
    const expected = new Map([['a', 'li2024grok'], ['b', 'li2024groka'], ['c', 'li2024grokb'], ['d', 'li2024grokc'], ['e', 'li2024grokaa']]);
    assert.deepStrictEqual(assignCitationKeys(papers), expected);
    assert.deepStrictEqual(citationKeysOf(papers), ['li2024grokaa', 'li2024grokc', 'li2024grok', 'li2024grokb', 'li2024groka']);
  });

  it('skips suffixes that existing keys hold, and an existing key held by a smaller id is generated anew', () => {
    const keys = assignCitationKeys([
      { id: 'a', title: 'Grok one', authors: ['Y Li'], date: '2024-05-01' },
      { id: 'b', title: 'Grok two', authors: ['Y Li'], date: '2024-05-01' },
      { id: 'c', title: 'Grok three', authors: ['Y Li'], date: '2024-05-01' },
      { id: 'x', title: 'Other', authors: ['Q Wu'], date: '2020-01-01', existingKey: 'li2024groka' },
      { id: 'y', title: 'Grok four', authors: ['Y Li'], date: '2024-05-01', existingKey: 'li2024groka' },
    ]);
    assert.deepStrictEqual(Object.fromEntries(keys), { a: 'li2024grok', b: 'li2024grokb', c: 'li2024grokc', x: 'li2024groka', y: 'li2024grokd' });
  });

  it('assigns the keys of the sorted-bases rule to crowded, prefix-sharing papers in any input order', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const papers = crowdedPapers(5 + seed * 3, seed);
      const expected = keysBySortedBases(papers);
      const keys = citationKeysOf(papers);
      assert.deepStrictEqual(papers.map((p, i) => [p.id, keys[i]]), papers.map((p) => [p.id, expected.get(p.id)]), `seed ${seed}`);
      assert.strictEqual(new Set(keys).size, papers.length, `seed ${seed}: keys are unique`);
      assert.deepStrictEqual(assignCitationKeys([...papers].reverse()), expected, `seed ${seed}, reversed`);
    }
  });

  it('picks the same title words by scanning ASCII titles as by splitting them on white space', () => {
    // Of these pieces, exactly these fold to grammar words.
    const insignificant = new Set(['a', 'the', 'of', 'on', 'and']);
    const random = seededRandom(5);
    const pieces = ['The', 'of', 'A', 'Multi-scale', 'GPT-4o', '(Feature)', 'Ü', 'über', '--', ':', 'x2', 'and', 'on', 'ON'];
    const spaces = [' ', '  ', '\t', '\n', '\r\n', '\v', '\f', '\u00a0', '\u2003'];
    for (let n = 0; n < 1500; n++) {
      let title = random() < 0.3 ? spaces[Math.floor(random() * spaces.length)] : '';
      const count = Math.floor(random() * 7);
      for (let i = 0; i < count; i++) title += pieces[Math.floor(random() * pieces.length)] + spaces[Math.floor(random() * spaces.length)];
      for (const limit of [0, 1, 2, 3, Infinity]) {
        assert.deepStrictEqual(significantTitleWords(title, limit), wordsBySplitting(title, limit, insignificant), `${JSON.stringify(title)} limit ${limit}`);
      }
    }
    assert.deepStrictEqual(significantTitleWords('\tGPT-4o:  the (Feature) of Multi-scale', 2), ['gpt4o', 'feature']);
    assert.deepStrictEqual(significantTitleWords('Grokking Puzzle', 0), ['grokking']);
    assert.deepStrictEqual(significantTitleWords(' Grokking Puzzle', 0), []);
  });

  it('keys a first author by the family name familyName finds, folded, for any spacing, comma, particle or suffix', () => {
    const random = seededRandom(9);
    const pieces = ['Jörn', 'van', 'der', 'Smith', 'Jr.', 'III', 'de', 'la', 'Cruz', 'Ł.', 'O\'Neil', 'Zhang,', ',', 'PhD', 'al', '—', 'Ærø'];
    const spaces = [' ', '  ', '\t', '\u00a0', '\u2003', '\n'];
    const names = ['Ludwig van Beethoven', 'John Smith Jr.', '  Yikuan Zhang ', 'Zhang, Yikuan', 'Jr.', '', ' ', 'A. de la Cruz', 'Mary-Jane O\'Neil III'];
    for (let n = 0; n < 800; n++) {
      let name = random() < 0.3 ? spaces[Math.floor(random() * spaces.length)] : '';
      const count = 1 + Math.floor(random() * 5);
      for (let i = 0; i < count; i++) name += pieces[Math.floor(random() * pieces.length)] + (i < count - 1 || random() < 0.3 ? spaces[Math.floor(random() * spaces.length)] : '');
      names.push(name);
    }
    for (const name of names) {
      const family = foldToAscii(familyName(name)).toLowerCase().replace(/[^a-z0-9]+/g, '');
      const expected = family ? `${family}2024grokking` : 'grokking2024';
      assert.strictEqual(baseCitationKey({ title: 'Grokking', authors: [name], date: '2024-01-01' }), expected, JSON.stringify(name));
      assert.deepStrictEqual(citationKeysOf([{ id: 'x', title: 'Grokking', authors: [name], date: '2024-01-01' }]), [expected], JSON.stringify(name));
    }
    assert.strictEqual(baseCitationKey({ title: 'Grokking', authors: ['  Ludwig  van der Beethoven Jr. '], date: '2024-01-01' }), 'vanderbeethoven2024grokking');
  });
});
