export { parseQuery, parseRange, type NumberRange, type ParsedQuery, type QueryTerm } from './parseQuery';
export {
  PaperIndex,
  paperMatchesQuery,
  type FieldMatch,
  type IndexRestorer,
  type MatchContext,
  type MatchField,
  type PaperIndexOptions,
  type RestorePreparation,
  type SearchHit,
  type SearchOptions,
  type SerializedPaperIndex,
  type TopicRef,
  type TopicSource,
} from './paperIndex';
export { linearScanSearch } from './linearScan';
export { tokenize } from './tokenize';
