import * as assert from 'assert';
import { detectFormat } from '../../src/core/parse/detect';
import { SEED_FILES, readSeed } from './parseTestSupport';

const BIBTEX = '@article{smith2024,\n  title = {A Paper},\n  author = {Smith, Jane},\n  year = {2024}\n}\n';
const CSL_ARRAY = '[\n  {"id": "smith2024", "type": "article-journal", "title": "A Paper"}\n]';

describe('detectFormat', () => {
  it('recognises the Flatiron seed by its "N Publications" header', () => {
    assert.strictEqual(detectFormat(readSeed(SEED_FILES.flatiron), SEED_FILES.flatiron), 'flatiron-publications');
  });

  it('recognises every Hugging Face seed by its "Daily Papers" header', () => {
    for (const file of [SEED_FILES.hf001, SEED_FILES.hf002, SEED_FILES.hf003, SEED_FILES.hf004]) {
      assert.strictEqual(detectFormat(readSeed(file), file), 'hf-daily-papers', file);
    }
  });

  it('recognises a Hugging Face page without its header by the "• N authors / · / date" block', () => {
    const body = readSeed(SEED_FILES.hf001).split('\n').slice(12).join('\n');
    assert.strictEqual(detectFormat(body, 'clip.txt'), 'hf-daily-papers');
  });

  it('recognises a Flatiron page without its header by its "Show Abstract" lines', () => {
    const body = readSeed(SEED_FILES.flatiron).split('\n').slice(2).join('\n');
    assert.strictEqual(detectFormat(body, 'clip.txt'), 'flatiron-publications');
  });

  it('recognises BibTeX by an @type{ line, also after comments and with parentheses', () => {
    assert.strictEqual(detectFormat(BIBTEX, 'refs.txt'), 'bibtex');
    assert.strictEqual(detectFormat(`% my library\n\n  @inproceedings(key,\n title={X})`, 'refs'), 'bibtex');
  });

  it('recognises CSL-JSON as an array of objects, an empty array or a single item', () => {
    assert.strictEqual(detectFormat(CSL_ARRAY, 'items.txt'), 'csl-json');
    assert.strictEqual(detectFormat('  []', 'items'), 'csl-json');
    assert.strictEqual(detectFormat('{"type": "article", "title": "X"}', 'item'), 'csl-json');
  });

  it('lets content win over a misleading extension', () => {
    assert.strictEqual(detectFormat(readSeed(SEED_FILES.hf002), 'page.bib'), 'hf-daily-papers');
    assert.strictEqual(detectFormat(BIBTEX, 'refs.json'), 'bibtex');
    assert.strictEqual(detectFormat(CSL_ARRAY, 'refs.bib'), 'csl-json');
  });

  it('falls back on the extension when the content says nothing', () => {
    assert.strictEqual(detectFormat('% nothing yet\n', '/home/me/refs.bib'), 'bibtex');
    assert.strictEqual(detectFormat('', 'C:\\papers\\refs.BIBTEX'), 'bibtex');
    assert.strictEqual(detectFormat('not json', 'file:///papers/items.csl.json'), 'csl-json');
  });

  it('returns null for text in no known format', () => {
    assert.strictEqual(detectFormat('Dear diary,\n\ntoday I read nothing.\n', 'notes.txt'), null);
    assert.strictEqual(detectFormat('', 'empty.txt'), null);
    assert.strictEqual(detectFormat('{"name": "paper-shelf", "version": "1.0.0"}', 'package.txt'), null);
  });

  it('does not mistake an "@" inside prose for BibTeX', () => {
    assert.strictEqual(detectFormat('mail me at someone@example{.}org\n', 'x.txt'), null);
  });

  it('ignores a byte-order mark', () => {
    assert.strictEqual(detectFormat(`\ufeff${readSeed(SEED_FILES.flatiron)}`, 'x.txt'), 'flatiron-publications');
    assert.strictEqual(detectFormat(`\ufeff${CSL_ARRAY}`, 'x.txt'), 'csl-json');
  });

  it('decides from the start of a large file', () => {
    const huge = readSeed(SEED_FILES.hf003) + '\n\nfiller line\n'.repeat(2_000_000);
    assert.strictEqual(detectFormat(huge, 'huge.txt'), 'hf-daily-papers');
  });
});
