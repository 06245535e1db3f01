import * as assert from 'assert';
import { computeTopics, fitTopicSample, OTHER_ID, topicSample, topicsByPosition } from '../../src/core/topics/index';
import type { TopicAssignment, TopicsByPosition } from '../../src/core/topics/index';
import { seededRandom } from '../../src/core/topics/kmeans';
import type { Paper } from '../../src/core/types';

/** Above 20,000 papers topics are fitted on a sample chosen by id hash and every paper is assigned to the fitted centroids. */
const THEMES = [
  ['protein', 'folding', 'chaperone', 'kinetics', 'misfolding', 'aggregation', 'residue', 'backbone', 'ligand', 'enzyme'],
  ['galaxy', 'halo', 'stellar', 'dwarf', 'rotation', 'redshift', 'cosmological', 'baryon', 'lensing', 'quasar'],
  ['transformer', 'attention', 'token', 'pretraining', 'finetuning', 'prompt', 'decoder', 'corpus', 'tokenizer', 'embedding'],
  ['glacier', 'ice', 'melt', 'sea', 'permafrost', 'albedo', 'snowpack', 'runoff', 'moraine', 'calving'],
  ['vaccine', 'antibody', 'antigen', 'immune', 'pathogen', 'serum', 'adjuvant', 'titer', 'cytokine', 'lymphocyte'],
  ['graphene', 'phonon', 'superconductivity', 'electron', 'bandgap', 'magnon', 'exciton', 'lattice', 'dopant', 'heterostructure'],
];
const COMMON = ['analysis', 'system', 'measure', 'behaviour', 'estimate', 'signal', 'evidence', 'pattern', 'structure', 'process', 'the', 'of', 'and', 'we'];

function paper(id: string, title: string, abstract: string): Paper {
  return { id, citationKey: id, title, authors: [], authorsTruncated: false, authorCount: null, organization: null, abstract, date: null, upvotes: null, sources: [] };
}

/** `count` papers numbered from `first`, two thirds of their words from their theme (its first words most often, as in real fields), ids `t<theme>-<number>`. */
function generate(first: number, count: number, seed: number): Paper[] {
  const random = seededRandom(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const papers: Paper[] = [];
  for (let i = first; i < first + count; i++) {
    const theme = i % THEMES.length;
    const words = (length: number) => Array.from({ length }, () => (random() < 2 / 3 ? THEMES[theme][Math.floor(THEMES[theme].length * random() ** 2)] : pick(COMMON))).join(' ');
    papers.push(paper(`t${theme}-${String(i).padStart(6, '0')}`, words(7), `${words(14)}. ${words(12)}, ${words(16)}. ${words(10)}.`));
  }
  return papers;
}

function themeOf(paperId: string): number {
  return Number(paperId.slice(1, paperId.indexOf('-')));
}

function labelOf(result: TopicAssignment, paperId: string): string {
  const topicId = result.topicOf.get(paperId);
  const topic = result.topics.find((candidate) => candidate.id === topicId);
  assert.ok(topic, `${paperId} has no topic`);
  return topic.label;
}

/** The label of the topic holding most papers of each theme, and the share of the theme's papers there. */
function themeTopics(result: TopicAssignment, papers: Paper[]): { label: string; share: number }[] {
  return THEMES.map((_, theme) => {
    const counts = new Map<string, number>();
    const ids = papers.filter((candidate) => themeOf(candidate.id) === theme).map((candidate) => candidate.id);
    for (const id of ids) counts.set(labelOf(result, id), (counts.get(labelOf(result, id)) ?? 0) + 1);
    const [label, count] = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
    return { label, share: count / ids.length };
  });
}

describe('topics of a corpus above the sampling threshold (24,000 generated papers)', () => {
  const papers = generate(0, 24000, 7);
  const result = computeTopics(papers);

  it('fits on a 5,000-paper sample and places all 24,000 papers, each exactly once', () => {
    assert.strictEqual(result.model.fittedOn, 5000);
    assert.strictEqual(result.topicOf.size, 24000);
    const listed = result.topics.flatMap((topic) => topic.paperIds);
    assert.strictEqual(listed.length, 24000);
    assert.deepStrictEqual([...listed].sort(), papers.map((candidate) => candidate.id).sort());
    for (const topic of result.topics) assert.deepStrictEqual(topic.paperIds, [...topic.paperIds].sort(), topic.label);
  });

  it('gives each theme its own topic, named by the theme’s words, holding all of its papers', () => {
    assert.deepStrictEqual(
      result.topics.map((topic) => [topic.label, topic.kind, topic.paperIds.length]),
      [
        ['Glacier · Snowpack', 'auto', 4000],
        ['Graphene · Bandgap', 'auto', 4000],
        ['Halo Galaxy', 'auto', 4000],
        ['Protein · Ligand', 'auto', 4000],
        ['Transformer · Prompt', 'auto', 4000],
        ['Vaccine · Lymphocyte', 'auto', 4000],
      ],
    );
    const found = themeTopics(result, papers);
    assert.deepStrictEqual(found.map((entry) => [entry.label, entry.share]), [
      ['Protein · Ligand', 1],
      ['Halo Galaxy', 1],
      ['Transformer · Prompt', 1],
      ['Glacier · Snowpack', 1],
      ['Vaccine · Lymphocyte', 1],
      ['Graphene · Bandgap', 1],
    ]);
    assert.deepStrictEqual(result.model.others, []);
  });

  it('gives the same result on a second run and for input in another order', () => {
    assert.deepStrictEqual(computeTopics(papers), result);
    const shuffled = [...papers].reverse();
    shuffled.push(...shuffled.splice(0, 5000));
    assert.deepStrictEqual(computeTopics(shuffled), result);
  });

  it('keeps the first of two papers sharing an id, as the small-corpus path does', () => {
    const twin = paper(papers[10].id, 'glacier ice melt permafrost albedo runoff', 'glacier ice melt sea permafrost albedo snowpack runoff moraine calving.');
    const withTwin = computeTopics([...papers, twin]);
    assert.strictEqual(withTwin.topicOf.size, 24000);
    assert.deepStrictEqual(withTwin.topicOf, result.topicOf);
  });

  it('puts a paper identical in text to another in the same topic, sampled or not', () => {
    const copies = papers.filter((_, i) => i % 40 === 0).map((original) => paper(`copy-${original.id}`, original.title, original.abstract ?? ''));
    const withCopies = computeTopics([...papers, ...copies]);
    const others = new Set(withCopies.model.others);
    let compared = 0;
    for (const copy of copies) {
      const originalId = copy.id.slice('copy-'.length);
      // Fitted papers unlike every topic stay in Other until a re-cluster; their copies are judged afresh.
      if (others.has(originalId) || others.has(copy.id)) continue;
      compared++;
      assert.strictEqual(withCopies.topicOf.get(copy.id), withCopies.topicOf.get(originalId), copy.title);
    }
    assert.strictEqual(compared, copies.length);
  });

  it('assigns every paper to the same topic again from the stored model, without re-clustering', () => {
    const stored = JSON.parse(JSON.stringify(result.model));
    const again = computeTopics(papers, { previous: stored });
    assert.deepStrictEqual(again.topicOf, result.topicOf);
    assert.deepStrictEqual(
      again.topics.map((topic) => [topic.id, topic.label, topic.paperIds.length]),
      result.topics.map((topic) => [topic.id, topic.label, topic.paperIds.length]),
    );
  });

  it('sends a paper with no theme words to Other', () => {
    const stray = paper('stray', 'Medieval manuscript watermarks', 'Watermarks in medieval manuscripts date the paper mills of Tuscany.');
    const withStray = computeTopics([...papers, stray], { previous: result.model });
    assert.strictEqual(withStray.topicOf.get('stray'), OTHER_ID);
  });

  it('fits on the 5,000-paper sample alone (while the rest is still on its way) exactly as on all papers, pins included', () => {
    const sample = topicSample(papers);
    assert.ok(sample);
    assert.deepStrictEqual([sample.papers.length, sample.total, sample.clusterable], [5000, 24000, 24000]);
    const fitted = fitTopicSample(sample);
    assert.ok(fitted);
    assert.deepStrictEqual(computeTopics(papers, {}, { fitted }), result);
    const sampled = new Set(sample.papers.map((candidate) => candidate.id));
    const unsampled = papers.find((candidate) => !sampled.has(candidate.id));
    assert.ok(unsampled);
    // One pinned paper inside the sample and one outside: the fit reads two more papers, so still 5,000 unpinned.
    const pins = { [sample.papers[3].id]: 'Reading list', [unsampled.id]: 'Halo Galaxy', absent: 'Nowhere' };
    const pinnedSample = topicSample(papers, pins);
    assert.ok(pinnedSample);
    assert.deepStrictEqual([pinnedSample.papers.length, pinnedSample.clusterable], [5002, 23998]);
    const pinned = computeTopics(papers, { pins }, { fitted: fitTopicSample(pinnedSample, { pins }) });
    assert.deepStrictEqual(pinned, computeTopics(papers, { pins }));
    assert.strictEqual(pinned.topicOf.get(sample.papers[3].id), 'pinned:reading-list');
  });

  it('uses a sample fit only when it is of these papers and no stored model is reused', () => {
    const sample = topicSample(papers);
    assert.ok(sample);
    const fitted = fitTopicSample(sample);
    assert.ok(fitted);
    // A doctored model shows that a fit that checks out is used: no paper is similar enough to any topic.
    const doctored = { ...fitted, model: { ...fitted.model, minSimilarity: 2 } };
    let unused = 0;
    const onFitUnused = (): void => void unused++;
    assert.deepStrictEqual(computeTopics(papers, {}, { fitted: doctored, onFitUnused }).topics.map((topic) => [topic.id, topic.paperIds.length]), [[OTHER_ID, 24000]]);
    assert.strictEqual(unused, 0);
    const first = sample.papers[0];
    const edited = papers.map((candidate) => (candidate.id === first.id ? { ...candidate, abstract: `${candidate.abstract} Glacier melt.` } : candidate));
    assert.deepStrictEqual(computeTopics(edited, {}, { fitted: doctored, onFitUnused }), computeTopics(edited));
    assert.strictEqual(unused, 1, 'a fit not of these papers is reported unused');
    assert.deepStrictEqual(computeTopics(papers, { seed: 7 }, { fitted: doctored, onFitUnused }), computeTopics(papers, { seed: 7 }), 'a fit with other options is not used');
    assert.strictEqual(unused, 2);
    assert.strictEqual(fitTopicSample(sample, { previous: result.model }), undefined);
    assert.deepStrictEqual(computeTopics(papers, { previous: result.model }, { fitted: doctored }).topicOf, result.topicOf);
  });

  it('places the papers by position in the topics computeTopics lists them in, without reading their ids again, and by id when one repeats', () => {
    const byPosition = (assignment: TopicAssignment): TopicsByPosition => {
      const index = new Map(assignment.topics.map((topic, i) => [topic.id, i]));
      return {
        model: assignment.model,
        topics: assignment.topics.map(({ paperIds: _ids, ...topic }) => topic),
        topicOfPaper: Int32Array.from(papers, (paper) => index.get(assignment.topicOf.get(paper.id)!)!),
      };
    };
    // Papers that count how often their id is read.
    let idsRead = 0;
    const counted = papers.map((paper) => ({
      title: paper.title,
      abstract: paper.abstract,
      get id() {
        idsRead++;
        return paper.id;
      },
    }));
    const placed = topicsByPosition(counted);
    const readByPosition = idsRead;
    assert.deepStrictEqual(placed, byPosition(result));
    assert.strictEqual(new Set(placed.topicOfPaper).size, placed.topics.length, 'every topic has papers, and every paper a topic');
    // computeTopics reads every id once more, to list each topic's papers; by position, none is.
    idsRead = 0;
    computeTopics(counted);
    assert.strictEqual(idsRead - readByPosition, papers.length);
    // A repeated paper takes its id's topic, as computeTopics' map gives it.
    const repeated = [...papers, papers[5]];
    const withRepeat = topicsByPosition(repeated);
    const expected = computeTopics(repeated);
    const index = new Map(expected.topics.map((topic, i) => [topic.id, i]));
    assert.deepStrictEqual([...withRepeat.topicOfPaper], repeated.map((paper) => index.get(expected.topicOf.get(paper.id)!)!));
    assert.strictEqual(withRepeat.topicOfPaper[papers.length], withRepeat.topicOfPaper[5]);
  });
});

describe('topics of a large corpus when a batch of papers is added', () => {
  const before = generate(0, 22000, 11);
  const batch = generate(22000, 3000, 12);
  const first = computeTopics(before);
  const refitted = computeTopics([...before, ...batch]);
  const assigned = computeTopics([...before, ...batch], { previous: JSON.parse(JSON.stringify(first.model)) });

  it('refits on a sample that mostly keeps the earlier one: every earlier topic stays together under the same leading term', () => {
    const refitTopicOf = new Map(first.topics.map((topic) => {
      const counts = new Map<string, number>();
      for (const id of topic.paperIds) counts.set(refitted.topicOf.get(id) as string, (counts.get(refitted.topicOf.get(id) as string) ?? 0) + 1);
      return [topic.id, [...counts].sort((a, b) => b[1] - a[1])[0][0]];
    }));
    const together = before.filter((candidate) => refitted.topicOf.get(candidate.id) === refitTopicOf.get(first.topicOf.get(candidate.id) as string)).length;
    assert.strictEqual(together / before.length, 1);
    const leading = (result: TopicAssignment, id: string) => labelOf(result, id).split(' · ')[0];
    const sameLeading = before.filter((candidate) => leading(first, candidate.id) === leading(refitted, candidate.id)).length;
    assert.ok(sameLeading / before.length >= 0.9, `only ${sameLeading} of ${before.length} keep the leading label term`);
    assert.deepStrictEqual(
      refitted.topics.map((topic) => topic.label.split(' · ')[0]),
      ['Galaxy', 'Glacier', 'Protein', 'Transformer Attention', 'Graphene', 'Vaccine'],
    );
  });

  it('with the stored model, keeps every earlier paper in its topic and places the new papers with their theme', () => {
    for (const candidate of before) assert.strictEqual(assigned.topicOf.get(candidate.id), first.topicOf.get(candidate.id));
    const themeLabels = themeTopics(first, before).map((entry) => entry.label);
    const withTheme = batch.filter((candidate) => labelOf(assigned, candidate.id) === themeLabels[themeOf(candidate.id)]).length;
    assert.ok(withTheme / batch.length >= 0.97, `only ${withTheme} of ${batch.length} new papers with their theme`);
  });
});
