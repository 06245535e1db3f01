// Bundles the benchmark entry points into out/bench/ (git-ignored); the extension's own bundles come from esbuild.js.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const entryPoints = ['generate', 'run', 'compare-fuse', 'activation']
  .map((name) => path.join(__dirname, `${name}.ts`))
  .filter((file) => fs.existsSync(file));

esbuild
  .build({
    entryPoints,
    outdir: path.join(__dirname, '..', 'out', 'bench'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'warning',
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
