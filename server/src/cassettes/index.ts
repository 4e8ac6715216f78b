/**
 * Cassettes: recorded Azure OpenAI traffic, one named session per file (YAML to read and edit, JSON for large
 * recorded sets), validated by schema/cassette.schema.json. This folder is pure: files in, an index out; the
 * record and replay layers use it.
 *
 * - cassette-file: read (YAML or JSON, problems as `file:line:col: /pointer message`), atomic write, append.
 * - session-journal: recording, one journal line per interaction, folded into the cassette at close or next start.
 * - canonical-key: the match key, SHA-256 of operation + deployment + the body with sorted keys, `stream` and
 *   the ignored fields left out.
 * - cassette-index: key → interactions in recorded order, served in order then the last repeated, per scope.
 * - replay-cursors: where each scope stands in each sequence, behind a store seam; memory-replay-cursors keeps
 *   them in this process.
 * - near-miss: on a miss, the nearest recordings with a readable diff.
 * - sanitize: credentials always, then the declared header, body-path and pattern rules.
 * - stream-convert: a body as the stream it would have been, and a stream as its body.
 * - load-cassettes: files, directories and globs into one index.
 */
export { canonicalJson, canonicalKey, createKeyer, type KeyOptions, type MatchableRequest, type RequestKeyer } from './canonical-key.ts';
export { CassetteError, type CassetteIssue } from './cassette-error.ts';
export {
  addInteractions,
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
export { MemoryReplayCursors } from './memory-replay-cursors.ts';
export { type AnswerLike, type ReplayCursors, type ServedPicker, type StoreAnswer } from './replay-cursors.ts';
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
export {
  compileMessageSanitizer,
  compileSanitizer,
  CREDENTIAL_HEADERS,
  REDACTED,
  sanitizeInteraction,
  type InteractionSanitizer,
} from './sanitize.ts';
export { bodyToChunks, chunksToBody, CONVERTIBLE_OPERATIONS, type ToChunksOptions } from './stream-convert.ts';
export { writeFileAtomic } from './atomic-write.ts';
export { appendInteraction, compactRecordings, recoverRecordings } from './session-journal.ts';
