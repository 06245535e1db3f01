import * as assert from 'assert';
import { crc32, packContainer, packValue, unpackContainer, unpackValue } from '../../src/core/cache';
import { PaperIndex, type SearchHit, type SerializedPaperIndex } from '../../src/core/search';
import { buildSegment } from '../../src/core/search/segment';
import { TermDictionary } from '../../src/core/search/termDictionary';
import { ABSTRACT_STOP_WORDS } from '../../src/core/search/tokenize';
import { paper, seedPapers } from './paperFactory';

function titles(hits: SearchHit[]): string[] {
  return hits.map((hit) => hit.paper.title);
}

function ids(hits: SearchHit[]): string[] {
  return hits.map((hit) => hit.paper.id);
}

/** The snapshot as the binary cache stores and hands it back: typed arrays in sections of their own. */
function throughCache(snapshot: SerializedPaperIndex): unknown {
  const bytes = packContainer('snapshot', {}, packValue(snapshot, 'index'), crc32);
  return unpackValue(unpackContainer(bytes, 'snapshot', crc32, true), 'index');
}

/** A deep copy whose typed arrays are fresh copies, so a test can damage it without touching the index. */
function copyOf(snapshot: SerializedPaperIndex): SerializedPaperIndex {
  return structuredClone(snapshot);
}

const SEED_QUERIES = [
  'grokking',
  'author:tu',
  'neural netw',
  'neural network',
  '"double descent"',
  'difusion',
  'superlin',
  'scaling laws',
  'learning -grokking',
  'year:2025 diffusion',
  'transformer OR attention',
  'author:"zhang"',
  'a',
  'th',
  '',
];

describe('PaperIndex snapshot format', () => {
  const papers = seedPapers();
  const index = PaperIndex.build(papers);

  it('restores from the binary cache and from JSON text to the same hits, scores, matches and snippets for every query', () => {
    const fromCache = PaperIndex.restorer(throughCache(index.toJSON()), papers);
    const fromText = PaperIndex.restorer(JSON.parse(JSON.stringify(index)), papers);
    for (const restorer of [fromCache, fromText]) {
      const restored = restorer.result();
      assert.strictEqual(restorer.problem, undefined);
      assert.strictEqual(restored.size, index.size);
      for (const query of SEED_QUERIES) {
        assert.deepStrictEqual(restored.search(query, { limit: 200 }), index.search(query, { limit: 200 }), query);
        assert.deepStrictEqual([...restored.filter(query)].sort(), [...index.filter(query)].sort(), query);
      }
    }
    assert.deepStrictEqual(titles(fromCache.result().search('grokking')), [
      'Grokking as the Transition from Lazy to Rich Training Dynamics',
      'Provable Scaling Laws of Feature Emergence from Learning Dynamics of Grokking',
    ]);
  });

  it('restoring keeps the snapshot arrays as they are instead of rebuilding postings or the dictionary', () => {
    const snapshot = throughCache(index.toJSON()) as SerializedPaperIndex;
    const restored = PaperIndex.fromJSON(snapshot, papers);
    const again = restored.toJSON();
    assert.strictEqual(again.segments.length, 1);
    for (let field = 0; field < 4; field++) {
      assert.strictEqual(again.segments[0].fields[field].postings, snapshot.segments[0].fields[field].postings);
      assert.strictEqual(again.segments[0].fields[field].starts, snapshot.segments[0].fields[field].starts);
    }
    // The dictionary hands out views of its arrays: the same memory, not copies.
    assert.strictEqual((again.dictionary.starts as Int32Array).buffer, (snapshot.dictionary.starts as Int32Array).buffer);
    assert.strictEqual((again.dictionary.chars as Uint16Array).buffer, (snapshot.dictionary.chars as Uint16Array).buffer);
    assert.strictEqual(again.dictionary.twoCharIds, snapshot.dictionary.twoCharIds);
  });

  it('stores postings as typed arrays (varint bytes) in the binary form and base64 text in JSON', () => {
    const snapshot = index.toJSON();
    assert.strictEqual(snapshot.version, 2);
    assert.strictEqual(snapshot.docCount, papers.length);
    assert.ok(snapshot.segments[0].fields[3].postings instanceof Uint8Array);
    assert.ok(snapshot.dictionary.chars instanceof Uint16Array);
    const text = JSON.parse(JSON.stringify(index));
    assert.strictEqual(typeof text.segments[0].fields[3].postings, 'string');
    assert.strictEqual(typeof text.dictionary.table, 'string');
    // Ids back to back, each ending where docIdEnds says.
    const ends = snapshot.docIdEnds as Int32Array;
    assert.strictEqual(snapshot.docIds.slice(0, ends[0]), papers[0].id);
    assert.strictEqual(snapshot.docIds.slice(ends[0], ends[1]), papers[1].id);
  });

  it('builds for sending alone the snapshot a full build gives, for papers of distinct ids', () => {
    assert.deepStrictEqual(PaperIndex.snapshotOfDistinct(papers), index.toJSON());
    const many = Array.from({ length: 3000 }, (_, i) => paper(`d${i}`, { title: `Paper ${i} on ${['lattices', 'quasars', 'enzymes'][i % 3]}`, authors: [`Author ${i % 17}`], date: i % 7 === 0 ? null : `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}` }));
    const snapshot = PaperIndex.snapshotOfDistinct(many);
    assert.deepStrictEqual(snapshot, PaperIndex.build(many).toJSON());
    assert.deepStrictEqual(ids(PaperIndex.fromJSON(snapshot, many).search('quasars', { limit: 5 })), ids(PaperIndex.build(many).search('quasars', { limit: 5 })));
  });

  it('does not take a map of positions that misplaces the papers as its map of docs', () => {
    const named = Array.from({ length: 200 }, (_, i) => paper(`s${i}`, { title: `Zorbword${i} survey` }));
    const snapshot = PaperIndex.build(named).toJSON();
    // The right size, every id one place off: removing a paper through it would remove its neighbour.
    const shifted = new Map(named.map((p, position) => [p.id, (position + 1) % named.length]));
    const restored = PaperIndex.restorer(snapshot, named, {}, undefined, shifted).result();
    restored.remove([named[0].id]);
    const found = (query: string): string[] => ids(restored.search(query, { limit: 300 }));
    assert.strictEqual(found('zorbword0').includes(named[0].id), false, 'the removed paper is gone');
    assert.strictEqual(found('zorbword1')[0], named[1].id, 'its neighbour is still there');
    assert.strictEqual(restored.size, named.length - 1);
  });

  it('restores to the same answers with the per-paper part worked out ahead, whole or in part, and sees a paper changed since', () => {
    const snapshot = throughCache(index.toJSON());
    const whole = PaperIndex.prepareRestore(papers);
    assert.strictEqual(whole.step(Infinity), true);
    // Prepared for an equal copy of the papers, not these: left unused.
    const foreign = PaperIndex.prepareRestore(seedPapers());
    foreign.step(Infinity);
    // The papers' positions by id, as a snapshot decoder has them: the index shares the map until it changes.
    const positionOfId = new Map(papers.map((p, position) => [p.id, position]));
    for (const preparation of [whole, foreign]) {
      const restored = PaperIndex.restorer(snapshot, papers, {}, preparation, positionOfId).result();
      for (const query of SEED_QUERIES) assert.deepStrictEqual(restored.search(query, { limit: 200 }), index.search(query, { limit: 200 }), query);
      // Papers by id: each found, removed, replaced; the caller's map is left as it was.
      assert.ok(papers.every((p) => restored.has(p.id)));
      assert.strictEqual(restored.has('not-a-paper'), false);
      restored.remove([papers[0].id]);
      assert.strictEqual(restored.has(papers[0].id), false);
      assert.strictEqual(restored.size, papers.length - 1);
      restored.add([{ ...papers[1], title: 'Zyxtomorphic Replacement' }]);
      assert.strictEqual(restored.size, papers.length - 1, 'a paper added under an id it has replaces it');
      assert.deepStrictEqual(ids(restored.search('zyxtomorphic')), [papers[1].id]);
      assert.deepStrictEqual([...positionOfId], papers.map((p, position) => [p.id, position]), 'the caller\'s map is unchanged');
    }
    // A second index restored with the same map finds every paper, the one the first removed included.
    const second = PaperIndex.restorer(snapshot, papers, {}, undefined, positionOfId).result();
    assert.ok(papers.every((p) => second.has(p.id)));
    assert.deepStrictEqual(ids(second.search('zyxtomorphic')), []);
    // Part of 3,000 papers worked out ahead (a first batch of 1,024), the rest as the index is restored.
    const many = Array.from({ length: 3000 }, (_, i) => paper(`m${i}`, { title: `Paper ${i} on ${['lattices', 'quasars', 'enzymes'][i % 3]}`, date: i % 7 === 0 ? null : `20${10 + (i % 15)}-0${1 + (i % 9)}-1${i % 10}`, upvotes: i % 5 === 0 ? null : i % 40 }));
    const manyIndex = PaperIndex.build(many);
    const part = PaperIndex.prepareRestore(many);
    assert.strictEqual(part.step(-Infinity), false, 'a slice past its deadline stops after its first batch');
    const fromPart = PaperIndex.restorer(throughCache(manyIndex.toJSON()), many, {}, part).result();
    for (const query of ['quasars', 'year:2013', 'year:2012..2016 enzymes', 'upvotes:>30', '']) {
      assert.deepStrictEqual(ids(fromPart.search(query, { limit: 3000 })), ids(manyIndex.search(query, { limit: 3000 })), query);
    }
    // A paper whose title changed after the snapshot: its fingerprint, worked out ahead, no longer matches, so it is indexed afresh.
    const changed = papers.map((p, i) => (i === 3 ? { ...p, title: 'Quuxotic Retitling of a Seed Paper' } : p));
    const ahead = PaperIndex.prepareRestore(changed);
    ahead.step(Infinity);
    const changedPositions = new Map(changed.map((p, position) => [p.id, position]));
    const restored = PaperIndex.restorer(snapshot, changed, {}, ahead, changedPositions).result();
    assert.strictEqual(changedPositions.get(papers[3].id), 3, 'the caller\'s map still gives the changed paper its position');
    assert.deepStrictEqual(ids(restored.search('quuxotic')), [papers[3].id]);
    assert.deepStrictEqual(ids(restored.search('quuxotic')), ids(PaperIndex.restorer(snapshot, changed).result().search('quuxotic')));
    assert.strictEqual(restored.size, papers.length, 'the changed paper is in once, at its new doc');
    restored.remove([papers[3].id]);
    assert.deepStrictEqual(ids(restored.search('quuxotic')), []);
    assert.strictEqual(restored.size, papers.length - 1);
  });

  it('a restored index keeps answering after new papers add terms of their own', () => {
    const snapshot = index.toJSON();
    const restored = PaperIndex.fromJSON(snapshot, papers);
    restored.add([paper('zyxt', { title: 'Zyxtomorphic Grokking of Quuxes', date: '2026-11-01' })]);
    assert.deepStrictEqual(ids(restored.search('zyxto')), ['zyxt']);
    assert.ok(titles(restored.search('grokking', { limit: 10 })).includes('Zyxtomorphic Grokking of Quuxes'));
    // The snapshot's own hash table was not written into: a second restore does not know the new term.
    assert.deepStrictEqual(ids(PaperIndex.fromJSON(snapshot, papers).search('zyxtomorphic')), []);
    assert.deepStrictEqual(ids(index.search('zyxtomorphic')), []);
  });
});

describe('PaperIndex snapshot rejection', () => {
  const papers = seedPapers();
  const index = PaperIndex.build(papers);
  const expected = titles(index.search('grokking'));

  /** Restores `damaged`, checks the reason given, and that the index built instead answers as the original. */
  function assertRejected(damaged: unknown, reason: RegExp): void {
    const restorer = PaperIndex.restorer(damaged, papers);
    restorer.step(Infinity);
    assert.match(restorer.problem ?? '(accepted)', reason);
    assert.deepStrictEqual(titles(restorer.result().search('grokking')), expected);
  }

  it('names truncated postings', () => {
    const damaged = copyOf(index.toJSON());
    const field = damaged.segments[0].fields[3];
    field.postings = (field.postings as Uint8Array).subarray(0, (field.postings as Uint8Array).length - 3);
    assertRejected(damaged, /^search index snapshot: postings truncated$/);
  });

  it('names a term whose posting count cannot fit its bytes', () => {
    const damaged = copyOf(index.toJSON());
    const counts = damaged.segments[0].fields[3].counts as Int32Array;
    const term = counts.findIndex((count) => count > 0);
    counts[term] = 1_000_000_000;
    assertRejected(damaged, new RegExp(`^search index snapshot: postings of term ${term} are damaged$`));
  });

  it('names a dictionary whose terms run backwards, a hash table naming unknown terms, and cut term text', () => {
    const backwards = copyOf(index.toJSON());
    const starts = backwards.dictionary.starts as Int32Array;
    starts[100] = starts[102];
    assertRejected(backwards, /^search index snapshot: term 100 ends before it starts$/);
    const badTable = copyOf(index.toJSON());
    const table = badTable.dictionary.table as Int32Array;
    const slot = table.findIndex((value, at) => at % 4 === 3 && value !== 0);
    table[slot] = badTable.dictionary.termCount + 5;
    assertRejected(badTable, /^search index snapshot: hash table names a term that does not exist$/);
    const cut = copyOf(index.toJSON());
    cut.dictionary.chars = (cut.dictionary.chars as Uint16Array).subarray(1);
    assertRejected(cut, /^search index snapshot: term text is \d+ characters, the term table says \d+$/);
  });

  it('names missing paper ids, unreadable fingerprints, a segment past the last paper and an old version', () => {
    const ids = copyOf(index.toJSON());
    ids.docIdEnds = (ids.docIdEnds as Int32Array).subarray(0, 10);
    assertRejected(ids, /^search index snapshot: paper ids truncated$/);
    assertRejected({ ...index.toPortableJSON(), fingerprints: 'not base64 of the right length' }, /^search index snapshot: fingerprints truncated$/);
    const segment = copyOf(index.toJSON());
    segment.segments[0].endDoc = papers.length + 1;
    assertRejected(segment, /^search index snapshot: a segment covers papers that do not exist$/);
    assertRejected({ ...index.toJSON(), version: 1 }, /^search index snapshot version 1, expected 2$/);
    assertRejected({ format: 'something else' }, /^not a search index snapshot$/);
    assertRejected(null, /^not a search index snapshot$/);
  });

  it('rejects every typed array of the snapshot cut to half its length', () => {
    const snapshot = index.toJSON();
    const cutters: Array<[string, (copy: SerializedPaperIndex) => void]> = [];
    const half = <T extends Int32Array | Uint16Array | Uint8Array>(array: T): T => array.subarray(0, array.length >> 1) as T;
    cutters.push(['docIdEnds', (copy) => (copy.docIdEnds = half(copy.docIdEnds as Int32Array))]);
    cutters.push(['fingerprints', (copy) => (copy.fingerprints = half(copy.fingerprints as Int32Array))]);
    for (let field = 0; field < 4; field++) {
      cutters.push([`fieldLengths.${field}`, (copy) => (copy.fieldLengths[field] = half(copy.fieldLengths[field] as Uint16Array))]);
      cutters.push([`segments.0.${field}.starts`, (copy) => (copy.segments[0].fields[field].starts = half(copy.segments[0].fields[field].starts as Int32Array))]);
      cutters.push([`segments.0.${field}.counts`, (copy) => (copy.segments[0].fields[field].counts = half(copy.segments[0].fields[field].counts as Int32Array))]);
      cutters.push([`segments.0.${field}.postings`, (copy) => (copy.segments[0].fields[field].postings = half(copy.segments[0].fields[field].postings as Uint8Array))]);
    }
    cutters.push(['dictionary.chars', (copy) => (copy.dictionary.chars = half(copy.dictionary.chars as Uint16Array))]);
    for (const key of ['starts', 'table', 'firstCharOffsets', 'firstCharIds', 'twoCharOffsets', 'twoCharIds'] as const) {
      cutters.push([`dictionary.${key}`, (copy) => (copy.dictionary[key] = half(copy.dictionary[key] as Int32Array))]);
    }
    for (const [name, cut] of cutters) {
      const copy = copyOf(snapshot);
      cut(copy);
      const restorer = PaperIndex.restorer(copy, papers);
      restorer.step(Infinity);
      assert.match(restorer.problem ?? '(accepted)', /^search index snapshot: /, name);
      assert.deepStrictEqual(titles(restorer.result().search('grokking')), expected, name);
    }
  });

  it('never throws or names a paper that does not exist when the posting bytes themselves are garbage', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed >>> 8;
    };
    const known = new Set(papers.map((p) => p.id));
    for (let round = 0; round < 20; round++) {
      const damaged = copyOf(index.toJSON());
      for (const field of damaged.segments[0].fields) {
        const bytes = field.postings as Uint8Array;
        for (let at = 0; at < bytes.length; at++) bytes[at] = random() & 0xff;
      }
      const restorer = PaperIndex.restorer(damaged, papers);
      const restored = restorer.result();
      assert.strictEqual(restorer.problem, undefined, 'the shape is intact, so the damage goes unnoticed');
      for (const query of SEED_QUERIES) {
        for (const hit of restored.search(query, { limit: 500 })) assert.ok(known.has(hit.paper.id), query);
        for (const id of restored.filter(query)) assert.ok(known.has(id), query);
      }
    }
  });
});

describe('PaperIndex postings encoding', () => {
  it('builds the same bytes when a field is built in runs of docs and merged as when built in one run', () => {
    const papers = seedPapers();
    const build = (chunkCharacters: number): { fields: Uint8Array[]; lengths: Uint16Array[]; terms: number } => {
      const dictionary = new TermDictionary();
      for (const word of ABSTRACT_STOP_WORDS) dictionary.intern(word);
      const lengths = [0, 1, 2, 3].map(() => new Uint16Array(papers.length + 3));
      const segment = buildSegment(dictionary, papers, 3, lengths, ABSTRACT_STOP_WORDS.length, chunkCharacters);
      const fields = segment.fields.map((field) => new Uint8Array([...new Uint8Array(field.starts.buffer), ...new Uint8Array(field.counts.buffer), ...field.postings]));
      return { fields, lengths, terms: dictionary.size };
    };
    const whole = build(Number.MAX_SAFE_INTEGER);
    for (const chunk of [1, 700, 5000]) {
      const merged = build(chunk);
      assert.strictEqual(merged.terms, whole.terms, `runs of ${chunk}`);
      assert.deepStrictEqual(merged.fields, whole.fields, `runs of ${chunk}`);
      assert.deepStrictEqual(merged.lengths, whole.lengths, `runs of ${chunk}`);
    }
  });

  it('finds a rare word in docs thousands apart (multi-byte gaps) before and after a round trip', () => {
    const many = Array.from({ length: 20_000 }, (_, n) => paper(`p${n}`, { title: `Filler note ${n}`, date: '2024-01-01' }));
    many[3] = paper('p3', { title: 'Quokka census', date: '2024-01-02' });
    many[19_998] = paper('p19998', { title: 'Quokka habitat', date: '2024-01-03' });
    many[9_000] = paper('p9000', { abstract: 'A quokka, briefly.', date: '2024-01-04' });
    const built = PaperIndex.build(many);
    const restored = PaperIndex.fromJSON(throughCache(built.toJSON()), many);
    for (const index of [built, restored]) {
      assert.deepStrictEqual(ids(index.search('quokka')), ['p19998', 'p3', 'p9000']);
      assert.deepStrictEqual([...index.filter('quokka')].sort(), ['p19998', 'p3', 'p9000']);
      assert.deepStrictEqual(ids(index.search('"quokka census"')), ['p3']);
    }
  });

  it('caps a word repeated past 255 times at 255 occurrences, which still outranks fewer', () => {
    const often = paper('often', { abstract: Array.from({ length: 300 }, () => 'plasma').join(' ') + ' ' + Array.from({ length: 300 }, () => 'other').join(' ') });
    const twice = paper('twice', { abstract: 'plasma plasma ' + Array.from({ length: 598 }, () => 'other').join(' ') });
    const built = PaperIndex.build([twice, often]);
    const restored = PaperIndex.fromJSON(JSON.parse(JSON.stringify(built)), [twice, often]);
    for (const index of [built, restored]) {
      const hits = index.search('plasma');
      assert.deepStrictEqual(ids(hits), ['often', 'twice']);
      assert.ok(hits[0].score > hits[1].score);
    }
    assert.deepStrictEqual(restored.search('plasma'), built.search('plasma'));
  });

  it('indexes accented, ASCII and astral text to the same folded terms', () => {
    const papersWithAccents = [
      paper('ascii', { abstract: 'A resume of naive methods.' }),
      paper('accented', { abstract: 'Un résumé des méthodes naïves; naïve.' }),
      paper('astral', { abstract: 'The expectation 𝔼 of naive estimators.' }),
    ];
    const built = PaperIndex.build(papersWithAccents);
    assert.deepStrictEqual([...built.filter('resume')].sort(), ['accented', 'ascii']);
    assert.deepStrictEqual([...built.filter('naive')].sort(), ['accented', 'ascii', 'astral']);
    assert.deepStrictEqual(ids(built.search('𝔼')), ['astral']);
    const match = built.search('résumé').find((hit) => hit.paper.id === 'accented');
    assert.deepStrictEqual(match?.matches, [{ field: 'abstract', terms: ['resume'] }]);
  });

  it('lists papers newest first on an empty query, ties by load order, undated last', () => {
    const dated = [
      paper('undated', {}),
      paper('month', { date: '2024-01' }),
      paper('day-a', { date: '2024-01-05' }),
      paper('day-b', { date: '2024-01-05' }),
      paper('older', { date: '2023-12-31' }),
    ];
    const built = PaperIndex.build(dated);
    assert.deepStrictEqual(ids(built.search('')), ['day-a', 'day-b', 'month', 'older', 'undated']);
    assert.deepStrictEqual(ids(PaperIndex.fromJSON(built.toJSON(), dated).search('')), ['day-a', 'day-b', 'month', 'older', 'undated']);
  });
});

describe('PaperIndex topics', () => {
  const papers = [
    paper('a', { title: 'Diffusion sampling', date: '2024-01-01' }),
    paper('b', { title: 'Score matching', date: '2024-01-02' }),
    paper('c', { title: 'Spin glasses', date: '2024-01-03' }),
  ];
  const diffusion = { id: 't1', label: 'Diffusion models' };
  const physics = { id: 't2', label: 'Statistical physics' };
  const assignment = new Map([
    ['a', diffusion],
    ['b', diffusion],
    ['c', physics],
  ]);

  it('setTopics looks nothing up at once; a topic: query looks every paper up', () => {
    const index = PaperIndex.build(papers);
    const asked: string[] = [];
    index.setTopics((id) => {
      asked.push(id);
      return assignment.get(id);
    });
    assert.deepStrictEqual(asked, []);
    assert.deepStrictEqual(ids(index.search('topic:diffusion')), ['b', 'a']);
    assert.deepStrictEqual(asked.sort(), ['a', 'b', 'c']);
    assert.deepStrictEqual(ids(index.search('topic:t2')), ['c']);
    assert.strictEqual(asked.length, 3, 'each paper is looked up once');
  });

  it('looks topics up in the background after setTopics, and again after the topics change', async () => {
    const index = PaperIndex.build(papers);
    const asked: string[] = [];
    index.setTopics((id) => {
      asked.push(id);
      return assignment.get(id);
    });
    await new Promise<void>((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => setImmediate(resolve));
    assert.deepStrictEqual(asked.sort(), ['a', 'b', 'c']);
    index.setTopics(new Map([['c', diffusion]]));
    assert.deepStrictEqual(index.topicOf('c'), diffusion);
    assert.strictEqual(index.topicOf('a'), undefined);
    assert.deepStrictEqual(ids(index.search('topic:diffusion')), ['c']);
  });

  it('a topic look-up that hands out one object per topic shares it; one that builds objects still matches', () => {
    const index = PaperIndex.build(papers);
    index.setTopics((id) => {
      const topic = assignment.get(id);
      return topic && { id: topic.id, label: topic.label };
    });
    assert.deepStrictEqual(ids(index.search('topic:"statistical physics"')), ['c']);
    assert.deepStrictEqual(index.topicOf('a'), diffusion);
    assert.strictEqual(index.topicOf('a'), index.topicOf('b'));
  });
});

describe('values with typed arrays, restored a slice at a time', () => {
  it('copies an array larger than one slice\'s budget over several slices, exactly, and out of the file\'s bytes', () => {
    const big = Int32Array.from({ length: 3_000_000 }, (_, i) => Math.imul(i, 2654435761));
    const small = Float64Array.from([0.5, -1, 1e300]);
    const bytes = packContainer('snapshot', {}, packValue({ big, small, label: 'x'.repeat(5000) }, 'value'), crc32);
    const restored = unpackValue(unpackContainer(bytes, 'snapshot', crc32, true), 'value') as { big: Int32Array; small: Float64Array; label: string };
    assert.deepStrictEqual(restored, { big, small, label: 'x'.repeat(5000) });
    assert.notStrictEqual(restored.big.buffer, bytes.buffer, 'a copy: a view would keep the whole file alive');
  });
});
