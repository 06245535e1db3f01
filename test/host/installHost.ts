import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  CODE_SERVER_VERSION,
  DEBIAN_PACKAGES,
  RIPGREP_ARCHIVE,
  RIPGREP_PACKAGE_VERSION,
  codeServerBin,
  hostCacheDir,
} from './paths';

type Log = (line: string) => void;

const installedMarker = path.join(hostCacheDir, '.installed-version');

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; logFile?: string } = {}): void {
  const output = options.logFile ? fs.openSync(options.logFile, 'a') : 'inherit';
  try {
    const result = spawnSync(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', output, output] });
    if (result.error) throw result.error;
    if (result.status !== 0) {
      const tail = options.logFile ? '\n' + fs.readFileSync(options.logFile, 'utf8').split('\n').slice(-60).join('\n') : '';
      throw new Error(`${command} ${args.join(' ')} exited with ${result.status ?? result.signal}${tail}`);
    }
  } finally {
    if (typeof output === 'number') fs.closeSync(output);
  }
}

function isDebianPackageInstalled(name: string): boolean {
  const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return result.status === 0 && result.stdout.includes('install ok installed');
}

export function ensureDebianPackages(log: Log): void {
  const missing = DEBIAN_PACKAGES.filter((name) => !isDebianPackageInstalled(name));
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(`Missing Debian packages: ${missing.join(' ')}. Install them with: sudo apt-get install ${missing.join(' ')}`);
  }
  log(`Installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // Another run may be installing at the same time; wait for dpkg's lock rather than fail.
  const waitForLock = ['-o', 'DPkg::Lock::Timeout=600'];
  run('apt-get', [...waitForLock, 'update', '-qq'], { env });
  run('apt-get', [...waitForLock, 'install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}

/** @vscode/ripgrep's postinstall downloads rg from GitHub unless its cache already holds the archive; Debian's rg fills it. */
export function ensureRipgrepCache(log: Log): void {
  const cacheDir = path.join(os.tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const archive = path.join(cacheDir, RIPGREP_ARCHIVE);
  if (fs.existsSync(archive)) return;
  const systemRg = '/usr/bin/rg';
  if (!fs.existsSync(systemRg)) throw new Error(`${systemRg} not found; install the Debian package ripgrep`);
  log(`Seeding ripgrep cache ${archive} from ${systemRg}`);
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'rg-staging-'));
  try {
    fs.copyFileSync(systemRg, path.join(staging, 'rg'));
    fs.chmodSync(path.join(staging, 'rg'), 0o755);
    fs.mkdirSync(cacheDir, { recursive: true });
    const partial = `${archive}.partial`;
    run('tar', ['-czf', partial, '-C', staging, 'rg']);
    fs.renameSync(partial, archive);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function reportedVersion(): string | undefined {
  if (!fs.existsSync(codeServerBin)) return undefined;
  const result = spawnSync(codeServerBin, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  // On its first run code-server logs a line about its config file before the version.
  return /^(\d+\.\d+\.\d+) \S+ with Code/m.exec(result.stdout)?.[1];
}

export function isHostCached(): boolean {
  return fs.existsSync(codeServerBin) && fs.existsSync(installedMarker) && fs.readFileSync(installedMarker, 'utf8').trim() === CODE_SERVER_VERSION;
}

const lockDir = `${hostCacheDir}.lock`;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function lockOwnerAlive(): boolean {
  try {
    const owner = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'));
    process.kill(owner, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs `install` while holding a lock folder, so concurrent test runs do not install into the same folder at once. */
function withInstallLock<T>(install: () => T): T {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const deadline = Date.now() + 20 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (!lockOwnerAlive() && fs.existsSync(path.join(lockDir, 'pid'))) fs.rmSync(lockDir, { recursive: true, force: true });
      else if (Date.now() > deadline) throw new Error(`${lockDir} is held by another install; remove it if no install runs`);
      else sleepSync(1000);
    }
  }
  try {
    fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
    return install();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

/** Installs the pinned code-server into .vscode-test/ unless it is already there; returns its executable. */
export function ensureHost(log: Log = (line) => console.log(line)): string {
  ensureDebianPackages(log);
  if (isHostCached()) {
    log(`code-server ${CODE_SERVER_VERSION}: cached in ${path.relative(process.cwd(), hostCacheDir) || hostCacheDir}`);
    return codeServerBin;
  }
  return withInstallLock(() => (isHostCached() ? codeServerBin : install(log)));
}

function install(log: Log): string {
  const started = Date.now();
  log(`code-server ${CODE_SERVER_VERSION}: installing into ${hostCacheDir} (about 300 MB, 1-2 minutes)`);
  ensureRipgrepCache(log);
  fs.mkdirSync(hostCacheDir, { recursive: true });
  const manifest = path.join(hostCacheDir, 'package.json');
  if (!fs.existsSync(manifest)) {
    fs.writeFileSync(manifest, JSON.stringify({ name: 'paper-shelf-vscode-host', private: true }, null, 2) + '\n');
  }
  // prebuild-install (kerberos) reads this file from any parent folder and would otherwise try GitHub first.
  fs.writeFileSync(path.join(hostCacheDir, '.prebuild-installrc'), 'buildFromSource=true\n');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // code-server's postinstall refuses to run as root without it.
    npm_config_unsafe_perm: 'true',
    // node-pty's postinstall runs `npx node-gyp`, which would otherwise wait for a prompt.
    npm_config_yes: 'true',
    // node-pre-gyp would first try to fetch argon2's prebuilt binary from GitHub.
    npm_config_build_from_source: 'argon2',
  };
  const nodePrefix = path.dirname(path.dirname(process.execPath));
  if (fs.existsSync(path.join(nodePrefix, 'include', 'node', 'node.h'))) {
    // node-gyp would otherwise download Node's headers from nodejs.org.
    env.npm_config_nodedir = nodePrefix;
  }
  const logFile = path.join(hostCacheDir, 'install.log');
  fs.writeFileSync(logFile, '');
  run('npm', ['install', '--no-audit', '--no-fund', '--save-exact', `code-server@${CODE_SERVER_VERSION}`], { cwd: hostCacheDir, env, logFile });
  const version = reportedVersion();
  if (version !== CODE_SERVER_VERSION) {
    throw new Error(`code-server --version reported ${version ?? 'nothing'}, expected ${CODE_SERVER_VERSION}; see ${logFile}`);
  }
  fs.writeFileSync(installedMarker, CODE_SERVER_VERSION + '\n');
  log(`code-server ${CODE_SERVER_VERSION}: installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return codeServerBin;
}

if (require.main === module) {
  try {
    ensureHost();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
