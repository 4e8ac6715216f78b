import { BATCH_ENDPOINTS, batchOperation } from './batch-endpoint.ts';
import { batchErrors } from './batch-errors.ts';

/** What a create asks for, checked. */
export interface BatchCreateRequest {
  inputFileId: string;
  endpoint: string;
  metadata: Record<string, string> | null;
  outputExpiresAfterSeconds?: number;
}

/** The service's bounds on `metadata` (16 pairs, keys to 64 characters, values to 512) and `output_expires_after`. */
const MAX_METADATA_PAIRS = 16;
const MAX_METADATA_KEY = 64;
const MAX_METADATA_VALUE = 512;
const MIN_EXPIRES_SECONDS = 3600;
const MAX_EXPIRES_SECONDS = 2_592_000;

/** Reads a create's JSON body, or throws the service's 400 for the first parameter it does not take. */
export function batchCreateRequest(body: Readonly<Record<string, unknown>>): BatchCreateRequest {
  const inputFileId = body['input_file_id'];
  if (typeof inputFileId !== 'string' || inputFileId === '') throw batchErrors.missing('input_file_id');
  const endpoint = body['endpoint'];
  if (endpoint === undefined) throw batchErrors.missing('endpoint');
  if (typeof endpoint !== 'string' || batchOperation(endpoint) === undefined)
    throw batchErrors.badValue('endpoint', endpoint, BATCH_ENDPOINTS);
  const window = body['completion_window'];
  if (window === undefined) throw batchErrors.missing('completion_window');
  if (window !== '24h') throw batchErrors.badValue('completion_window', window, ['24h']);
  const request: BatchCreateRequest = { inputFileId, endpoint, metadata: metadataOf(body['metadata']) };
  const expires = body['output_expires_after'];
  if (expires !== undefined && expires !== null) request.outputExpiresAfterSeconds = expiresAfterOf(expires);
  return request;
}

function metadataOf(metadata: unknown): Record<string, string> | null {
  if (metadata === undefined || metadata === null) return null;
  if (typeof metadata !== 'object' || Array.isArray(metadata))
    throw batchErrors.badParameter("Invalid type for 'metadata': expected an object.", 'metadata');
  const pairs = Object.entries(metadata as Record<string, unknown>);
  if (pairs.length > MAX_METADATA_PAIRS)
    throw batchErrors.badParameter(`Invalid 'metadata': too many properties. Expected at most ${MAX_METADATA_PAIRS}.`, 'metadata');
  for (const [key, value] of pairs) {
    if (key.length > MAX_METADATA_KEY)
      throw batchErrors.badParameter(`Invalid 'metadata': keys may be at most ${MAX_METADATA_KEY} characters long.`, 'metadata');
    if (typeof value !== 'string')
      throw batchErrors.badParameter(`Invalid type for 'metadata.${key}': expected a string.`, `metadata.${key}`);
    if (value.length > MAX_METADATA_VALUE)
      throw batchErrors.badParameter(
        `Invalid 'metadata.${key}': values may be at most ${MAX_METADATA_VALUE} characters long.`,
        `metadata.${key}`,
      );
  }
  return Object.fromEntries(pairs) as Record<string, string>;
}

function expiresAfterOf(expires: unknown): number {
  const { anchor, seconds } = (typeof expires === 'object' && expires !== null ? expires : {}) as Record<string, unknown>;
  if (anchor !== 'created_at') throw batchErrors.badValue('output_expires_after.anchor', anchor, ['created_at']);
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < MIN_EXPIRES_SECONDS || seconds > MAX_EXPIRES_SECONDS)
    throw batchErrors.badParameter(
      `Invalid 'output_expires_after.seconds': expected an integer between ${MIN_EXPIRES_SECONDS} and ${MAX_EXPIRES_SECONDS}.`,
      'output_expires_after.seconds',
    );
  return seconds;
}
