import * as assert from 'assert';
import { linearScanSearch, PaperIndex, paperMatchesQuery, parseQuery, type SearchHit } from '../../src/core/search';
import type { Paper } from '../../src/core/types';
import { paper } from './paperFactory';

const PAPERS: Paper[] = [
  paper('diffusion-title', {
    title: 'Diffusion Models for Protein Design',
    authors: ['Alice Smith', 'Bob Jones'],
    abstract: 'We generate backbones with a generative model trained on structures.',
    date: '2024-05-01',
    upvotes: 10,
  }),
  paper('diffusion-abstract', {
    title: 'Graph Neural Networks Revisited',
    authors: ['Carol White'],
    abstract: 'Message passing is a form of diffusion on graphs; we revisit diffusion kernels.',
    date: '2023-02-01',
    upvotes: 1,
  }),
  paper('superlinear', {
    title: 'On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature',
    authors: ['Yikuan Zhang', 'Ning Yang', 'Y. Tu'],
    organization: 'Flatiron Institute',
    abstract: 'Stochastic gradient descent introduces anisotropic noise correlated with curvature.',
    date: '2026-02-05',
  }),
  paper('tuesday', {
    title: 'Weekly Rhythms of Lab Productivity',
    authors: ['Erin Black'],
    abstract: 'Experiments that ran on Tuesday were more reproducible than others.',
    date: '2026-01-10',
    upvotes: 3,
  }),
  paper('tuan', {
    title: 'Sparse Attention at Scale',
    authors: ['Tuan Le'],
    abstract: 'Sparse attention patterns reduce the cost of long contexts.',
    date: '2025-06-01',
    upvotes: 2,
  }),
  paper('smith-abstract', {
    title: 'Lattices and Integer Matrices',
    authors: ['Dana Green'],
    abstract: 'We compute the Smith normal form of integer matrices quickly.',
    date: '2022-09-09',
  }),
  paper('score-matching', {
    title: 'Denoising Objectives for Generative Modelling',
    authors: ['Frank Gray'],
    abstract: 'Score matching estimates the gradient of the log density; we connect it to denoising.',
    date: '2025-11-20',
    upvotes: 40,
  }),
  paper('undated', {
    title: 'A Note Without a Date',
    authors: ['Jörn Dunkel'],
    abstract: 'Active matter and design of protein assemblies, briefly.',
  }),
];

const TOPICS = new Map([
  ['diffusion-title', { id: 't-diffusion', label: 'Diffusion models' }],
  ['score-matching', { id: 't-diffusion', label: 'Diffusion models' }],
  ['diffusion-abstract', { id: 't-graphs', label: 'Graph learning' }],
  ['superlinear', { id: 't-sgd', label: 'SGD noise and curvature' }],
]);

function ids(hits: SearchHit[]): string[] {
  return hits.map((hit) => hit.paper.id);
}

describe('PaperIndex.search', () => {
  const index = PaperIndex.build(PAPERS, { topics: TOPICS });

  it('ranks a word in the title above the same word in an abstract', () => {
    assert.deepStrictEqual(ids(index.search('diffusion ')), ['diffusion-title', 'diffusion-abstract']);
  });

  it('ranks a word in the author list above the same word in an abstract', () => {
    assert.deepStrictEqual(ids(index.search('smith ')), ['diffusion-title', 'smith-abstract']);
  });

  it('finds diffusion from the typo difusion', () => {
    assert.deepStrictEqual(ids(index.search('difusion')), ['diffusion-title']);
  });

  it('ranks the common correction of a typo above a rare one', () => {
    const corpus = [
      paper('rare-variant', { title: 'Queral Grids', date: '2020-01-01' }),
      ...['a', 'b', 'c'].map((n) => paper(`neural-${n}`, { title: `Neural Fields ${n}`, date: '2019-01-01' })),
    ];
    assert.deepStrictEqual(ids(PaperIndex.build(corpus).search('nueral ')), ['neural-a', 'neural-b', 'neural-c', 'rare-variant']);
  });

  it('completes the word being typed: superlin finds Superlinear', () => {
    assert.deepStrictEqual(ids(index.search('superlin')), ['superlinear']);
  });

  it('does not complete a word followed by a space', () => {
    assert.deepStrictEqual(ids(index.search('superlin ')), []);
  });

  it('author:tu matches name tokens starting with tu (Y. Tu, Tuan Le) but not Tuesday in an abstract, newest first', () => {
    assert.deepStrictEqual(ids(index.search('author:tu')), ['superlinear', 'tuan']);
  });

  it('a quoted author: value must match within one author', () => {
    assert.deepStrictEqual(ids(index.search('author:"yikuan zhang"')), ['superlinear']);
    assert.deepStrictEqual(ids(index.search('author:"yikuan yang"')), []);
  });

  it('matches author names without their accents', () => {
    assert.deepStrictEqual(ids(index.search('author:jorn')), ['undated']);
  });

  it('year:2025 keeps papers of 2025, newest first', () => {
    assert.deepStrictEqual(ids(index.search('year:2025')), ['score-matching', 'tuan']);
  });

  it('year:>2023 keeps papers after 2023 and leaves out undated ones', () => {
    assert.deepStrictEqual(ids(index.search('year:>2023')), ['superlinear', 'tuesday', 'score-matching', 'tuan', 'diffusion-title']);
  });

  it('year:2023..2024 keeps an inclusive range', () => {
    assert.deepStrictEqual(ids(index.search('year:2023..2024')), ['diffusion-title', 'diffusion-abstract']);
  });

  it('upvotes:>2 keeps papers with more than two upvotes and leaves out unknown counts', () => {
    assert.deepStrictEqual(ids(index.search('upvotes:>2')), ['tuesday', 'score-matching', 'diffusion-title']);
  });

  it('topic: matches words of the topic label', () => {
    assert.deepStrictEqual(ids(index.search('topic:diffusion')), ['score-matching', 'diffusion-title']);
    assert.deepStrictEqual(ids(index.search('topic:curv')), ['superlinear']);
  });

  it('topic: matches a topic id', () => {
    assert.deepStrictEqual(ids(index.search('topic:t-graphs')), ['diffusion-abstract']);
  });

  it('a phrase must appear verbatim, ignoring case', () => {
    assert.deepStrictEqual(ids(index.search('"protein design"')), ['diffusion-title']);
    assert.deepStrictEqual(ids(index.search('"design protein"')), []);
  });

  it('a phrase matches across punctuation but not inside a longer word', () => {
    assert.deepStrictEqual(ids(index.search('"form of diffusion"')), ['diffusion-abstract']);
    assert.deepStrictEqual(ids(index.search('"diffusion kernel"')), []);
  });

  it('OR between phrases finds papers with either, a title match first', () => {
    assert.deepStrictEqual(ids(index.search('"diffusion models" OR "score matching"')), ['diffusion-title', 'score-matching']);
  });

  it('OR between words ranks papers having either', () => {
    assert.deepStrictEqual(ids(index.search('curvature OR lattices ')), ['smith-abstract', 'superlinear']);
  });

  it('a leading minus excludes papers with the word', () => {
    assert.deepStrictEqual(ids(index.search('diffusion -protein ')), ['diffusion-abstract']);
  });

  it('tu 2026: a bare year filters by year when papers of that year exist', () => {
    assert.deepStrictEqual(ids(index.search('tu 2026')), ['superlinear']);
    assert.deepStrictEqual(ids(index.search('2026')), ['superlinear', 'tuesday']);
  });

  it('a bare year no paper has is searched as a word', () => {
    const withYearWord = PaperIndex.build([paper('w', { title: 'Lessons from 1999', date: '2020-01-01' })]);
    assert.deepStrictEqual(ids(withYearWord.search('1999')), ['w']);
  });

  it('requires every word, in any field', () => {
    assert.deepStrictEqual(ids(index.search('sgd flatiron ')), ['superlinear']);
  });

  it('when no paper has every word, ranks papers by how many they have', () => {
    assert.deepStrictEqual(ids(index.search('lattices zebra ')), ['smith-abstract']);
  });

  it('ignores stop words and single letters next to real words', () => {
    assert.deepStrictEqual(ids(index.search('the diffusion of a ')), ids(index.search('diffusion ')));
  });

  it('excludes a word as written, not its completions', () => {
    assert.deepStrictEqual(ids(index.search('graph -net ')), ['diffusion-abstract']);
    assert.deepStrictEqual(ids(index.search('graph -networks ')), []);
  });

  it('finds the paper whose whole abstract was pasted as the query', () => {
    assert.strictEqual(index.search(PAPERS[2].abstract)[0].paper.id, 'superlinear');
    assert.strictEqual(index.search(PAPERS[6].abstract.repeat(3))[0].paper.id, 'score-matching');
  });

  it('answers a 5,000-letter word without typo expansion blowing up', () => {
    assert.deepStrictEqual(index.search('d'.repeat(5000)), []);
    assert.deepStrictEqual(index.search(`"${'protein '.repeat(400)}"`), []);
  });

  it('treats an unknown field as plain words', () => {
    assert.deepStrictEqual(ids(index.search('models:diffusion ')), ['diffusion-title']);
  });

  it('returns the newest papers for an empty query, undated last', () => {
    assert.deepStrictEqual(ids(index.search('', { limit: 4 })), ['superlinear', 'tuesday', 'score-matching', 'tuan']);
    assert.deepStrictEqual(ids(index.search('   ')).slice(-1), ['undated']);
  });

  it('caps the number of hits at the limit', () => {
    assert.deepStrictEqual(ids(index.search('year:>2000', { limit: 2 })), ['superlinear', 'tuesday']);
    assert.deepStrictEqual(index.search('diffusion', { limit: 0 }), []);
    assert.strictEqual(index.search('', { limit: Infinity }).length, PAPERS.length);
    assert.strictEqual(index.search('', { limit: NaN }).length, PAPERS.length);
    assert.deepStrictEqual(ids(index.search('year:>2000', { limit: 2.7 })), ['superlinear', 'tuesday']);
  });

  it('indexes papers with missing or malformed fields without throwing', () => {
    const odd = [
      { id: 'odd-1', title: undefined, authors: 'not a list', abstract: null, date: 'someday', upvotes: -3 },
      { id: 'odd-2', title: 'Odd but Searchable', authors: [null, 'Ann Lee'], abstract: 'Text.', date: '2024', upvotes: 'x' },
    ] as unknown as Paper[];
    const index = PaperIndex.build(odd);
    assert.deepStrictEqual(ids(index.search('odd ')), ['odd-2']);
    assert.deepStrictEqual(ids(index.search('year:2024')), ['odd-2']);
    assert.deepStrictEqual(ids(index.search('author:lee')), ['odd-2']);
    assert.deepStrictEqual(ids(index.search('upvotes:<1')), []);
    assert.strictEqual(index.filter('').size, 2);
  });

  it('reports which terms matched in which field', () => {
    const [hit] = index.search('diffusion generative ');
    assert.strictEqual(hit.paper.id, 'diffusion-title');
    assert.deepStrictEqual(hit.matches, [
      { field: 'title', terms: ['diffusion'] },
      { field: 'abstract', terms: ['generative'] },
    ]);
    const [authorHit] = index.search('flatiron ');
    assert.deepStrictEqual(authorHit.matches, [{ field: 'authors', terms: ['flatiron'] }]);
  });

  it('gives a snippet of the abstract around the first match, with ellipses where cut', () => {
    const long = paper('long', {
      title: 'Long',
      abstract: `${'Preamble words fill the start of this abstract. '.repeat(4)}Here the kinetic proofreading mechanism appears and then ${'more trailing words follow. '.repeat(5)}`,
    });
    const [hit] = PaperIndex.build([long]).search('proofreading ');
    assert.strictEqual(
      hit.snippet,
      '…of this abstract. Here the kinetic proofreading mechanism appears and then more trailing words follow. more trailing…',
    );
  });

  it('gives the whole abstract as snippet when it is short', () => {
    assert.strictEqual(index.search('tuesday ')[0].snippet, 'Experiments that ran on Tuesday were more reproducible than others.');
  });

  it('never throws on random input and returns at most the limit', () => {
    const alphabet = ['di', 'ff', 'u', ' ', ' ', '"', ':', '-', '>', '<', '=', '..', '2', '0', 'OR', 'author:', 'year:', 'topic:', 'upvotes:', '\u0000', '\uD835', 'ö', '\n', '*'];
    let seed = 11;
    const random = (): number => {
      seed = (seed * 48271) % 2147483647;
      return seed / 2147483647;
    };
    for (let run = 0; run < 1000; run++) {
      let text = '';
      const length = Math.floor(random() * 14);
      for (let position = 0; position < length; position++) text += alphabet[Math.floor(random() * alphabet.length)];
      assert.ok(index.search(text, { limit: 3 }).length <= 3, text);
      index.filter(text);
    }
  });
});

describe('PaperIndex.filter and matchesQuery', () => {
  const index = PaperIndex.build(PAPERS, { topics: TOPICS });

  it('filter returns every matching id, words matching by prefix', () => {
    assert.deepStrictEqual([...index.filter('diffus')].sort(), ['diffusion-abstract', 'diffusion-title']);
  });

  it('filter of an empty query is every paper', () => {
    assert.strictEqual(index.filter('').size, PAPERS.length);
  });

  it('a user topic written with OR collects papers with either phrase', () => {
    assert.deepStrictEqual([...index.filter('"diffusion" OR "score matching"')].sort(), ['diffusion-abstract', 'diffusion-title', 'score-matching']);
  });

  it('matchesQuery agrees with filter on every paper for a range of queries', () => {
    const queries = ['diffus', 'tu', 'author:tu', '"protein design"', 'protein -design', 'graph -net', 'topic:diffusion OR year:<2023', '-upvotes:>2', 'tu 2026', '"of the"', 'active OR sparse'];
    for (const query of queries) {
      const parsed = parseQuery(query);
      const expected = PAPERS.filter((p) => index.matchesQuery(p, parsed)).map((p) => p.id).sort();
      assert.deepStrictEqual([...index.filter(query)].sort(), expected, query);
    }
  });

  it('paperMatchesQuery works without an index, with topics and years from the caller', () => {
    const superlinear = PAPERS[2];
    assert.strictEqual(paperMatchesQuery(superlinear, 'topic:sgd', { topicOf: (id) => TOPICS.get(id) }), true);
    assert.strictEqual(paperMatchesQuery(superlinear, 'topic:sgd'), false);
    assert.strictEqual(paperMatchesQuery(superlinear, 'curvature 2026'), true);
    assert.strictEqual(paperMatchesQuery(superlinear, 'curvature 2025'), false);
  });
});

describe('PaperIndex updates', () => {
  it('setTopics changes topic: results without re-indexing text', () => {
    const index = PaperIndex.build(PAPERS);
    assert.deepStrictEqual(ids(index.search('topic:diffusion')), []);
    index.setTopics(TOPICS);
    assert.deepStrictEqual(ids(index.search('topic:diffusion')), ['score-matching', 'diffusion-title']);
    index.setTopics((id) => (id === 'tuan' ? { id: 'x', label: 'Attention' } : undefined));
    assert.deepStrictEqual(ids(index.search('topic:attention')), ['tuan']);
    assert.deepStrictEqual(index.topicOf('tuan'), { id: 'x', label: 'Attention' });
  });

  it('add, remove and replace papers for a reloaded file', () => {
    const index = PaperIndex.build(PAPERS.slice(0, 3));
    index.add([paper('new', { title: 'Kinetic Proofreading Revisited', date: '2026-03-01' })]);
    assert.deepStrictEqual(ids(index.search('proofreading ')), ['new']);
    index.replace([paper('new', { title: 'Kinetic Sorting Revisited', date: '2026-03-01' })]);
    assert.deepStrictEqual(ids(index.search('proofreading ')), []);
    assert.deepStrictEqual(ids(index.search('sorting ')), ['new']);
    index.remove(['new', 'superlinear']);
    assert.deepStrictEqual(ids(index.search('sorting ')), []);
    assert.deepStrictEqual(ids(index.search('curvature ')), []);
    assert.strictEqual(index.size, 2);
    assert.deepStrictEqual(ids(index.search('diffusion ')), ['diffusion-title', 'diffusion-abstract']);
  });

  it('keeps answering correctly after many small updates force a compaction', () => {
    const index = PaperIndex.build(PAPERS);
    for (let round = 0; round < 12; round++) index.replace([paper(`r${round % 3}`, { title: `Round ${round} entropy`, date: `2020-01-${10 + round}` })]);
    assert.deepStrictEqual(ids(index.search('entropy ')), ['r2', 'r1', 'r0']);
    assert.deepStrictEqual(ids(index.search('round 11 ')), ['r2']);
    assert.strictEqual(index.size, PAPERS.length + 3);
  });
});

describe('PaperIndex live reloads at scale', () => {
  it('keeps every paper findable across many file reloads that each add and replace papers', () => {
    const base = Array.from({ length: 40 }, (_, n) => paper(`base-${n}`, { title: `Base study ${n} of plankton`, date: '2020-01-01' }));
    const index = PaperIndex.build(base);
    for (let reload = 0; reload < 20; reload++) {
      index.replace([
        paper(`file-${reload % 5}`, { title: `Reloaded sheet ${reload} on krill`, date: `2021-01-${String(reload + 1).padStart(2, '0')}` }),
        paper(`new-${reload}`, { title: `Extra note ${reload} on krill`, date: '2019-01-01' }),
      ]);
    }
    index.remove(['base-0']);
    assert.strictEqual(index.size, 40 - 1 + 5 + 20);
    assert.deepStrictEqual(ids(index.search('krill ', { limit: 5 })).slice(0, 5).sort(), ['file-0', 'file-1', 'file-2', 'file-3', 'file-4']);
    assert.deepStrictEqual(ids(index.search('"sheet 19"')), ['file-4']);
    assert.deepStrictEqual(ids(index.search('"sheet 14"')), []);
    assert.strictEqual(index.filter('krill').size, 25);
    assert.strictEqual(index.filter('plankton').size, 39);
    const restored = PaperIndex.fromJSON(index.toJSON(), [...base.slice(1), ...index.search('krill', { limit: 100 }).map((hit) => hit.paper)]);
    assert.strictEqual(restored.filter('krill').size, 25);
    assert.deepStrictEqual(ids(restored.search('"sheet 19"')), ['file-4']);
  });
});

describe('PaperIndex serialisation', () => {
  it('a snapshot with typed arrays, and its JSON text, restore an index that answers exactly as the original', () => {
    const index = PaperIndex.build(PAPERS, { topics: TOPICS });
    const snapshot = index.toJSON();
    assert.ok(snapshot.segments[0].fields[0].postings instanceof Uint8Array);
    const text = JSON.stringify(index);
    assert.strictEqual(typeof JSON.parse(text).segments[0].fields[0].postings, 'string');
    for (const restored of [PaperIndex.fromJSON(snapshot, PAPERS, { topics: TOPICS }), PaperIndex.fromJSON(JSON.parse(text), PAPERS, { topics: TOPICS })]) {
      for (const query of ['diffusion ', 'difusion', 'superlin', 'author:tu', 'topic:diffusion', '"protein design"', 'tu 2026', '']) {
        assert.deepStrictEqual(restored.search(query), index.search(query), query);
      }
    }
  });

  it('restores step by step within deadlines, or in slices between event-loop turns, to the same answers', async () => {
    const index = PaperIndex.build(PAPERS, { topics: TOPICS });
    const restorer = PaperIndex.restorer(index.toJSON(), PAPERS, { topics: TOPICS });
    let steps = 1;
    while (!restorer.step(-1)) steps++;
    assert.ok(steps > 1, 'a deadline already passed ends each step early');
    const sliced = await PaperIndex.fromJSONInSlices(index.toJSON(), PAPERS, { topics: TOPICS, sliceMs: 0 });
    for (const restored of [restorer.result(), sliced]) {
      assert.deepStrictEqual(ids(restored.search('topic:diffusion')), ['score-matching', 'diffusion-title']);
      assert.deepStrictEqual(ids(restored.search('difusion')), ['diffusion-title']);
    }
  });

  it('restores over papers given in another order', () => {
    const index = PaperIndex.build(PAPERS);
    const restored = PaperIndex.fromJSON(index.toJSON(), [...PAPERS].reverse());
    assert.deepStrictEqual(ids(restored.search('diffusion ')), ['diffusion-title', 'diffusion-abstract']);
    assert.deepStrictEqual(ids(restored.search('')), ids(index.search('')));
  });

  it('indexes afresh papers that are new or changed since the snapshot, and drops removed ones', () => {
    const snapshot = JSON.parse(JSON.stringify(PaperIndex.build(PAPERS)));
    const changed = PAPERS.filter((p) => p.id !== 'tuan').map((p) => (p.id === 'tuesday' ? { ...p, abstract: 'Experiments ran on Friday.' } : p));
    changed.push(paper('fresh', { title: 'Fresh Paper on Tuesday Effects' }));
    const restored = PaperIndex.fromJSON(snapshot, changed);
    assert.deepStrictEqual(ids(restored.search('tuesday ')), ['fresh']);
    assert.deepStrictEqual(ids(restored.search('friday ')), ['tuesday']);
    assert.deepStrictEqual(ids(restored.search('sparse ')), []);
    assert.strictEqual(restored.size, PAPERS.length);
  });

  it('builds from the papers when the snapshot is not one', () => {
    const broken = { ...PaperIndex.build(PAPERS).toJSON(), fingerprints: 'not base64 of the right length' };
    for (const junk of [null, 42, 'x', {}, { format: 'paper-shelf-search-index', version: 99 }, broken]) {
      assert.deepStrictEqual(ids(PaperIndex.fromJSON(junk, PAPERS).search('superlin')), ['superlinear']);
    }
  });
});

describe('linearScanSearch', () => {
  it('finds papers containing every word as a substring, title hits first', () => {
    assert.deepStrictEqual(ids(linearScanSearch(PAPERS, 'diffusion', 10)), ['diffusion-title', 'diffusion-abstract']);
    // Naive substrings: "tu" also hits "structures".
    assert.deepStrictEqual(ids(linearScanSearch(PAPERS, 'tu', 10)), ['superlinear', 'tuan', 'tuesday', 'diffusion-title']);
  });
});
