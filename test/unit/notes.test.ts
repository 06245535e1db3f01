import * as assert from 'assert';
import {
  defaultNote,
  markdownQuote,
  noteContent,
  noteFileName,
  notesFolderSegments,
  noteTemplateValues,
  renderNoteTemplate,
  yamlQuote,
} from '../../src/core/notes';
import type { Paper } from '../../src/core/types';

// js-yaml comes with mocha; reading our YAML back with a real parser is the test that matters.
const yaml = require('js-yaml') as { load(text: string): unknown };

const sgdPaper: Paper = {
  id: 'p-sgd',
  citationKey: 'zhang2026superlinear',
  title: 'On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature',
  authors: ['Yikuan Zhang', 'Ning Yang', 'Y. Tu'],
  authorsTruncated: false,
  authorCount: 3,
  organization: null,
  abstract:
    'Stochastic Gradient Descent (SGD) introduces anisotropic noise that is correlated with the local curvature of the loss landscape, thereby biasing optimization toward flat minima. ' +
    'showing that C∝𝔼p[h2p], where hp denotes the per-sample Hessian with H=𝔼p[hp].',
  date: '2026-02-05',
  upvotes: null,
  sources: [{ file: '/ws/papers/000_dcb950095772cd83.txt', format: 'flatiron-publications', line: 3, pageDate: null }],
};

const doubleDescent: Paper = {
  id: 'p-dd',
  citationKey: 'multiscale2021feature',
  title: 'Multi-scale Feature Learning Dynamics: Insights for Double Descent',
  authors: [],
  authorsTruncated: false,
  authorCount: 4,
  organization: null,
  abstract: 'A key challenge in building theoretical foundations for deep learning is the complex optimization dynamics of neural networks.',
  date: '2021-12-06',
  upvotes: 1,
  sources: [{ file: '/ws/papers/001_82683aa955ecf6b3.txt', format: 'hf-daily-papers', line: 15, pageDate: '2026-04-21' }],
};

/** Everything a hostile page could put in a title or a name. */
const hostile: Paper = {
  ...sgdPaper,
  citationKey: 'doi:10.1/x?y',
  title: '"Quoted": a \\ path # not a comment\n- and: a list? {a: 1} [b] &anchor *alias !tag |',
  authors: ['O\'Brien, "Pat"', '- Dash', 'Tab\there', 'Null\u0000Byte', 'Line\u2028Sep'],
  organization: 'Org: "Evil"\n---',
  date: null,
};

function frontMatter(note: string): Record<string, unknown> {
  const match = /^---\n([\s\S]*?)\n---\n/.exec(note);
  assert.ok(match, `no front matter in:\n${note}`);
  return yaml.load(match[1]) as Record<string, unknown>;
}

describe('note template values', () => {
  it('takes title, the full author list, ISO date, key, topic and abstract from the paper', () => {
    assert.deepStrictEqual(noteTemplateValues(sgdPaper, 'Learning dynamics'), {
      title: 'On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature',
      authors: 'Yikuan Zhang, Ning Yang, Y. Tu',
      date: '2026-02-05',
      citationKey: 'zhang2026superlinear',
      topic: 'Learning dynamics',
      abstract: sgdPaper.abstract,
    });
  });

  it('says `N authors` when the page gave only a count, and leaves topic and date empty when unknown', () => {
    const values = noteTemplateValues({ ...doubleDescent, date: null }, undefined);
    assert.strictEqual(values.authors, '4 authors');
    assert.strictEqual(values.topic, '');
    assert.strictEqual(values.date, '');
  });
});

describe('renderNoteTemplate', () => {
  it('fills every placeholder, with or without spaces inside the braces', () => {
    const rendered = renderNoteTemplate('# {{title}}\n{{ authors }} ({{date}}) [@{{citationKey}}] in {{topic}}\n\n{{abstract}}\n', noteTemplateValues(doubleDescent, 'Double descent'));
    assert.strictEqual(
      rendered,
      '# Multi-scale Feature Learning Dynamics: Insights for Double Descent\n4 authors (2021-12-06) [@multiscale2021feature] in Double descent\n\n' +
        'A key challenge in building theoretical foundations for deep learning is the complex optimization dynamics of neural networks.\n',
    );
  });

  it('leaves unknown placeholders alone and never expands placeholders found inside values', () => {
    const values = { ...noteTemplateValues(doubleDescent, undefined), title: 'About {{abstract}} and $& and $1' };
    assert.strictEqual(renderNoteTemplate('{{title}} {{unknown}} {{ title }}', values), 'About {{abstract}} and $& and $1 {{unknown}} About {{abstract}} and $& and $1');
  });

  it('uses the template setting when it is set and the default note when it is blank', () => {
    assert.strictEqual(noteContent('Key: {{citationKey}}', sgdPaper, undefined), 'Key: zhang2026superlinear');
    assert.strictEqual(noteContent('  \n', sgdPaper, 'T'), defaultNote(sgdPaper, 'T'));
    assert.strictEqual(noteContent(undefined, sgdPaper, 'T'), defaultNote(sgdPaper, 'T'));
  });
});

describe('yamlQuote', () => {
  it('produces a double-quoted scalar that a YAML parser reads back unchanged', () => {
    const values = ['plain', '', 'a: b # c', '"quoted"', 'back\\slash', '- item', '*alias', '&anchor', '!tag', 'multi\nline\r\n', 'tab\t', 'nul\u0000', 'del\u007f', 'ls\u2028ps\u2029', '\ufeffbom', 'null', 'true', '2026-02-05', 'C∝𝔼p[h2p]', '{a: 1}', '[b]', '|', '>', '@', '`', '%'];
    for (const value of values) {
      assert.deepStrictEqual(yaml.load(`k: ${yamlQuote(value)}`), { k: value }, `round trip of ${JSON.stringify(value)}`);
    }
  });

  it('escapes quotes, backslashes and line breaks in the YAML way', () => {
    assert.strictEqual(yamlQuote('say "hi"\\\n'), '"say \\"hi\\"\\\\\\n"');
    assert.strictEqual(yamlQuote('a\u0001b'), '"a\\x01b"');
  });
});

describe('defaultNote', () => {
  it('writes front matter, heading, authors, the abstract as a quote and a Notes section', () => {
    assert.strictEqual(
      defaultNote(doubleDescent, 'Double descent'),
      [
        '---',
        'title: "Multi-scale Feature Learning Dynamics: Insights for Double Descent"',
        'authors: []',
        'date: 2021-12-06',
        'citekey: "multiscale2021feature"',
        'topic: "Double descent"',
        '---',
        '',
        '# Multi-scale Feature Learning Dynamics: Insights for Double Descent',
        '',
        '4 authors',
        '',
        '> A key challenge in building theoretical foundations for deep learning is the complex optimization dynamics of neural networks.',
        '',
        '## Notes',
        '',
        '',
      ].join('\n'),
    );
  });

  it('has front matter a YAML parser reads as the paper’s values', () => {
    const data = frontMatter(defaultNote(sgdPaper, 'Learning dynamics'));
    assert.deepStrictEqual(
      { ...data, date: (data.date as Date).toISOString().slice(0, 10) },
      { title: sgdPaper.title, authors: ['Yikuan Zhang', 'Ning Yang', 'Y. Tu'], date: '2026-02-05', citekey: 'zhang2026superlinear', topic: 'Learning dynamics' },
    );
  });

  it('keeps hostile titles, names and organizations inside their YAML strings', () => {
    const note = defaultNote(hostile, undefined);
    const data = frontMatter(note);
    assert.deepStrictEqual(data, {
      title: '"Quoted": a \\ path # not a comment - and: a list? {a: 1} [b] &anchor *alias !tag |',
      authors: ['O\'Brien, "Pat"', '- Dash', 'Tab\there', 'Null\u0000Byte', 'Line\u2028Sep'],
      organization: 'Org: "Evil" ---',
      date: null,
      citekey: 'doi:10.1/x?y',
      topic: null,
    });
    assert.strictEqual(note.split('\n').filter((line) => line === '---').length, 2, 'the organization must not close the front matter');
  });

  it('quotes every line of a multi-paragraph abstract, blank lines as `>`', () => {
    assert.strictEqual(markdownQuote('First paragraph.\n\nSecond  \r\nthird'), '> First paragraph.\n>\n> Second\n> third');
  });

  it('leaves the quote out when there is no abstract', () => {
    const note = defaultNote({ ...doubleDescent, abstract: '  ' }, undefined);
    assert.ok(!note.includes('>'), note);
    assert.ok(note.endsWith('4 authors\n\n## Notes\n\n'), note);
  });
});

describe('noteFileName', () => {
  it('names the note after the citation key', () => {
    assert.strictEqual(noteFileName('zhang2026superlinear'), 'zhang2026superlinear.md');
    assert.strictEqual(noteFileName('Müller_2020-x'), 'Müller_2020-x.md');
  });

  it('replaces path separators and characters Windows forbids, so a key cannot leave the folder', () => {
    assert.strictEqual(noteFileName('doi:10.1/x?y'), 'doi_10.1_x_y.md');
    assert.strictEqual(noteFileName('../../etc/passwd'), '_.._etc_passwd.md');
    assert.strictEqual(noteFileName('a\\b<c>d|e*f"g'), 'a_b_c_d_e_f_g.md');
    assert.strictEqual(noteFileName('..'), 'note.md');
    assert.strictEqual(noteFileName('trailing. '), 'trailing.md');
  });

  it('avoids names Windows reserves and empty names', () => {
    assert.strictEqual(noteFileName('con'), 'con_.md');
    assert.strictEqual(noteFileName('LPT1'), 'LPT1_.md');
    assert.strictEqual(noteFileName(''), 'note.md');
  });
});

describe('notesFolderSegments', () => {
  it('splits a relative folder into segments and defaults to `notes`', () => {
    assert.deepStrictEqual(notesFolderSegments('research/notes/'), { segments: ['research', 'notes'] });
    assert.deepStrictEqual(notesFolderSegments('./a\\b'), { segments: ['a', 'b'] });
    assert.deepStrictEqual(notesFolderSegments(''), { segments: ['notes'] });
    assert.deepStrictEqual(notesFolderSegments(undefined), { segments: ['notes'] });
  });

  it('refuses absolute folders and folders outside the workspace root, saying why', () => {
    assert.deepStrictEqual(notesFolderSegments('/tmp/notes'), { segments: ['notes'], problem: 'The notes folder "/tmp/notes" is not relative to the workspace root; using "notes".' });
    assert.deepStrictEqual(notesFolderSegments('C:\\notes').segments, ['notes']);
    assert.deepStrictEqual(notesFolderSegments('notes/../../x'), { segments: ['notes'], problem: 'The notes folder "notes/../../x" leaves the workspace root; using "notes".' });
  });
});
