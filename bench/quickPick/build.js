// Bundles bench/quickPick/run.ts into out/bench/quickPick/ (git-ignored); Playwright stays a runtime dependency.
const esbuild = require('esbuild');
const path = require('path');

esbuild
  .build({
    entryPoints: [path.join(__dirname, 'run.ts')],
    outdir: path.join(__dirname, '..', '..', 'out', 'bench', 'quickPick'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    external: ['playwright-core'],
    logLevel: 'warning',
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
