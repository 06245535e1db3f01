/**
 * Stand-ins for the exports of ./coreBundle that require it on first use, so activation neither
 * compiles nor runs the cache, search, parser, topic and Citation.js code. In the extension bundle
 * `./coreBundle` is the separate dist/core.js (see esbuild.js); under tsc it is the module itself.
 */
import type * as Core from './coreBundle';
import { lazyClass } from './lazy';

let core: typeof Core | undefined;

function loadCore(): typeof Core {
  return (core ??= require('./coreBundle') as typeof Core);
}

export type CacheError = Core.CacheError;
export const CacheError = lazyClass(() => loadCore().CacheError);
export type SnapshotDecoder = Core.SnapshotDecoder;
export const SnapshotDecoder = lazyClass(() => loadCore().SnapshotDecoder);
export type PaperIndex = Core.PaperIndex;
export const PaperIndex = lazyClass(() => loadCore().PaperIndex);

export const unpackContainer: typeof Core.unpackContainer = (...args) => loadCore().unpackContainer(...args);
export const unpackSent: typeof Core.unpackSent = (...args) => loadCore().unpackSent(...args);
export const checksum: typeof Core.checksum = (...args) => loadCore().checksum(...args);
export const loadCorpus: typeof Core.loadCorpus = (...args) => loadCore().loadCorpus(...args);
export const readCachedSnapshot: typeof Core.readCachedSnapshot = (...args) => loadCore().readCachedSnapshot(...args);
export const parseText: typeof Core.parseText = (...args) => loadCore().parseText(...args);
export const toBibtex: typeof Core.toBibtex = (...args) => loadCore().toBibtex(...args);
export const toBibtexEntry: typeof Core.toBibtexEntry = (...args) => loadCore().toBibtexEntry(...args);
export const toCslJson: typeof Core.toCslJson = (...args) => loadCore().toCslJson(...args);
export const formatReferences: typeof Core.formatReferences = (...args) => loadCore().formatReferences(...args);
