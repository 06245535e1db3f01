import { ChildProcess, SpawnOptions, spawn } from 'child_process';
import * as net from 'net';

import * as fs from 'fs';

const running = new Set<ChildProcess>();
const temporaryFolders = new Set<string>();

/** Removes `folder` when this process exits, however it exits, unless it is gone already. */
export function removeOnExit(folder: string): string {
  ensureExitHandler();
  temporaryFolders.add(folder);
  return folder;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // The child leads its own process group (detached), so its id names the whole tree it started.
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/** Starts a process in a process group of its own, remembered so that it is stopped on exit, signals and failures. */
export function spawnGroup(command: string, args: string[], options: SpawnOptions = {}): ChildProcess {
  ensureExitHandler();
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options, detached: true });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Stops the process group a spawnGroup child leads: SIGTERM, then SIGKILL after the grace period. */
export async function stopGroup(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.pid === undefined) return;
  const pid = child.pid;
  signalGroup(child, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(-pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (isAlive(-pid)) signalGroup(child, 'SIGKILL');
  running.delete(child);
}

function killAllNow(): void {
  for (const child of running) signalGroup(child, 'SIGKILL');
  running.clear();
  for (const folder of temporaryFolders) fs.rmSync(folder, { recursive: true, force: true });
  temporaryFolders.clear();
}

let exitHandlerInstalled = false;

function ensureExitHandler(): void {
  if (exitHandlerInstalled) return;
  exitHandlerInstalled = true;
  process.on('exit', killAllNow);
}

let exitHooksInstalled = false;

/** Makes sure every group started here dies with this process, also on Ctrl-C, SIGTERM and uncaught errors. */
export function installExitHooks(onSignal?: (signal: NodeJS.Signals) => Promise<void> | void): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  ensureExitHandler();
  // A closed pipe (`| head`) must not crash us before the cleanup runs.
  process.stdout.on('error', () => undefined);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, async () => {
      try {
        await onSignal?.(signal);
      } finally {
        killAllNow();
        process.exit(signal === 'SIGINT' ? 130 : 143);
      }
    });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Resolves with `value`, or rejects after `ms` with a message naming what was awaited. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${Math.round(ms / 1000)} s waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
