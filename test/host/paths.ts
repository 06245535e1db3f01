import * as fs from 'fs';
import * as path from 'path';

function findRepoRoot(start: string): string {
  let dir = start;
  while (!fs.existsSync(path.join(dir, 'package.json')) || !fs.existsSync(path.join(dir, 'tsconfig.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${start}`);
    dir = parent;
  }
  return dir;
}

export const repoRoot = findRepoRoot(__dirname);
export const CODE_SERVER_VERSION = '4.100.3';
/** Version of @vscode/ripgrep that code-server 4.100.3 depends on, and the rg archive it expects. */
export const RIPGREP_PACKAGE_VERSION = '1.15.11';
export const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';
export const DEBIAN_PACKAGES = ['chromium', 'libkrb5-dev', 'ripgrep'];

export const hostCacheDir = path.join(repoRoot, '.vscode-test', 'code-server');
export const codeServerBin = path.join(hostCacheDir, 'node_modules', '.bin', 'code-server');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const testResultsDir = path.join(repoRoot, 'test-results');
/** The launcher executable `runTests` spawns in place of a desktop VS Code. */
export const launcherExecutable = path.join(repoRoot, 'test', 'host', 'code-launcher');

export function readManifest(): { name: string; publisher: string; version: string; contributes?: any } {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
}

export function extensionId(): string {
  const manifest = readManifest();
  return `${manifest.publisher}.${manifest.name}`;
}

export function vsixPath(): string {
  const manifest = readManifest();
  return path.join(repoRoot, '.vscode-test', `${manifest.name}-${manifest.version}.vsix`);
}
