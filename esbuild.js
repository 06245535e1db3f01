// Bundles the extension host code, the CLI and the webview script; types are checked by `tsc --noEmit`.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Copies the bundled sample corpus (the seed pages) next to the extension bundle. */
function copySampleCorpus() {
  const from = path.join(__dirname, 'test', 'fixtures', 'seeds');
  const to = path.join(__dirname, 'dist', 'sample-corpus');
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
    { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'] },
    { ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' } },
  ];
  if (fs.existsSync('src/core/worker.ts')) {
    targets.push({ ...common, entryPoints: ['src/core/worker.ts'], outfile: 'dist/worker.js', platform: 'node', format: 'cjs', target: 'node20' });
  }
  if (fs.existsSync('src/webview/abstract.ts')) {
    targets.push({ ...common, entryPoints: ['src/webview/abstract.ts'], outfile: 'dist/webview/abstract.js', platform: 'browser', format: 'iife', target: 'es2022' });
  }
  copySampleCorpus();
  if (watch) {
    const contexts = await Promise.all(targets.map((t) => esbuild.context(t)));
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    await Promise.all(targets.map((t) => esbuild.build(t)));
    fs.chmodSync('dist/cli.js', 0o755);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
