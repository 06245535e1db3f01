import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseCslJson, topLevelValueLines } from '../../src/core/parse/cslJson';

const fixtures = path.join(__dirname, '..', '..', '..', 'test', 'fixtures', 'bib');
const library = fs.readFileSync(path.join(fixtures, 'library.json'), 'utf8');

describe('parseCslJson on the fixture library', () => {
  const result = parseCslJson(library, 'library.json');

  it('maps a journal article with every bibliographic field', () => {
    assert.deepStrictEqual(result.entries[0], {
      title: 'On the Superlinear Relationship between SGD Noise Covariance and Loss Landscape Curvature',
      authors: ['Yikuan Zhang', 'Ning Yang', 'Y. Tu'],
      authorsTruncated: false,
      authorCount: 3,
      organization: null,
      abstract: 'We show that C∝𝔼p[h2p], where hp denotes the per-sample Hessian, with 1≤γ≤2.',
      date: '2026-02-05',
      upvotes: null,
      source: { file: 'library.json', format: 'csl-json', line: 2, pageDate: null },
      existingKey: 'zhang2026superlinear',
      extras: {
        type: 'article-journal',
        containerTitle: 'Physical Review E',
        volume: '113',
        issue: '2',
        pages: '024301',
        doi: '10.1103/PhysRevE.113.024301',
      },
    });
  });

  it('prefers citation-key over id, strips rich-text tags, and reads a literal-only author as the organization', () => {
    const entry = result.entries[1];
    assert.strictEqual(entry.existingKey, 'polymathic2025walrus');
    assert.strictEqual(entry.title, 'Walrus: A Cross-Domain Foundation Model for Continuum Dynamics');
    assert.strictEqual(entry.organization, 'Polymathic AI');
    assert.deepStrictEqual(entry.authors, []);
    assert.strictEqual(entry.date, null);
    assert.deepStrictEqual(entry.extras, { type: 'article', url: 'https://arxiv.org/abs/2511.15684', issued: '2025-05' });
    assert.strictEqual(entry.source.line, 19);
  });

  it('reads a raw date and puts particles in the display name', () => {
    const entry = result.entries[2];
    assert.deepStrictEqual(entry.authors, ['Tavis J. Reed', 'Ludwig van Beethoven']);
    assert.strictEqual(entry.date, '2025-04-16');
    assert.strictEqual(entry.source.line, 28);
  });

  it('skips an untitled item and a non-object with a diagnostic at their lines', () => {
    assert.strictEqual(result.entries.length, 3);
    assert.deepStrictEqual(result.diagnostics, [
      { file: 'library.json', line: 38, message: 'Entry "untitled" has no title; skipped.', severity: 'warning' },
      { file: 'library.json', line: 39, message: 'Item 5 is not a CSL item (an object); skipped.', severity: 'error' },
    ]);
  });
});

describe('parseCslJson input shapes and errors', () => {
  it('reads a single item that is not wrapped in an array', () => {
    const result = parseCslJson('\n\n{ "id": "solo", "title": "Alone", "issued": "2024-07-01" }', 'one.json');
    assert.deepStrictEqual(result.entries.map((e) => [e.existingKey, e.title, e.date, e.source.line]), [['solo', 'Alone', '2024-07-01', 3]]);
  });

  it('uses a numeric id as the key when there is no citation-key', () => {
    assert.strictEqual(parseCslJson('[{"id": 42, "title": "Numbered"}]', 'n.json').entries[0].existingKey, '42');
  });

  it('leaves the key to be generated when the id is a Zotero URI or has characters BibTeX rejects', () => {
    const result = parseCslJson(
      '[{"id": "http://zotero.org/users/1/items/ABCD", "title": "Zotero"}, {"id": "has space", "title": "Spaced"}, {"id": "x", "citation-key": "a{b}", "title": "Braced"}]',
      'z.json',
    );
    assert.deepStrictEqual(result.entries.map((e) => e.existingKey), [undefined, undefined, 'x']);
  });

  it('reports invalid JSON once, at the line of the fault, for an unexpected token', () => {
    const result = parseCslJson('[\n  {"id": "a",\n   "title": "x",\n   "author": [}\n]', 'bad.json');
    assert.deepStrictEqual(result, {
      entries: [],
      diagnostics: [{ file: 'bad.json', line: 4, message: "Invalid CSL-JSON: Unexpected token '}'", severity: 'error' }],
    });
  });

  it('reports invalid JSON at the line of the fault when the parser gives a position', () => {
    const result = parseCslJson('[\n  {"id": "a"\n   "title": "x"}\n]', 'bad.json');
    assert.strictEqual(result.diagnostics.length, 1);
    assert.strictEqual(result.diagnostics[0].line, 3);
    assert.match(result.diagnostics[0].message, /^Invalid CSL-JSON: Expected ',' or '}' after property value/);
  });

  it('finds the line of each array element, skipping brackets inside strings', () => {
    assert.deepStrictEqual(topLevelValueLines('[\n {"t": "[{"},\n\n "s",\n 3, {"x": [1,\n 2]}\n]'), [2, 4, 5, 5]);
  });
});
