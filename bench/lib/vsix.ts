/**
 * Size of the VSIX as `vsce package --no-dependencies` makes it, built with `esbuild.js --production`
 * in a staging copy, so the shared checkout's dist/ is never rewritten while others use it.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const STAGED = ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', '.vscodeignore', 'esbuild.js', 'tsconfig.json', 'src', 'media', path.join('test', 'fixtures', 'seeds')];

export interface VsixSize {
  kb: number;
  /** The packaged files and their sizes, largest first. */
  files: { path: string; bytes: number }[];
}

/** Packages the extension; `inspect` may look at the staged production build before it is removed. */
export function packageVsix(repoRoot: string, inspect?: (stage: string) => void): VsixSize {
  const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'paper-shelf-vsix-'));
  try {
    for (const item of STAGED) {
      const from = path.join(repoRoot, item);
      if (fs.existsSync(from)) fs.cpSync(from, path.join(stage, item), { recursive: true });
    }
    fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(stage, 'node_modules'), 'dir');
    execFileSync(process.execPath, ['esbuild.js', '--production'], { cwd: stage, stdio: 'pipe' });
    const out = path.join(stage, 'paper-shelf.vsix');
    const vsce = path.join(repoRoot, 'node_modules', '@vscode', 'vsce', 'vsce');
    execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--no-rewrite-relative-links', '-o', out], { cwd: stage, stdio: 'pipe' });
    const listing = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: stage, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const files = listing
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0 && fs.existsSync(path.join(stage, line)))
      .map((file) => ({ path: file, bytes: fs.statSync(path.join(stage, file)).size }))
      .sort((a, b) => b.bytes - a.bytes);
    inspect?.(stage);
    return { kb: fs.statSync(out).size / 1024, files };
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
}
