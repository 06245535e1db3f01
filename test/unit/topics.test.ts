import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { buildCorpus } from '../../src/core/corpus';
import { parseText } from '../../src/core/parse/index';
import { computeTopics, describeTopics, formatTopicsText, OTHER_ID } from '../../src/core/topics/index';
import type { TopicAssignment, TopicPaper } from '../../src/core/topics/index';
import { collectSurfaces, displayTerm, isLabelTerm } from '../../src/core/topics/labels';
import { GENERIC, stemWord, WEAK } from '../../src/core/topics/text';
import type { Paper } from '../../src/core/types';

const seedsDir = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'seeds');
const seedFiles = fs.readdirSync(seedsDir).filter((name) => name.endsWith('.txt')).sort();
const addedPage = '004_4f62d7060283d739.txt';

function loadSeeds(files: string[]): Paper[] {
  return buildCorpus(files.map((file) => parseText(fs.readFileSync(path.join(seedsDir, file), 'utf8'), file))).papers;
}

const allPapers = loadSeeds(seedFiles);
const fourPages = loadSeeds(seedFiles.filter((file) => file !== addedPage));

function paperTitled(papers: Paper[], start: string): Paper {
  const paper = papers.find((candidate) => candidate.title.startsWith(start));
  assert.ok(paper, `no seed paper titled "${start}…"`);
  return paper;
}

function labelOf(assignment: TopicAssignment, paperId: string): string {
  const topicId = assignment.topicOf.get(paperId);
  const topic = assignment.topics.find((candidate) => candidate.id === topicId);
  assert.ok(topic, `paper ${paperId} has no topic`);
  return topic.label;
}

function handMadePaper(id: string, title: string, abstract: string): Paper {
  return { id, citationKey: id, title, authors: [], authorsTruncated: false, authorCount: null, organization: null, abstract, date: null, upvotes: null, sources: [] };
}

describe('topics on the seed pages', () => {
  const topics = computeTopics(allPapers);

  it('reads the 96 seed papers and places every one in exactly one topic', () => {
    assert.strictEqual(allPapers.length, 96);
    assert.strictEqual(topics.topicOf.size, 96);
    const listed = topics.topics.flatMap((topic) => topic.paperIds);
    assert.strictEqual(new Set(listed).size, listed.length);
    assert.deepStrictEqual([...listed].sort(), allPapers.map((paper) => paper.id).sort());
    for (const topic of topics.topics) for (const id of topic.paperIds) assert.strictEqual(topics.topicOf.get(id), topic.id);
  });

  it('gives the same topics, labels and model on a second run and for shuffled input', () => {
    const again = computeTopics(allPapers);
    assert.deepStrictEqual(again, topics);
    const shuffled = [...allPapers].reverse();
    shuffled.push(shuffled.shift() as Paper);
    assert.deepStrictEqual(computeTopics(shuffled), topics);
  });

  it('names shelves a researcher recognises, with counts', () => {
    const shelves = topics.topics.map((topic) => `${topic.label} (${topic.paperIds.length})`);
    assert.deepStrictEqual(shelves, [
      'Diffusion Models · Differential Equations (24)',
      'Feature Learning · Gradient Descent (15)',
      'PDE · Operator (10)',
      'Learning Dynamics · Symmetry (6)',
      'Loss Landscape · SGD (5)',
      'Language Model · LLMs (4)',
      'Muon · Updates (4)',
      'Nonequilibrium · Constituent Particles (4)',
      'Scaling Laws · Hyperparameter Transfer (4)',
      'Single-Cell Perturbation (4)',
      'Differentially Private (3)',
      'Gradients · Simulations (3)',
      'Neural Population · Latent (3)',
      'Other (7)',
    ]);
  });

  it('labels with one or two distinctive phrases of two to four words in all, never generic words', () => {
    const forbidden = new Set(['paper', 'papers', 'result', 'results', 'show', 'method', 'methods', 'approach', 'propose', 'proposed', 'novel', 'work', 'new', 'study', 'using', 'based']);
    for (const topic of topics.topics.filter((candidate) => candidate.kind === 'auto')) {
      const parts = topic.label.split(' · ');
      const words = parts.flatMap((part) => part.split(' '));
      assert.ok(parts.length >= 1 && parts.length <= 2, topic.label);
      assert.ok(words.length >= 2 && words.length <= 4, `${topic.label}: ${words.length} words`);
      for (const word of words) {
        assert.ok(!forbidden.has(word.toLowerCase()), `${topic.label}: generic word ${word}`);
        assert.ok(!GENERIC.has(stemWord(word.toLowerCase())), `${topic.label}: generic word ${word}`);
      }
      for (const part of parts) {
        const allWeak = part.split(' ').every((word) => WEAK.has(stemWord(word.toLowerCase())));
        assert.ok(!allWeak, `${topic.label}: "${part}" says nothing on its own`);
      }
    }
  });

  it('keeps the two grokking papers together', () => {
    const lazyToRich = paperTitled(allPapers, 'Grokking as the Transition from Lazy to Rich');
    const scalingLaws = paperTitled(allPapers, 'Provable Scaling Laws of Feature Emergence from Learning Dynamics of Grokking');
    assert.strictEqual(topics.topicOf.get(lazyToRich.id), topics.topicOf.get(scalingLaws.id));
  });

  it('keeps the diffusion and score-based generative model papers together, under a Diffusion Models label', () => {
    const ids = [
      'The Principles of Diffusion Models',
      'Closing the ODE-SDE gap in score-based diffusion models',
      'Are We Really Learning the Score Function?',
      'Dale meets Langevin: A Multiplicative Denoising Diffusion Model',
    ].map((title) => paperTitled(allPapers, title).id);
    assert.deepStrictEqual(new Set(ids.map((id) => topics.topicOf.get(id))).size, 1);
    assert.strictEqual(labelOf(topics, ids[0]), 'Diffusion Models · Differential Equations');
  });

  it('keeps the single-cell perturbation papers together and away from plasma physics', () => {
    const singleCell = ['PerturbDiff: Functional Diffusion for Single-Cell', 'Unlasting: Unpaired Single-Cell', 'Geometric coherence of single-cell CRISPR'].map(
      (title) => paperTitled(allPapers, title).id,
    );
    const plasma = paperTitled(allPapers, 'Modeling transport in weakly collisional plasmas').id;
    assert.deepStrictEqual(new Set(singleCell.map((id) => topics.topicOf.get(id))).size, 1);
    assert.strictEqual(labelOf(topics, singleCell[0]), 'Single-Cell Perturbation');
    assert.notStrictEqual(topics.topicOf.get(plasma), topics.topicOf.get(singleCell[0]));
  });

  it('sends papers unlike every shelf to Other instead of making one-paper topics', () => {
    const other = topics.topics.find((topic) => topic.id === OTHER_ID);
    assert.ok(other);
    assert.strictEqual(other.kind, 'other');
    assert.strictEqual(other.label, 'Other');
    assert.strictEqual(topics.topics[topics.topics.length - 1], other);
    for (const topic of topics.topics.filter((candidate) => candidate.kind === 'auto')) assert.ok(topic.paperIds.length >= 3, topic.label);
  });

  it('derives topic ids from labels, not positions', () => {
    for (const topic of topics.topics.filter((candidate) => candidate.kind === 'auto')) {
      assert.match(topic.id, /^auto:[a-z0-9-]+$/);
    }
    assert.ok(topics.topics.some((topic) => topic.id === 'auto:single-cell-perturbation'));
  });

  it('keeps the model plain JSON, so it survives workspace state and worker messages', () => {
    const roundTripped = JSON.parse(JSON.stringify(topics.model));
    assert.deepStrictEqual(roundTripped, topics.model);
    assert.strictEqual(topics.model.topics.length, topics.topics.filter((topic) => topic.kind === 'auto').length);
    assert.ok(topics.model.vocabulary.includes('diffusion model'));
  });
});

describe('topics when a listing page is added', () => {
  const before = computeTopics(fourPages);
  const storedModel = JSON.parse(JSON.stringify(before.model));
  const after = computeTopics(allPapers, { previous: storedModel });

  it('keeps at least 90 % of the earlier papers in a topic with the same label (measured: 100 %)', () => {
    assert.strictEqual(fourPages.length, 81);
    const kept = fourPages.filter((paper) => labelOf(before, paper.id) === labelOf(after, paper.id)).length;
    const fraction = kept / fourPages.length;
    assert.ok(fraction >= 0.9, `only ${(fraction * 100).toFixed(1)} % kept their topic`);
    assert.strictEqual(fraction, 1);
  });

  it('places the new page papers in the existing topics', () => {
    const existingLabels = new Set(before.topics.map((topic) => topic.label));
    const newPapers = allPapers.filter((paper) => !fourPages.some((old) => old.id === paper.id));
    assert.strictEqual(newPapers.length, 15);
    for (const paper of newPapers) assert.ok(existingLabels.has(labelOf(after, paper.id)), paper.title);
    const langevin = paperTitled(allPapers, 'Closing the ODE-SDE gap in score-based diffusion models');
    assert.strictEqual(labelOf(after, langevin.id), labelOf(before, paperTitled(fourPages, 'The Principles of Diffusion Models').id));
  });

  it('fits anew when a re-cluster is requested', () => {
    assert.deepStrictEqual(computeTopics(allPapers, { previous: storedModel, recluster: true }), computeTopics(allPapers));
  });

  it('fits anew rather than keep a model from an empty workspace, which would send every paper to Other', () => {
    const emptyModel = JSON.parse(JSON.stringify(computeTopics([]).model));
    assert.strictEqual(emptyModel.topics.length, 0);
    assert.deepStrictEqual(computeTopics(allPapers, { previous: emptyModel }), computeTopics(allPapers));
  });

  it('fits anew rather than keep a model from a corpus less than half the size', () => {
    const firstPage = loadSeeds(seedFiles.slice(0, 1));
    const smallModel = JSON.parse(JSON.stringify(computeTopics(firstPage).model));
    assert.ok(2 * smallModel.fittedOn < allPapers.length, `the first page alone is small: ${smallModel.fittedOn} papers`);
    assert.deepStrictEqual(computeTopics(allPapers, { previous: smallModel }), computeTopics(allPapers));
  });
});

describe("researchers' own topics and pins", () => {
  const titleContains = (word: string) => (query: string) => new Set(allPapers.filter((paper) => paper.title.toLowerCase().includes(query.replace(/"/g, '').toLowerCase()) || query === word).map((paper) => paper.id));

  it('puts papers matching a user topic there first, in the given order, and clusters the rest', () => {
    const result = computeTopics(allPapers, { userTopics: [{ name: 'Grokking', query: '"grokking"' }, { name: 'Diffusion', query: '"diffusion"' }], match: titleContains('') });
    assert.deepStrictEqual(
      result.topics.slice(0, 2).map((topic) => [topic.label, topic.kind, topic.id, topic.paperIds.length]),
      [
        ['Grokking', 'user', 'user:grokking', 2],
        ['Diffusion', 'user', 'user:diffusion', 10],
      ],
    );
    const grokking = paperTitled(allPapers, 'Grokking as the Transition');
    assert.strictEqual(result.topicOf.get(grokking.id), 'user:grokking');
    const diffusionTitles = allPapers.filter((paper) => /diffusion/i.test(paper.title));
    for (const paper of diffusionTitles) assert.strictEqual(result.topicOf.get(paper.id), 'user:diffusion', paper.title);
    assert.strictEqual(result.topicOf.size, 96);
    assert.ok(result.topics.every((topic) => topic.kind !== 'auto' || !topic.label.startsWith('Diffusion Models')));
  });

  it('accepts precomputed matches when the predicate cannot travel to a worker', () => {
    const diffusionIds = allPapers.filter((paper) => /diffusion/i.test(paper.title)).map((paper) => paper.id);
    const withFunction = computeTopics(allPapers, { userTopics: [{ name: 'Diffusion', query: 'diffusion' }], match: () => new Set(diffusionIds) });
    const withMatches = computeTopics(allPapers, { userTopics: [{ name: 'Diffusion', query: 'diffusion' }], matches: { diffusion: diffusionIds } });
    assert.deepStrictEqual(withMatches, withFunction);
  });

  it('lets a pin win over user topics and automatic topics', () => {
    const grokking = paperTitled(allPapers, 'Grokking as the Transition');
    const plasma = paperTitled(allPapers, 'Modeling transport in weakly collisional plasmas');
    const diffusionPrinciples = paperTitled(allPapers, 'The Principles of Diffusion Models');
    const result = computeTopics(allPapers, {
      userTopics: [{ name: 'Grokking', query: 'grokking' }],
      match: titleContains(''),
      pins: { [grokking.id]: 'To read', [plasma.id]: 'Single-Cell Perturbation', [diffusionPrinciples.id]: 'grokking' },
    });
    const toRead = result.topics.find((topic) => topic.label === 'To read');
    assert.ok(toRead);
    assert.deepStrictEqual([toRead.kind, toRead.id, toRead.paperIds], ['pinned', 'pinned:to-read', [grokking.id]]);
    assert.strictEqual(labelOf(result, plasma.id), 'Single-Cell Perturbation');
    assert.strictEqual(result.topicOf.get(diffusionPrinciples.id), 'user:grokking');
    assert.strictEqual(result.topicOf.size, 96);
  });

  it('ignores pins and matches for papers not in the corpus', () => {
    const result = computeTopics(allPapers, { pins: { 'no-such-paper': 'Somewhere' }, userTopics: [{ name: 'Ghost', query: 'x' }], match: () => new Set(['no-such-paper']) });
    assert.deepStrictEqual(result.topics.map((topic) => topic.label), computeTopics(allPapers).topics.map((topic) => topic.label));
  });
});

describe('topics on hand-made corpora', () => {
  const proteins = Array.from({ length: 6 }, (_, i) =>
    handMadePaper(`protein-${i}`, `Protein folding kinetics of chaperone complexes ${['I', 'II', 'III', 'IV', 'V', 'VI'][i]}`, 'We measure protein folding kinetics of chaperone complexes with single-molecule fluorescence and find misfolded intermediates.'),
  );
  const galaxies = Array.from({ length: 6 }, (_, i) =>
    handMadePaper(`galaxy-${i}`, `Dark matter halos around dwarf galaxies, part ${i + 1}`, 'We simulate dark matter halos of dwarf galaxies and compare rotation curves with stellar kinematics.'),
  );
  const loner = handMadePaper('loner', 'Medieval manuscript watermarks', 'Watermarks in medieval manuscripts date the paper mills of Tuscany.');

  it('finds the two shelves and sends the unrelated paper to Other', () => {
    const result = computeTopics([...proteins, ...galaxies, loner]);
    const summary = result.topics.map((topic) => [topic.label, topic.kind, topic.paperIds.length]);
    assert.deepStrictEqual(summary, [
      ['Chaperone Complexes · Folding Kinetics', 'auto', 6],
      ['Dark Matter · Dwarf Galaxies', 'auto', 6],
      ['Other', 'other', 1],
    ]);
    assert.strictEqual(result.topicOf.get('loner'), OTHER_ID);
  });

  it('returns no topics for no papers, and Other for papers without words', () => {
    assert.deepStrictEqual(computeTopics([]).topics, []);
    const result = computeTopics([handMadePaper('empty', '2024', '')]);
    assert.deepStrictEqual(result.topics.map((topic) => [topic.id, topic.paperIds]), [[OTHER_ID, ['empty']]]);
  });
});

describe('readable label casing and stemming', () => {
  it('writes terms the way the papers write them, title-cased otherwise', () => {
    const texts = [
      { title: 'Pooled CRISPR Screens', abstract: 'We run single-cell CRISPR screens. Our single-cell CRISPR screens use Langevin dynamics and score matching.' },
    ];
    const surfaces = collectSurfaces(texts, new Set(['single-cell crispr', 'crispr screen', 'langevin dynamics', 'score matching']));
    assert.strictEqual(displayTerm('single-cell crispr', surfaces), 'Single-Cell CRISPR');
    assert.strictEqual(displayTerm('crispr screen', surfaces), 'CRISPR Screens');
    assert.strictEqual(displayTerm('langevin dynamics', surfaces), 'Langevin Dynamics');
    assert.strictEqual(displayTerm('score matching', surfaces), 'Score Matching');
  });

  it('names shelves with noun-headed, specific phrases only', () => {
    const accepted = ['diffusion model', 'differential equation', 'single-cell perturbation', 'grokking', 'crispr screen', 'learning dynamics', 'trajectory'];
    const rejected = ['model', 'neural network', 'stochastic differential', 'thermal', 'weakly', 'unpaired', 'deep learning', 'resulting', 'cellular'];
    assert.deepStrictEqual(accepted.filter((term) => !isLabelTerm(term)), []);
    assert.deepStrictEqual(rejected.filter((term) => isLabelTerm(term)), []);
  });

  it('stems plurals only', () => {
    assert.deepStrictEqual(
      ['models', 'processes', 'studies', 'dynamics', 'analysis', 'pinns', 'bias', 'matches', 'diffusion'].map(stemWord),
      ['model', 'process', 'study', 'dynamics', 'analysis', 'pinn', 'bias', 'match', 'diffusion'],
    );
  });
});

describe('describeTopics and formatTopicsText', () => {
  const topics = computeTopics(allPapers);
  const description = describeTopics(topics, allPapers);

  it('gives JSON-able topics with counts, top terms and papers newest first', () => {
    assert.deepStrictEqual(JSON.parse(JSON.stringify(description)), description);
    assert.strictEqual(description.paperCount, 96);
    assert.strictEqual(description.topicCount, topics.topics.length);
    const singleCell = description.topics.find((topic) => topic.label === 'Single-Cell Perturbation');
    assert.ok(singleCell);
    assert.strictEqual(singleCell.count, singleCell.papers.length);
    assert.strictEqual(singleCell.topTerms[0], 'Single-Cell Perturbation');
    const dates = singleCell.papers.map((paper) => paper.date ?? '');
    assert.deepStrictEqual(dates, [...dates].sort().reverse());
    assert.ok(singleCell.papers.some((paper) => paper.title.startsWith('PerturbDiff: Functional Diffusion for Single-Cell Perturbation Modeling')));
  });

  it('prints a readable summary with labels, counts, terms and titles', () => {
    const text = formatTopicsText(description, { papersPerTopic: 2 });
    const lines = text.split('\n');
    assert.strictEqual(lines[0], `96 papers in ${topics.topics.length} topics`);
    assert.ok(lines.includes('Single-Cell Perturbation (4 papers)'), text);
    assert.ok(lines.some((line) => line.startsWith('  terms: Single-Cell Perturbation, ')), text);
    assert.ok(lines.includes('  … and 2 more'), text);
  });
});

describe('topics at scale (sampled fitting through micro-clusters)', () => {
  const themes = [
    ['protein', 'folding', 'chaperone', 'kinetics', 'misfolding', 'aggregation', 'residue', 'backbone'],
    ['galaxy', 'halo', 'stellar', 'dwarf', 'rotation', 'redshift', 'cosmological', 'baryon'],
    ['transformer', 'attention', 'token', 'pretraining', 'finetuning', 'prompt', 'decoder', 'corpus'],
    ['glacier', 'ice', 'melt', 'sea', 'permafrost', 'albedo', 'snowpack', 'runoff'],
    ['vaccine', 'antibody', 'antigen', 'immune', 'pathogen', 'serum', 'adjuvant', 'titer'],
    ['graphene', 'lattice', 'phonon', 'superconductivity', 'electron', 'bandgap', 'magnon', 'exciton'],
  ];
  const common = ['analysis', 'system', 'measure', 'behaviour', 'estimate', 'signal', 'evidence', 'pattern', 'structure', 'process'];
  let state = 12345;
  const next = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  const papers: Paper[] = [];
  for (let i = 0; i < 1500; i++) {
    const theme = themes[i % themes.length];
    const words = (count: number) => Array.from({ length: count }, () => (next(3) === 0 ? common[next(common.length)] : theme[next(theme.length)])).join(' ');
    papers.push(handMadePaper(`t${i % themes.length}-${String(i).padStart(4, '0')}`, words(7), `${words(12)}. ${words(14)}. ${words(10)}.`));
  }
  const result = computeTopics(papers);

  it('places each of 1,500 papers once, identically on a second run', () => {
    assert.strictEqual(result.topicOf.size, 1500);
    assert.deepStrictEqual(computeTopics(papers).topics, result.topics);
  });

  it('keeps each theme together in one topic named by its own words', () => {
    themes.forEach((theme, t) => {
      const ids = papers.filter((paper) => paper.id.startsWith(`t${t}-`)).map((paper) => paper.id);
      const counts = new Map<string, number>();
      for (const id of ids) counts.set(result.topicOf.get(id) as string, (counts.get(result.topicOf.get(id) as string) ?? 0) + 1);
      const [topicId, count] = [...counts].sort((a, b) => b[1] - a[1])[0];
      assert.ok(count / ids.length >= 0.9, `theme ${theme[0]}: only ${count} of ${ids.length} together`);
      const topic = result.topics.find((candidate) => candidate.id === topicId);
      assert.ok(topic && topic.kind === 'auto');
      const labelWords = topic.label.toLowerCase().split(/[ ·-]+/).filter((word) => word.length > 0);
      assert.ok(labelWords.some((word) => theme.some((themeWord) => word.startsWith(themeWord.slice(0, 5)))), `${topic.label} for ${theme.join(' ')}`);
    });
  });
});

describe('topics of a large corpus (papers assigned by their title and the opening of their abstract)', () => {
  const themes = [
    ['protein', 'folding', 'chaperone', 'kinetics', 'misfolding', 'aggregation', 'residue', 'backbone'],
    ['galaxy', 'halo', 'stellar', 'dwarf', 'rotation', 'redshift', 'cosmological', 'baryon'],
    ['transformer', 'attention', 'token', 'pretraining', 'finetuning', 'prompt', 'decoder', 'corpus'],
    ['glacier', 'ice', 'melt', 'sea', 'permafrost', 'albedo', 'snowpack', 'runoff'],
  ];
  let state = 777;
  const next = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  const words = (theme: string[], count: number) => Array.from({ length: count }, () => theme[next(theme.length)]).join(' ');
  const papers: Paper[] = [];
  for (let i = 0; i < 20400; i++) {
    const theme = themes[i % themes.length];
    papers.push(handMadePaper(`t${i % themes.length}-${String(i).padStart(5, '0')}`, words(theme, 6), `${words(theme, 12)}. ${words(theme, 10)}.`));
  }
  // Its abstract opens on proteins for 80 words, then says far more about glaciers.
  const turncoat = handMadePaper('turncoat', words(themes[0], 6), `${words(themes[0], 80)}. ${words(themes[3], 300)}.`);
  papers.push(turncoat);
  // The same, its 80 words so spaced out that they run past the first 768 characters read of an abstract.
  const longOpening = Array.from({ length: 80 }, () => themes[0][next(themes[0].length)]).join(' ... ');
  const longWinded = handMadePaper('long-winded', words(themes[0], 6), `${longOpening}. ${words(themes[3], 300)}.`);
  papers.push(longWinded);
  const result = computeTopics(papers);

  it('places each of 20,402 papers in exactly one topic, identically for shuffled input', () => {
    assert.strictEqual(result.topicOf.size, 20402);
    const listed = result.topics.flatMap((topic) => topic.paperIds);
    assert.strictEqual(listed.length, 20402);
    assert.deepStrictEqual([...listed].sort(), papers.map((paper) => paper.id).sort());
    const shuffled = [...papers].reverse();
    assert.deepStrictEqual(computeTopics(shuffled), result);
  });

  it('keeps each theme in its own topic and assigns a paper by its abstract’s opening words', () => {
    const topicOfTheme = themes.map((_, t) => result.topicOf.get(`t${t}-${String(t).padStart(5, '0')}`));
    assert.strictEqual(new Set(topicOfTheme).size, themes.length);
    themes.forEach((_, t) => {
      const ids = papers.filter((paper) => paper.id.startsWith(`t${t}-`)).map((paper) => paper.id);
      const together = ids.filter((id) => result.topicOf.get(id) === topicOfTheme[t]).length;
      assert.ok(together / ids.length >= 0.95, `theme ${themes[t][0]}: only ${together} of ${ids.length} together`);
    });
    assert.strictEqual(result.topicOf.get('turncoat'), topicOfTheme[0]);
    assert.strictEqual(result.topicOf.get('long-winded'), topicOfTheme[0]);
  });

  it('gives the same topics when papers give the start of their abstract alone, reading the whole one only where the start ends too soon', () => {
    const wholeReads = new Map<string, number>();
    const openable: TopicPaper[] = papers.map(({ id, title, abstract }) => ({
      id,
      title,
      get abstract() {
        wholeReads.set(id, (wholeReads.get(id) ?? 0) + 1);
        return abstract;
      },
      abstractOpening: (length: number) => abstract.slice(0, length),
    }));
    assert.deepStrictEqual(computeTopics(openable), result);
    assert.ok(longOpening.length > 768, `its 80 words take ${longOpening.length} characters`);
    assert.ok((wholeReads.get('long-winded') ?? 0) > 0, 'the long-winded abstract was read whole');
    assert.strictEqual(wholeReads.get('turncoat'), undefined, 'the turncoat was assigned by the start of its abstract alone');
    assert.ok(wholeReads.size < papers.length / 2, `${wholeReads.size} abstracts read whole`);
  });
});
