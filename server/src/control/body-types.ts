import type { Middleware } from 'koa';
import { AoaiError } from '../http/aoai-error.ts';

/** The media types each control call with a body takes; the first is the one a 415 suggests. */
const ACCEPTED: Readonly<Record<string, readonly string[]>> = {
  'PUT /__sim/scenarios': ['application/yaml', 'text/yaml', 'application/x-yaml', 'application/json'],
  'PATCH /__sim/scenarios': ['application/merge-patch+json', 'application/json'],
  'POST /__sim/reset': ['application/json'],
  'POST /__sim/faults': ['application/json'],
};

/** The drills' calls (`POST /__sim/resources/{name}/down`, `/degrade`, `/up`): JSON bodies, by the path's shape. */
const DRILL_CALL = /^post \/__sim\/resources\/[^/]+\/(down|degrade|up)$/;

/** The JSON types koa-body parses as JSON; the YAML ones it hands over as text. */
export const JSON_BODY_TYPES = ['application/json', 'application/merge-patch+json'];
export const YAML_BODY_TYPES = ['application/yaml', 'text/yaml', 'application/x-yaml'];

/**
 * The media types `method path` takes a body in, or undefined for a call that takes none. Pure, for the 415 check.
 */
export function acceptedBodyTypes(method: string, path: string): readonly string[] | undefined {
  const call = `${method.toUpperCase()} ${path.replace(/\/+$/, '').toLowerCase()}`;
  return ACCEPTED[call] ?? (DRILL_CALL.test(call.toLowerCase()) ? ACCEPTED['POST /__sim/faults'] : undefined);
}

/**
 * Refuses a body in a type the call does not read, before it is parsed: curl's default form type used to reach
 * the scenarios schema as an empty form and come back as `/ must be object, not undefined`.
 */
export const requireBodyType: Middleware = async (ctx, next) => {
  const accepted = acceptedBodyTypes(ctx.method, ctx.path);
  if (accepted && hasBody(ctx.req.headers) && !ctx.is(accepted as string[])) {
    const sent = ctx.get('content-type') || 'none';
    throw unsupportedMediaType(`${ctx.method} ${ctx.path}`, sent, accepted);
  }
  await next();
};

/** As type-is decides it: with no body, Koa's `ctx.is` answers null, which must not read as a wrong type. */
function hasBody(headers: Record<string, string | string[] | undefined>): boolean {
  return headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');
}

function unsupportedMediaType(call: string, sent: string, accepted: readonly string[]): AoaiError {
  return new AoaiError(
    415,
    JSON.stringify({
      error: {
        code: 'UnsupportedMediaType',
        message: `${call} takes a body of type ${accepted.join(', ')}, not ${sent}. With curl: -H 'content-type: ${accepted[0]}'.`,
      },
    }),
  );
}
