import { isUtf8 } from 'node:buffer';
import { hash } from 'node:crypto';
import Bourne from '@hapi/bourne';
import { escapesSurrogate, hasLoneSurrogate, MAX_JSON_DEPTH, nestsDeeperThan } from '../protocol/json-depth.ts';
import { serviceErrors } from '../protocol/service-errors.ts';

export interface ParsedJson {
  /** The body's text, without a byte-order mark. */
  json: string;
  fields: Record<string, unknown>;
  /**
   * What caches keep the body by (the answer cache): its text when short, else U+0001 (which no JSON text begins
   * with) and the SHA-256 of its bytes. V8 hashes a string of over 16,383 characters by its length alone, so in a
   * Map every long key of one length collides, and a lookup compares whole texts: 4 ms for a 1 MiB body, against
   * 0.6 ms to hash its bytes once (docs/performance.md, large requests).
   */
  key: string;
}

/** Longer body texts are kept by their digest (ParsedJson.key). */
const KEY_TEXT_MAX = 4_096;

/**
 * A JSON request body's text and fields, or the service's 400. Bytes that are not UTF-8, and strings holding a
 * lone surrogate (`"\ud800"`), are not JSON text (RFC 8259 §8.1, §8.2): they get the service's "could not parse
 * the JSON body" answer instead of being quietly turned into U+FFFD. `__proto__` keys are refused, as
 * @hapi/bourne does for koa-body; a byte-order mark is dropped. A body nesting deeper than MAX_JSON_DEPTH is
 * refused before anything walks it.
 */
export function parseJsonBody(bytes: Buffer): ParsedJson {
  // simdutf's check, a small fraction of the decoding that would otherwise replace bad bytes silently
  if (!isUtf8(bytes)) throw serviceErrors.malformedJson();
  const text = bytes.toString('utf8');
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let fields: unknown;
  try {
    fields = Bourne.parse(json, { protoAction: 'error' });
  } catch {
    throw serviceErrors.malformedJson();
  }
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) throw serviceErrors.malformedJson();
  if (nestsDeeperThan(fields, MAX_JSON_DEPTH)) throw serviceErrors.nestedTooDeep(MAX_JSON_DEPTH);
  // a body escaping no surrogate (nearly all) is not walked again
  if (escapesSurrogate(json) && hasLoneSurrogate(fields)) throw serviceErrors.malformedJson();
  return {
    json,
    fields: fields as Record<string, unknown>,
    key: json.length <= KEY_TEXT_MAX ? json : `\u0001${hash('sha256', bytes, 'base64')}`,
  };
}
