import * as assert from 'assert';
import { panelTitle, toPaperView } from '../../src/features/abstractPanel/view';
import type { Paper } from '../../src/core/types';
import { parseHostMessage, parsePageMessage, parsePageState } from '../../src/webview/protocol';

const langevin: Paper = {
  id: 'p-langevin',
  citationKey: 'langevin2025flows',
  title: 'Langevin Flows for Modeling Neural Latent Dynamics',
  authors: [],
  authorsTruncated: false,
  authorCount: 5,
  organization: null,
  abstract: 'Neural populations exhibit latent dynamical structures that drive time-evolving spiking activities.',
  date: '2025-07-15',
  upvotes: 3,
  sources: [
    { file: '/ws/papers/004_4f62d7060283d739.txt', format: 'hf-daily-papers', line: 21, pageDate: '2026-03-03' },
    { file: 'file:///ws/papers/library.bib', format: 'bibtex', line: 7, pageDate: null },
  ],
};

describe('abstract panel view model', () => {
  it('formats date, authors, topic and sources for the page', () => {
    assert.deepStrictEqual(toPaperView(langevin, 'Neural dynamics'), {
      id: 'p-langevin',
      citationKey: 'langevin2025flows',
      title: 'Langevin Flows for Modeling Neural Latent Dynamics',
      authors: '5 authors',
      organization: null,
      date: 'Jul 15, 2025',
      isoDate: '2025-07-15',
      upvotes: 3,
      topic: 'Neural dynamics',
      sources: [
        { label: '004_4f62d7060283d739.txt:21', format: 'Hugging Face Daily Papers', file: '/ws/papers/004_4f62d7060283d739.txt' },
        { label: 'library.bib:7', format: 'BibTeX', file: 'file:///ws/papers/library.bib' },
      ],
      abstract: 'Neural populations exhibit latent dynamical structures that drive time-evolving spiking activities.',
    });
  });

  it('shows the organization apart only when the author line does not already name it', () => {
    assert.strictEqual(toPaperView({ ...langevin, authorCount: null, organization: 'Polymathic AI' }, undefined).organization, null);
    assert.strictEqual(toPaperView({ ...langevin, authorCount: null, organization: 'Polymathic AI' }, undefined).authors, 'Polymathic AI');
    assert.strictEqual(toPaperView({ ...langevin, organization: 'Polymathic AI' }, undefined).organization, 'Polymathic AI');
  });

  it('says `Undated` and no topic when neither is known', () => {
    const view = toPaperView({ ...langevin, date: null }, '  ');
    assert.strictEqual(view.date, 'Undated');
    assert.strictEqual(view.isoDate, null);
    assert.strictEqual(view.topic, null);
  });

  it('titles the tab with the paper title, cut at a word after about 40 characters', () => {
    assert.strictEqual(panelTitle('Langevin Flows for Modeling Neural Latent Dynamics'), 'Langevin Flows for Modeling Neural…');
    assert.strictEqual(panelTitle('PerturbDiff'), 'PerturbDiff');
    assert.strictEqual(panelTitle(undefined), 'Abstract');
  });
});

describe('abstract panel message protocol', () => {
  it('accepts the page messages it knows, in exactly their shape', () => {
    assert.deepStrictEqual(parsePageMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepStrictEqual(parsePageMessage({ type: 'command', command: 'copyBibtex', paperId: 'p1', extra: '<script>' }), { type: 'command', command: 'copyBibtex', paperId: 'p1' });
  });

  it('ignores unknown types, unknown commands and missing or non-string ids', () => {
    const rejected = [
      null,
      'ready',
      [{ type: 'ready' }],
      { type: 'Ready' },
      { type: 'command', command: 'workbench.action.terminal.new', paperId: 'p1' },
      { type: 'command', command: 'paperShelf.copyBibtex', paperId: 'p1' },
      { type: 'command', command: 'openNotes' },
      { type: 'command', command: 'openNotes', paperId: 42 },
      { type: 'command', command: 'openNotes', paperId: '' },
      { type: 'command', command: 'openNotes', paperId: 'x'.repeat(513) },
    ];
    assert.deepStrictEqual(rejected.map(parsePageMessage), rejected.map(() => undefined));
  });

  it('reads the paper id back from a restored page state and nothing else', () => {
    assert.deepStrictEqual(parsePageState({ paperId: 'p-langevin', shown: {} }), { paperId: 'p-langevin' });
    assert.strictEqual(parsePageState({ paperId: 7 }), undefined);
    assert.strictEqual(parsePageState(undefined), undefined);
  });

  it('lets the page accept a well-formed view and refuse a malformed one', () => {
    const paper = toPaperView(langevin, 'Neural dynamics');
    assert.deepStrictEqual(parseHostMessage({ type: 'show', paper }), { type: 'show', paper });
    assert.deepStrictEqual(parseHostMessage({ type: 'gone', paperId: 'p-langevin', title: null }), { type: 'gone', paperId: 'p-langevin', title: null });
    assert.strictEqual(parseHostMessage({ type: 'show', paper: { ...paper, sources: [{ label: 1 }] } }), undefined);
    assert.strictEqual(parseHostMessage({ type: 'show', paper: { ...paper, upvotes: '3' } }), undefined);
    assert.strictEqual(parseHostMessage({ type: 'html', html: '<img src=x onerror=alert(1)>' }), undefined);
  });
});
