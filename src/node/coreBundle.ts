/**
 * What the extension host loads on first use rather than at activation: the corpus cache, search
 * index, parsers, topics and bibliography export. esbuild.js bundles this as dist/core.js; the
 * extension reaches it only through ./lazyCore.
 */
export { CacheError, SnapshotDecoder, unpackContainer, unpackSent } from '../core/cache';
export { toBibtex, toBibtexEntry, toCslJson, formatReferences } from '../core/export/bibliography';
export { parseText } from '../core/parse';
export { PaperIndex } from '../core/search';
export { checksum, loadCorpus, readCachedSnapshot } from './corpusLoader';
