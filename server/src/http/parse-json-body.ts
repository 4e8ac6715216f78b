import Bourne from '@hapi/bourne';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../protocol/json-depth.ts';
import { serviceErrors } from '../protocol/service-errors.ts';

/**
 * A JSON request body's text and fields, or the service's 400. `__proto__` keys are refused, as @hapi/bourne
 * does for koa-body; a byte-order mark is dropped. A body nesting deeper than MAX_JSON_DEPTH is refused before
 * anything walks it.
 */
export function parseJsonBody(bytes: Buffer): { json: string; fields: Record<string, unknown> } {
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
  return { json, fields: fields as Record<string, unknown> };
}
