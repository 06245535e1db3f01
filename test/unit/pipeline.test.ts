import * as assert from 'assert';
import * as zlib from 'zlib';
import * as fs from 'fs';
import * as path from 'path';
import { crc32, encodeSnapshot, SnapshotDecoder, unpackContainer } from '../../src/core/cache';
import { paperId } from '../../src/core/corpus';
import { parseKey, runPipeline, sampleHash, signatureOfBytes, topicsKey, type ParsedFile, type PipelineSource } from '../../src/core/pipeline';
import { PaperIndex } from '../../src/core/search';
import { plainPaper, StoredPaper } from '../../src/core/storedPaper';
import { plainCorpus, plainTopics } from './paperFactory';

const SEEDS = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'seeds');
const TODAY = '2026-11-22';
const DOUBLE_DESCENT = 'Multi-scale Feature Learning Dynamics: Insights for Double Descent';

function seedSources(): PipelineSource[] {
  return fs
    .readdirSync(SEEDS)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => {
      const bytes = fs.readFileSync(path.join(SEEDS, name));
      return { file: name, signature: signatureOfBytes(bytes, 1000), bytes };
    });
}

describe('runPipeline', () => {
  it('parses, merges, indexes and assigns topics for the five seed pages', () => {
    const result = runPipeline({ sources: seedSources(), settings: { today: TODAY } });
    const paper = result.corpus.papers.find((p) => p.title === DOUBLE_DESCENT);
    assert.ok(paper, 'the double-descent paper is in the corpus');
    assert.strictEqual(paper.id, paperId(DOUBLE_DESCENT));
    assert.strictEqual(paper.date, '2021-12-06');
    assert.strictEqual(paper.authorCount, 4);
    assert.deepStrictEqual(
      paper.sources.map((s) => s.file),
      ['001_82683aa955ecf6b3.txt', '003_203764438dbd6878.txt'],
    );
    const flatiron = result.corpus.papers.find((p) => p.title === 'On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature');
    assert.deepStrictEqual(flatiron?.authors, ['Yikuan Zhang', 'Ning Yang', 'Y. Tu']);
    assert.strictEqual(flatiron?.date, '2026-02-05');
    assert.deepStrictEqual(result.reparsed, seedSources().map((s) => s.file));
    assert.strictEqual(result.topics.topicOf.size, result.corpus.papers.length);
    assert.ok(result.index.filter('"double descent"').has(paper.id));
    assert.strictEqual(result.index.search(DOUBLE_DESCENT, { limit: 1 })[0]?.paper.id, paper.id);
  });

  it('reuses a cached parse result while the file signature is unchanged, without needing the bytes', () => {
    const [first, ...rest] = seedSources();
    const cached: ParsedFile = {
      signature: first.signature,
      result: {
        entries: [
          {
            title: 'A Paper Only The Cache Knows',
            authors: ['Ada Lovelace'],
            authorsTruncated: false,
            authorCount: 1,
            organization: null,
            abstract: 'Cached abstract.',
            date: '2020-01-02',
            upvotes: null,
            source: { file: first.file, format: 'flatiron-publications', line: 3, pageDate: null },
          },
        ],
        diagnostics: [],
      },
    };
    const settings = { today: TODAY };
    const result = runPipeline({
      sources: [{ file: first.file, signature: first.signature }, ...rest],
      settings,
      parsed: new Map([[first.file, cached]]),
      parsedWithKey: parseKey(settings),
    });
    assert.deepStrictEqual(result.reparsed, rest.map((s) => s.file));
    assert.strictEqual(result.parsed.get(first.file), cached);
    assert.deepStrictEqual(result.corpus.papers.find((p) => p.title === 'A Paper Only The Cache Knows')?.authors, ['Ada Lovelace']);
    assert.strictEqual(result.corpus.papers.find((p) => p.title === 'Collective is different: Information exchange and speed-accuracy trade-offs in self-organized patterning'), undefined);
  });

  it('parses a file again when its signature or the parse settings changed', () => {
    const sources = seedSources().slice(0, 2);
    const settings = { today: TODAY };
    const firstRun = runPipeline({ sources, settings });
    const edited = Buffer.from(fs.readFileSync(path.join(SEEDS, sources[1].file), 'utf8').replace('PerturbDiff: Functional Diffusion', 'PerturbDiff: Functional Difusion'));
    const changed = [sources[0], { file: sources[1].file, signature: signatureOfBytes(edited, 1000), bytes: edited }];
    const second = runPipeline({ sources: changed, settings, parsed: firstRun.parsed, parsedWithKey: parseKey(settings) });
    assert.deepStrictEqual(second.reparsed, [sources[1].file]);
    assert.ok(second.corpus.papers.some((p) => p.title === 'PerturbDiff: Functional Difusion for Single-Cell Perturbation Modeling'));

    const otherYear = { today: TODAY, pageYear: 2024 };
    const third = runPipeline({ sources: changed, settings: otherYear, parsed: second.parsed, parsedWithKey: parseKey(settings) });
    assert.deepStrictEqual(third.reparsed, changed.map((s) => s.file));
    assert.strictEqual(third.corpus.papers.find((p) => p.title.startsWith('PerturbDiff'))?.date, '2024-02-22');
  });

  it('gives an unreadable file (no bytes, nothing cached) one error diagnostic and loads the rest', () => {
    const [first, second] = seedSources();
    const result = runPipeline({ sources: [{ file: 'gone.txt', signature: { size: -1, mtimeMs: 0, hash: 'unreadable:ENOENT' } }, first, second], settings: { today: TODAY } });
    assert.deepStrictEqual(result.corpus.diagnostics.filter((d) => d.file === 'gone.txt'), [
      { file: 'gone.txt', line: 0, message: 'The file could not be read; nothing loaded from it.', severity: 'error' },
    ]);
    assert.ok(result.corpus.papers.some((p) => p.title === DOUBLE_DESCENT));
  });

  it('reads a file through its reader only when it must be parsed, into one buffer every file shares, to the corpus of bytes given apart', () => {
    const sources = seedSources();
    const settings = { today: TODAY };
    const apart = runPipeline({ sources, settings });
    // One buffer for every file, overwritten by each read: a parser that kept a view of it would lose its text.
    const shared = Buffer.alloc(Math.max(...sources.map((s) => s.bytes!.length)));
    const reads: string[] = [];
    const throughReader = sources.map(({ file, signature, bytes }) => ({
      file,
      signature,
      read: () => {
        reads.push(file);
        shared.fill(0x20);
        shared.set(bytes!);
        return shared.subarray(0, bytes!.length);
      },
    }));
    const read = runPipeline({ sources: throughReader, settings });
    assert.deepStrictEqual(reads, sources.map((s) => s.file));
    assert.deepStrictEqual(plainCorpus(read.corpus), plainCorpus(apart.corpus));

    reads.length = 0;
    const again = runPipeline({ sources: throughReader, settings, parsed: read.parsed, parsedWithKey: parseKey(settings) });
    assert.deepStrictEqual(reads, []);
    assert.deepStrictEqual(again.reparsed, []);

    const unreadable = runPipeline({ sources: [{ file: 'gone.txt', signature: sources[0].signature, read: () => undefined }], settings });
    assert.deepStrictEqual(unreadable.corpus.diagnostics, [{ file: 'gone.txt', line: 0, message: 'The file could not be read; nothing loaded from it.', severity: 'error' }]);
  });
});

describe('file signatures and keys', () => {
  it('hash the head and tail of a file together with its length', () => {
    const a = new TextEncoder().encode('Daily Papers\n\nTitle A\n');
    const b = new TextEncoder().encode('Daily Papers\n\nTitle B\n');
    assert.notStrictEqual(signatureOfBytes(a, 5).hash, signatureOfBytes(b, 5).hash);
    assert.strictEqual(signatureOfBytes(a, 5).hash, sampleHash(a, new Uint8Array(0), a.length));
    assert.deepStrictEqual(signatureOfBytes(a, 5), { size: a.length, mtimeMs: 5, hash: signatureOfBytes(a, 9).hash });
  });

  it('hash the same with the native CRC-32 as with the plain JavaScript one, and see a change at either end', () => {
    const nativeCrc = (zlib as unknown as { crc32?: (bytes: Uint8Array) => number }).crc32;
    const bytes = new Uint8Array(20000).map((_, i) => (i * 7919) % 251);
    const head = bytes.subarray(0, 4096);
    const tail = bytes.subarray(bytes.length - 4096);
    if (nativeCrc !== undefined) assert.strictEqual(sampleHash(head, tail, bytes.length, nativeCrc), sampleHash(head, tail, bytes.length));
    // Pinned: a change to the hash turns every cached signature stale, so it must be deliberate.
    assert.strictEqual(sampleHash(head, tail, bytes.length), '32c4818536ef2bba');
    const changedTail = Uint8Array.from(tail);
    changedTail[4000] ^= 1;
    const changedHead = Uint8Array.from(head);
    changedHead[10] ^= 1;
    const reference = sampleHash(head, tail, bytes.length);
    assert.notStrictEqual(sampleHash(head, changedTail, bytes.length), reference);
    assert.notStrictEqual(sampleHash(changedHead, tail, bytes.length), reference);
    assert.notStrictEqual(sampleHash(head, tail, bytes.length + 1), reference);
  });

  it('key parse results by page year, or by the current year when none is set', () => {
    assert.strictEqual(parseKey({ today: '2026-03-01' }), 'year:2026');
    assert.strictEqual(parseKey({ today: '2026-03-01', pageYear: 2024 }), 'pageYear:2024');
    assert.notStrictEqual(topicsKey({ pins: { a: 'Mine' } }), topicsKey({}));
    assert.strictEqual(topicsKey({ pins: { b: 'X', a: 'Y' } }), topicsKey({ pins: { a: 'Y', b: 'X' } }));
  });
});

describe('snapshot codec', () => {
  it('restores the index arrays exactly from a Node Buffer at an odd offset, as read from disk', () => {
    const result = runPipeline({ sources: seedSources(), settings: { today: TODAY } });
    const json = result.index.toJSON();
    const encoded = encodeSnapshot({ corpus: result.corpus, topics: result.topics, index: json }, { fingerprint: 'f3' }, crc32);
    const onDisk = Buffer.concat([Buffer.alloc(3), Buffer.from(encoded)]).subarray(3);
    const decoder = new SnapshotDecoder(unpackContainer(onDisk, 'snapshot', crc32, 'lazy'));
    while (!decoder.step(Infinity));
    const restored = decoder.result().index as typeof json;
    assert.deepStrictEqual(restored.segments, json.segments);
    assert.deepStrictEqual(restored.fingerprints, json.fingerprints);
    assert.deepStrictEqual(restored.fieldLengths, json.fieldLengths);
    assert.deepStrictEqual(restored.dictionary, json.dictionary);
    assert.strictEqual(restored.docIds, json.docIds);
    assert.deepStrictEqual(restored, json);
  });

  it('keeps titles and abstracts exactly, whatever their characters', () => {
    const result = runPipeline({ sources: seedSources().slice(0, 1), settings: { today: TODAY } });
    const [first, second] = result.corpus.papers;
    const odd = [
      { ...first, title: 'Plain Latin-1 title: Jörn, café', abstract: 'Costs 5 € (U+20AC), ∝ and 𝔼 (astral), a lone \ud800 surrogate, and ÿ.' },
      { ...second, title: 'Wide title ∝ 𝔼', abstract: 'Latin-1 only: naïve, façade.' },
      ...result.corpus.papers.slice(2),
    ];
    const corpus = { ...result.corpus, papers: odd };
    const bytes = encodeSnapshot({ corpus, topics: result.topics, index: result.index.toJSON() }, { fingerprint: 'f2' }, crc32);
    const decoder = new SnapshotDecoder(unpackContainer(bytes, 'snapshot', crc32, true));
    while (!decoder.step(Infinity));
    const papers = decoder.result().corpus.papers;
    assert.strictEqual(papers[0].title, 'Plain Latin-1 title: Jörn, café');
    assert.strictEqual(papers[0].abstract, 'Costs 5 € (U+20AC), ∝ and 𝔼 (astral), a lone \ud800 surrogate, and ÿ.');
    assert.strictEqual(papers[1].title, 'Wide title ∝ 𝔼');
    assert.strictEqual(papers[1].abstract, 'Latin-1 only: naïve, façade.');
    assert.deepStrictEqual(papers.slice(2).map(plainPaper), odd.slice(2));
  });

  it('leaves abstracts in the snapshot\'s bytes, answers for them exactly, and restores the index over them indexing no paper again', () => {
    const result = runPipeline({ sources: seedSources(), settings: { today: TODAY } });
    const [first, second, third] = result.corpus.papers;
    const odd = [
      { ...first, abstract: 'Wide: ∝ and 𝔼 (astral), a lone \ud800 surrogate.' },
      { ...second, abstract: '' },
      { ...third, abstract: 'Short' },
      ...result.corpus.papers.slice(3),
    ];
    const json = PaperIndex.build(odd).toJSON();
    const bytes = encodeSnapshot({ corpus: { ...result.corpus, papers: odd }, topics: result.topics, index: json }, { fingerprint: 'f4' }, crc32);
    const decoder = new SnapshotDecoder(unpackContainer(bytes, 'snapshot', crc32, true));
    while (!decoder.step(Infinity));
    const papers = decoder.result().corpus.papers as StoredPaper[];
    // The snapshot's bytes stay alive for the abstracts, so the index's arrays are views of them, not copies.
    const restored = decoder.result().index as typeof json;
    assert.strictEqual((restored.fieldLengths[0] as Uint16Array).buffer, bytes.buffer);
    assert.deepStrictEqual(restored.fieldLengths, json.fieldLengths);
    for (const [i, stored] of papers.entries()) {
      const text = odd[i].abstract;
      assert.ok(stored instanceof StoredPaper);
      assert.strictEqual(stored.abstract, text);
      assert.strictEqual(stored.abstractLength, text.length);
      for (const at of [-1, 0, 7, text.length - 1, text.length]) assert.ok(Object.is(stored.abstractCharCodeAt(at), text.charCodeAt(at)), `paper ${i}, unit ${at}`);
    }
    assert.strictEqual(JSON.stringify(papers), JSON.stringify(odd), 'JSON writes each abstract where a parsed paper has it');

    // Restored over the stored papers, the snapshot's one segment serves; a changed abstract is indexed afresh.
    assert.strictEqual(PaperIndex.fromJSON(json, papers).toJSON().segments.length, 1);
    const changed = [...papers.slice(0, 2), { ...plainPaper(papers[2]), abstract: 'Longer now' }, ...papers.slice(3)];
    assert.strictEqual(PaperIndex.fromJSON(json, changed).toJSON().segments.length, 2);

    papers[0].abstract = 'Replaced';
    assert.deepStrictEqual([papers[0].abstract, papers[0].abstractLength, papers[0].abstractCharCodeAt(0)], ['Replaced', 8, 82]);
    assert.strictEqual(plainPaper(papers[0]).abstract, 'Replaced');
  });

  it('decodes, slice by slice, exactly the corpus, topics and index it encoded', () => {
    const result = runPipeline({ sources: seedSources(), settings: { today: TODAY } });
    const bytes = encodeSnapshot({ corpus: result.corpus, topics: result.topics, index: result.index.toJSON() }, { fingerprint: 'f1' }, crc32);
    const decoder = new SnapshotDecoder(unpackContainer(bytes, 'snapshot', crc32, true));
    let slices = 1;
    while (!decoder.step(0)) slices++;
    assert.ok(slices > 1 || result.corpus.papers.length <= 1000, 'yields between chunks');
    const snapshot = decoder.result();
    assert.deepStrictEqual(plainCorpus(snapshot.corpus), result.corpus);
    assert.deepStrictEqual(plainTopics(snapshot.topics), result.topics);
    // Its topicOf answers from the papers' topic numbers, as the map computeTopics made does.
    const decodedTopicOf = snapshot.topics.topicOf;
    assert.ok(!(decodedTopicOf instanceof Map));
    assert.strictEqual(decodedTopicOf.size, result.topics.topicOf.size);
    for (const paper of result.corpus.papers) {
      assert.strictEqual(decodedTopicOf.get(paper.id), result.topics.topicOf.get(paper.id), paper.id);
      assert.strictEqual(decodedTopicOf.has(paper.id), true);
    }
    for (const unknown of ['', '0000000000000000', 'ffffffffffffffff', `${result.corpus.papers[0].id}0`]) {
      assert.strictEqual(decodedTopicOf.get(unknown), undefined, unknown);
      assert.strictEqual(decodedTopicOf.has(unknown), false, unknown);
    }
    assert.deepStrictEqual([...decodedTopicOf.keys()], result.corpus.papers.map((paper) => paper.id), 'iterated in paper order');
    const seen: string[] = [];
    decodedTopicOf.forEach((topicId, paperId, map) => {
      assert.strictEqual(map, decodedTopicOf);
      assert.strictEqual(topicId, result.topics.topicOf.get(paperId));
      seen.push(paperId);
    });
    assert.strictEqual(seen.length, result.corpus.papers.length);
    const index = PaperIndex.fromJSON(snapshot.index, snapshot.corpus.papers);
    assert.deepStrictEqual(
      index.search('perturbation', { limit: 5 }).map((h) => h.paper.id),
      result.index.search('perturbation', { limit: 5 }).map((h) => h.paper.id),
    );
  });
});
