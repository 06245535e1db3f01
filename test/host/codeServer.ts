import { ChildProcess, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureHost } from './installHost';
import { freePort, removeOnExit, spawnGroup, stopGroup, withTimeout } from './processes';

export interface CodeServerOptions {
  userDataDir: string;
  extensionsDir: string;
  /** Where code-server's own log lines go; defaults to nowhere. */
  log?: (line: string) => void;
  startTimeoutMs?: number;
  /** Leaves the extension gallery configured; tests switch it off so nothing reaches for the network. */
  keepGallery?: boolean;
  /** Folder the bare server URL opens. */
  folder?: string;
  /** Fixed port; a free one is chosen otherwise. */
  port?: number;
}

export interface RunningCodeServer {
  url: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

/** A temporary folder, removed at the latest when this process exits. */
export function makeTempDir(prefix: string): string {
  return removeOnExit(fs.mkdtempSync(path.join(os.tmpdir(), `paper-shelf-${prefix}-`)));
}

/** Settings that keep a test workbench from reaching for the (unreachable) gallery or opening welcome pages. */
const quietSettings = {
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
};

/** Fresh user data and extensions folders, plus a config file so code-server never writes ~/.config/code-server. */
export function freshProfile(): { root: string; userDataDir: string; extensionsDir: string } {
  const root = makeTempDir('profile');
  const userDataDir = path.join(root, 'user-data');
  const extensionsDir = path.join(root, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir);
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(quietSettings, null, 2) + '\n');
  return { root, userDataDir, extensionsDir };
}

function configFileFor(userDataDir: string): string {
  const file = path.join(userDataDir, 'code-server.yaml');
  if (!fs.existsSync(file)) fs.writeFileSync(file, 'auth: none\n');
  return file;
}

function commonArgs(userDataDir: string, extensionsDir: string): string[] {
  return ['--config', configFileFor(userDataDir), '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
}

/** Installs a packaged VSIX the way a user would, so what .vscodeignore leaves out is missing here too. */
export function installExtension(vsix: string, userDataDir: string, extensionsDir: string): void {
  const bin = ensureHost(() => undefined);
  const result = spawnSync(bin, [...commonArgs(userDataDir, extensionsDir), '--force', '--install-extension', vsix], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  if (result.status !== 0 || !/was successfully installed/.test(output)) {
    throw new Error(`Installing ${vsix} into code-server failed (exit ${result.status ?? result.signal}):\n${output}`);
  }
}

/** Starts code-server on a free port and resolves once it serves HTTP. */
export async function startCodeServer(options: CodeServerOptions): Promise<RunningCodeServer> {
  const bin = ensureHost(options.log ?? (() => undefined));
  const port = options.port ?? (await freePort());
  const args = [
    ...commonArgs(options.userDataDir, options.extensionsDir),
    '--auth', 'none',
    '--bind-addr', `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(options.folder ? [options.folder] : []),
  ];
  const env = { ...process.env };
  // code-server lets $PORT override --bind-addr.
  delete env.PORT;
  if (!options.keepGallery) env.EXTENSIONS_GALLERY = '{}';
  const child = spawnGroup(bin, args, { env });
  const log = options.log ?? (() => undefined);
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString();
      output += text;
      for (const line of text.split('\n')) if (line.trim()) log(line);
      if (output.includes('HTTP server listening on')) resolve();
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code, signal) => reject(new Error(`code-server exited (${code ?? signal}) before listening:\n${output}`)));
    child.once('error', reject);
  });
  try {
    await withTimeout(ready, options.startTimeoutMs ?? 60_000, 'code-server to listen');
  } catch (error) {
    await stopGroup(child);
    throw error;
  }
  return { url: `http://127.0.0.1:${port}`, port, process: child, stop: () => stopGroup(child) };
}
