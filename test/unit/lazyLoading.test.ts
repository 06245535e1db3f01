import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { activateWithStub } from '../../bench/lib/activation';
import { CacheError as RealCacheError } from '../../src/core/cache';
import { formatReferences as realFormatReferences } from '../../src/core/export/bibliography';
import { PaperIndex as RealPaperIndex } from '../../src/core/search';
import { CacheError, checksum, formatReferences, PaperIndex, parseText, toBibtex, unpackContainer } from '../../src/node/lazyCore';
import { paper } from './paperFactory';

const REPO_ROOT = path.join(__dirname, '..', '..', '..');

const VASWANI = paper('vaswani2017attention', { title: 'Attention Is All You Need', authors: ['Ashish Vaswani', 'Noam Shazeer'], date: '2017-06-12' });
const HO = paper('ho2020denoising', { title: 'Denoising Diffusion Probabilistic Models', authors: ['Jonathan Ho', 'Ajay Jain', 'Pieter Abbeel'], date: '2020-06-19' });

describe('lazyCore stand-ins', () => {
  it('build a search index through the real PaperIndex, and instanceof holds for both classes', () => {
    const index = PaperIndex.build([VASWANI, HO]);
    assert.ok(index instanceof PaperIndex);
    assert.ok(index instanceof RealPaperIndex);
    assert.deepStrictEqual(
      index.search('diffusion').map((hit) => hit.paper.id),
      ['ho2020denoising'],
    );
  });

  it('throw the real CacheError for a file that is not a cache, caught by instanceof on the stand-in', () => {
    assert.throws(
      () => unpackContainer(new Uint8Array(64), 'snapshot', checksum, true),
      (error: unknown) => error instanceof CacheError && error instanceof RealCacheError && error.message === 'not a Paper Shelf cache file',
    );
  });

  it('construct the real class with new', () => {
    const error = new CacheError('stale');
    assert.ok(error instanceof RealCacheError);
    assert.strictEqual(error.message, 'stale');
  });

  it('format, export and parse exactly as the modules they stand in for', () => {
    assert.deepStrictEqual(formatReferences([VASWANI], 'apa'), realFormatReferences([VASWANI], 'apa'));
    assert.deepStrictEqual(formatReferences([VASWANI], 'apa'), ['Vaswani, A., & Shazeer, N. (2017). Attention Is All You Need.']);
    assert.match(toBibtex([HO]), /^@misc\{ho2020denoising,\n {2}author = \{Jonathan Ho and Ajay Jain and Pieter Abbeel\},\n {2}title = \{Denoising Diffusion Probabilistic Models\},/);
    const parsed = parseText('@article{doe2020, title={Hello {W}orld}, author={Doe, Jane}, year={2020}}\n', 'refs.bib');
    assert.deepStrictEqual(
      parsed.entries.map((entry) => [entry.title, entry.authors, entry.existingKey]),
      [['Hello World', ['Jane Doe'], 'doe2020']],
    );
  });
});

describe('the extension bundle at activation', function () {
  this.timeout(120_000);
  const LAZY_BUNDLES = ['citation-js.js', 'citeproc.js', 'core.js'];
  let outDir: string;
  let loadedAtActivation: string[];

  const bundlesLoaded = (): string[] =>
    Object.keys(require.cache)
      .filter((file) => path.dirname(file) === outDir)
      .map((file) => path.basename(file))
      .sort();

  before(async () => {
    outDir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'paper-shelf-activation-')));
    execFileSync(process.execPath, ['esbuild.js', `--outdir=${outDir}`], { cwd: REPO_ROOT, stdio: 'pipe' });
    const activation = await activateWithStub(path.join(outDir, 'extension.js'));
    loadedAtActivation = bundlesLoaded();
    activation.dispose();
  });

  after(() => {
    for (const file of Object.keys(require.cache)) if (path.dirname(file) === outDir) delete require.cache[file];
    fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('requires extension.js alone: the core, Citation.js and citeproc bundles wait for first use', () => {
    assert.deepStrictEqual(loadedAtActivation, ['extension.js']);
    for (const bundle of LAZY_BUNDLES) assert.ok(fs.existsSync(path.join(outDir, bundle)), `${bundle} was not built`);
  });

  it('names in extension.js only bundles that are built beside it', () => {
    const source = fs.readFileSync(path.join(outDir, 'extension.js'), 'utf8');
    const required = [...new Set([...source.matchAll(/require\("\.\/([^"]+)"\)/g)].map((match) => match[1]))].sort();
    assert.deepStrictEqual(required, ['citation-js.js', 'core.js']);
  });

  it('formats an APA reference with the built core.js, which brings in citation-js.js and citeproc.js', () => {
    const core = require(path.join(outDir, 'core.js')) as typeof import('../../src/node/coreBundle');
    assert.deepStrictEqual(core.formatReferences([HO], 'apa'), ['Ho, J., Jain, A., & Abbeel, P. (2020). Denoising Diffusion Probabilistic Models.']);
    assert.deepStrictEqual(bundlesLoaded(), ['citation-js.js', 'citeproc.js', 'core.js', 'extension.js']);
  });
});
