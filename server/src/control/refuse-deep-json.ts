import type { Middleware } from 'koa';
import { MAX_DOCUMENT_DEPTH, nestsDeeperThan } from '../protocol/json-depth.ts';
import { badControlRequest } from './control-errors.ts';

/**
 * Refuses a parsed control-API body nesting deeper than MAX_DOCUMENT_DEPTH, before the merge patch, the schema or
 * the configuration view recurse through it: a rule's `raw.body` 100,000 arrays deep was accepted, and then
 * every `GET /__sim/config` overflowed the stack.
 */
export const refuseDeepJson: Middleware = async (ctx, next) => {
  if (nestsDeeperThan(ctx.request.body, MAX_DOCUMENT_DEPTH)) {
    throw badControlRequest(`The body nests objects and arrays more than ${MAX_DOCUMENT_DEPTH} levels deep.`);
  }
  await next();
};
