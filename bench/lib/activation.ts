/**
 * Activation time of the bundled extension outside VS Code: dist/extension.js is required and its
 * activate() called against a stub `vscode` API whose every member is an inert callable. It times
 * the extension's own synchronous work; the real host adds its own overhead on top.
 */
import * as fs from 'fs';
import Module = require('module');
import * as path from 'path';

/** The names `vscode` exports, from its type declarations, so a bundler's namespace import copies them all. */
function vscodeExportNames(from: string): string[] {
  // From the bundle's folder when it has node_modules above it (a staged VSIX), else from this checkout's.
  const declarations = fs.readFileSync(path.join(require.resolve('@types/vscode/package.json', { paths: [from, __dirname] }), '..', 'index.d.ts'), 'utf8');
  const names = new Set<string>();
  for (const match of declarations.matchAll(/^(?:\t| {4})export (?:class|namespace|enum|function|const|let|var) ([A-Za-z_]\w*)/gm)) names.add(match[1]);
  return [...names];
}

function inert(): unknown {
  const target = function () {
    /* callable placeholder */
  };
  const assigned = new Map<PropertyKey, unknown>();
  const proxy: unknown = new Proxy(target, {
    set: (_t, key, value) => {
      assigned.set(key, value);
      return true;
    },
    get: (_t, key) => {
      if (assigned.has(key)) return assigned.get(key);
      // Not thenable, so awaiting a stubbed call resolves at once.
      if (key === 'then') return undefined;
      if (key === Symbol.toPrimitive) return () => '';
      if (key === Symbol.iterator) return function* () {};
      return proxy;
    },
    apply: () => proxy,
    construct: () => proxy as object,
  });
  return proxy;
}

export interface ActivationTime {
  requireMs: number;
  activateMs: number;
}

/** An activation that has not been torn down: its context's subscriptions are still live. */
export interface StubActivation extends ActivationTime {
  /** Disposes what activate() registered (its deferred corpus load among them), as VS Code does on deactivation. */
  dispose(): void;
}

export async function measureActivation(extensionJs: string): Promise<ActivationTime> {
  const { requireMs, activateMs } = await activateWithStub(extensionJs);
  return { requireMs, activateMs };
}

/** Requires the bundle and awaits its activate() against the stub API, timing each step. */
export async function activateWithStub(extensionJs: string): Promise<StubActivation> {
  const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const original = loader._load;
  const stub = Object.fromEntries(vscodeExportNames(path.dirname(extensionJs)).map((name) => [name, inert()]));
  loader._load = function (request: string, parent: unknown, isMain: boolean) {
    return request === 'vscode' ? stub : original.call(this, request, parent, isMain);
  };
  try {
    let started = performance.now();
    const extension = require(extensionJs) as { activate?: (context: unknown) => unknown };
    const requireMs = performance.now() - started;
    const context = new Proxy(
      { subscriptions: [] as unknown[], extensionPath: '/nonexistent', extensionUri: inert(), globalState: inert(), workspaceState: inert(), storageUri: undefined, globalStorageUri: inert(), logUri: inert() },
      { get: (target, key) => (key in target ? target[key as keyof typeof target] : key === 'then' ? undefined : inert()) },
    );
    started = performance.now();
    await extension.activate?.(context);
    const activateMs = performance.now() - started;
    const dispose = (): void => {
      for (const subscription of context.subscriptions.splice(0)) (subscription as { dispose(): unknown }).dispose();
    };
    return { requireMs, activateMs, dispose };
  } finally {
    loader._load = original;
  }
}
