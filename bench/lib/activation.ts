/**
 * Activation time of the bundled extension outside VS Code: dist/extension.js is required and its
 * activate() called against a stub `vscode` API whose every member is an inert callable. It times
 * the extension's own synchronous work; the real host adds its own overhead on top.
 */
import Module = require('module');

function inert(): unknown {
  const target = function () {
    /* callable placeholder */
  };
  const proxy: unknown = new Proxy(target, {
    get: (_t, key) => {
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

export async function measureActivation(extensionJs: string): Promise<ActivationTime> {
  const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
  const original = loader._load;
  const stub = inert();
  loader._load = function (request: string, parent: unknown, isMain: boolean) {
    return request === 'vscode' ? stub : original.call(this, request, parent, isMain);
  };
  try {
    let started = performance.now();
    const extension = require(extensionJs) as { activate?: (context: unknown) => unknown };
    const requireMs = performance.now() - started;
    const context = new Proxy(
      { subscriptions: [] as unknown[], extensionPath: '/nonexistent', extensionUri: stub, globalState: stub, workspaceState: stub, storageUri: undefined, globalStorageUri: stub, logUri: stub },
      { get: (target, key) => (key in target ? target[key as keyof typeof target] : key === 'then' ? undefined : stub) },
    );
    started = performance.now();
    await extension.activate?.(context);
    return { requireMs, activateMs: performance.now() - started };
  } finally {
    loader._load = original;
  }
}
