export { canonicalJson, canonicalKey, createKeyer, type KeyOptions, type MatchableRequest, type RequestKeyer } from './canonical-key.ts';
export { CassetteError, type CassetteIssue } from './cassette-error.ts';
export {
  appendInteraction,
  cassetteFormat,
  parseCassette,
  readCassette,
  serializeCassette,
  writeCassette,
  type AppendOptions,
  type CassetteFormat,
} from './cassette-file.ts';
export {
  CassetteIndex,
  type CassetteIndexOptions,
  type IndexedInteraction,
  type InteractionMatcher,
  type LookupOptions,
} from './cassette-index.ts';
export {
  CASSETTE_VERSION,
  type BinaryBody,
  type Cassette,
  type Interaction,
  type InteractionSource,
  type JsonValue,
  type RecordedChunk,
  type RecordedFile,
  type RecordedRequest,
  type RecordedResponse,
} from './cassette-types.ts';
export { CASSETTE_SCHEMA_PATH, cassetteProblems, cassetteSchema, type CassetteProblem } from './cassette-validator.ts';
export { diffJson, formatDiff, type JsonDiff, type JsonDifference } from './json-diff.ts';
export { cassetteFiles, loadCassettes, type LoadCassettesOptions, type LoadedCassettes } from './load-cassettes.ts';
export { formatNearMisses, nearMisses, type NearMiss, type NearMissOptions } from './near-miss.ts';
export { decodeResponseBody, encodeResponseBody, isBinaryBody, RECORDED_HEADERS, recordedHeaders } from './response-body.ts';
export { compileSanitizer, CREDENTIAL_HEADERS, REDACTED, sanitizeInteraction, type InteractionSanitizer } from './sanitize.ts';
export { bodyToChunks, chunksToBody, CONVERTIBLE_OPERATIONS, type ToChunksOptions } from './stream-convert.ts';
export { writeFileAtomic } from './atomic-write.ts';
