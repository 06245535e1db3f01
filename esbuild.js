// Bundles the extension host code, the CLI and the webview script; types are checked by `tsc --noEmit`.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
// A separate output folder lets a measurement build without racing other builds of dist/.
const outdir = (process.argv.find((arg) => arg.startsWith('--outdir=')) ?? '--outdir=dist').slice('--outdir='.length);

/** Copies the bundled sample corpus (the seed pages) next to the extension bundle. */
function copySampleCorpus() {
  const from = path.join(__dirname, 'test', 'fixtures', 'seeds');
  const to = path.resolve(__dirname, outdir, 'sample-corpus');
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(from)) {
    if (name.endsWith('.txt')) fs.copyFileSync(path.join(from, name), path.join(to, name));
  }
}

/** Citation.js's URL fetchers are dead weight here (109 KB): Paper Shelf never resolves identifiers online. */
const offlineFetch = {
  name: 'offline-fetch',
  setup(build) {
    build.onResolve({ filter: /^(node-fetch|sync-fetch)$/ }, () => ({ path: path.join(__dirname, 'src', 'stubs', 'noFetch.js') }));
  },
};

/**
 * Activation loads only dist/extension.js; what it needs later sits in bundles of its own, required on
 * first use: dist/core.js (cache, search, parsers, topics, export; reached through src/node/lazyCore.ts),
 * dist/citation-js.js (Citation.js with its BibTeX plugin) and dist/citeproc.js (its CSL plugin,
 * citeproc, styles and locales). Each maps its imports of the others to their files.
 */
function lazyBundles(own) {
  const files = {
    './coreBundle': './core.js',
    '@citation-js/core': './citation-js.js',
    '@citation-js/plugin-bibtex': './citation-js.js',
    '@citation-js/plugin-csl': './citeproc.js',
  };
  return {
    name: 'lazy-bundles',
    setup(build) {
      build.onResolve({ filter: /^(\.\/coreBundle|@citation-js\/(core|plugin-bibtex|plugin-csl))$/ }, (args) => {
        const file = files[args.path];
        if (own.includes(file)) return undefined;
        if (args.path === './coreBundle' && !args.importer.endsWith(path.join('src', 'node', 'lazyCore.ts'))) return undefined;
        return { path: file, external: true };
      });
    },
  };
}

/**
 * Every `import * as vscode` would copy the whole API object's ~200 properties into a namespace of
 * its own (14 copies cost activation 10-25 ms); all of them share one re-export of it instead.
 */
const sharedVscodeNamespace = {
  name: 'shared-vscode-namespace',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) => (args.namespace === 'vscode-api' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-api' }));
    build.onLoad({ filter: /.*/, namespace: 'vscode-api' }, () => ({ contents: "export * from 'vscode';\n", loader: 'js' }));
  },
};

const common = {
  bundle: true,
  plugins: [offlineFetch],
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
};

async function main() {
  const targets = [
    { ...common, plugins: [offlineFetch, lazyBundles([]), sharedVscodeNamespace], entryPoints: ['src/extension.ts'], outfile: `${outdir}/extension.js`, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
    { ...common, plugins: [offlineFetch, lazyBundles(['./core.js'])], entryPoints: ['src/node/coreBundle.ts'], outfile: `${outdir}/core.js`, platform: 'node', format: 'cjs', target: 'node20' },
    {
      ...common,
      plugins: [offlineFetch, lazyBundles(['./citation-js.js'])],
      stdin: { contents: "module.exports = require('@citation-js/core');\nrequire('@citation-js/plugin-bibtex');\n", resolveDir: __dirname, sourcefile: 'citation-js.js' },
      outfile: `${outdir}/citation-js.js`,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
    },
    {
      ...common,
      plugins: [offlineFetch, lazyBundles(['./citeproc.js'])],
      stdin: { contents: "module.exports = require('@citation-js/plugin-csl');\n", resolveDir: __dirname, sourcefile: 'citeproc.js' },
      outfile: `${outdir}/citeproc.js`,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
    },
    { ...common, entryPoints: ['src/cli.ts'], outfile: `${outdir}/cli.js`, platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' } },
  ];
  if (fs.existsSync('src/core/worker.ts')) {
    // Citation.js from its own bundle, as dist/core.js takes it: each worker compiles half the code it did when it starts.
    targets.push({ ...common, plugins: [offlineFetch, lazyBundles(['./core.js'])], entryPoints: ['src/core/worker.ts'], outfile: `${outdir}/worker.js`, platform: 'node', format: 'cjs', target: 'node20' });
  }
  if (fs.existsSync('src/webview/abstract.ts')) {
    targets.push({ ...common, entryPoints: ['src/webview/abstract.ts'], outfile: `${outdir}/webview/abstract.js`, platform: 'browser', format: 'iife', target: 'es2022' });
  }
  copySampleCorpus();
  if (watch) {
    const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    await Promise.all(targets.map((t) => esbuild.build(t)));
    fs.chmodSync(`${outdir}/cli.js`, 0o755);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
