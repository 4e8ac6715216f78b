import { createHash } from 'node:crypto';
import type { JsonValue, RecordedRequest } from '../cassette-types.ts';

/**
 * The body field that stands for a request body kept only as its digest. aoai-api-simulator drops request bodies
 * over 1 KB from its recordings and keeps `body_hash`; such an interaction is indexed with `{ body_hash }` as its
 * body, and a request finds it by the same digest of its own bytes.
 */
export const BODY_HASH_FIELD = 'body_hash';

/** What aoai-api-simulator puts in place of each multipart boundary before hashing, so that a new boundary still matches. */
const STATIC_BOUNDARY = Buffer.from('--AOAI-API-SIMULATOR-BOUNDARY');
const NEWLINE = Buffer.from('\n');

/**
 * The digest aoai-api-simulator computes over a request body (`hash_body` in its record_replay/models.py): MD5,
 * hex, of the bytes as sent, a multipart body's boundary (`--` and everything after `boundary=` in the
 * content type, quotes included) replaced first at the start and after each newline. MD5 is theirs: it
 * identifies a recording, it protects nothing.
 */
export function bodyDigest(contentType: string | undefined, body: Uint8Array): string {
  let bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const at = contentType?.startsWith('multipart/form-data') ? contentType.indexOf('boundary=') : -1;
  if (contentType !== undefined && at >= 0) {
    const boundary = Buffer.from(`--${contentType.slice(at + 'boundary='.length)}`);
    if (bytes.subarray(0, boundary.length).equals(boundary)) bytes = Buffer.concat([STATIC_BOUNDARY, bytes.subarray(boundary.length)]);
    bytes = replaceAll(bytes, Buffer.concat([NEWLINE, boundary]), Buffer.concat([NEWLINE, STATIC_BOUNDARY]));
  }
  return createHash('md5').update(bytes).digest('hex');
}

/** `request` as an interaction kept only as a body digest is indexed: the same target, `{ body_hash }` as its body. */
export function digestRequest(request: RecordedRequest, digest: string): RecordedRequest {
  const { stream: _stream, ...rest } = request;
  return { ...rest, body: { [BODY_HASH_FIELD]: digest } };
}

/** Whether a recorded body is a stand-in for a body kept only as its digest. */
export function isBodyDigest(body: Record<string, JsonValue>): boolean {
  const digest = body[BODY_HASH_FIELD];
  return typeof digest === 'string' && Object.keys(body).length === 1;
}

function replaceAll(bytes: Buffer, search: Buffer, replacement: Buffer): Buffer {
  let at = bytes.indexOf(search);
  if (at === -1) return bytes;
  const parts: Buffer[] = [];
  let from = 0;
  for (; at !== -1; at = bytes.indexOf(search, from)) {
    parts.push(bytes.subarray(from, at), replacement);
    from = at + search.length;
  }
  parts.push(bytes.subarray(from));
  return Buffer.concat(parts);
}
