import { timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { AoaiError } from '../http/aoai-error.ts';
import { isUnder } from '../http/request-target.ts';
import type { ResolvedServer } from '../config/resolve-config.ts';

/** The header that carries the control API's key. */
export const ADMIN_KEY_HEADER = 'x-sim-admin-key';

/**
 * Who may use the control API under /__sim/:
 * - `key`: every call carries the admin key (an admin key is configured);
 * - `open`: anyone who reaches the port (the default on loopback, or chosen with `server.admin.access: open`);
 * - `read-only`: anyone may read (config, journal, limits), nobody may change anything (the default when the
 *   simulator listens beyond loopback without an admin key);
 * - `off`: the control API answers 404.
 */
export type ControlAccess = ResolvedServer['controlAccess'];

/** What a control-API call gets under an access policy: served, or the error it is refused with. */
export function decideControlAccess(
  access: ControlAccess,
  method: string,
  givenKey: string,
  adminKey: string | undefined,
): AoaiError | undefined {
  if (access === 'off') return AoaiError.resourceNotFound();
  if (access === 'key') return adminKey !== undefined && sameKey(givenKey, adminKey) ? undefined : adminKeyRequired();
  if (access === 'read-only' && method !== 'GET' && method !== 'HEAD') return readOnly();
  return undefined;
}

/** The generated image files a `url` answer points at: like a blob SAS URL, they need no key. */
const PUBLIC_PREFIX = '/__sim/images';
/** The dashboard's page and assets: no data in them, and the page must load to ask for the key (its feed needs it). */
const PAGE_PATH = '/__sim/ui';
const PAGE_ASSETS_PREFIX = '/__sim/ui/assets';

/** Whether a GET is for the dashboard's page itself, which an admin key does not guard (its feed it does). */
function isDashboardPage(path: string): boolean {
  return path === PAGE_PATH || isUnder(path, PAGE_ASSETS_PREFIX);
}

/**
 * The guard in front of every path under /__sim/ (in any case or spelling: the target is normalized before
 * this runs, see normalizeTarget), so no route can be reached around it.
 */
export function controlAccess(server: Pick<ResolvedServer, 'controlAccess' | 'adminApiKey'>): Middleware {
  const { controlAccess: access, adminApiKey: apiKey } = server;
  return async (ctx, next) => {
    if (isUnder(ctx.path, '/__sim') && !(ctx.method === 'GET' && isUnder(ctx.path, PUBLIC_PREFIX))) {
      const pageOnly = access === 'key' && ctx.method === 'GET' && isDashboardPage(ctx.path);
      const refusal = pageOnly ? undefined : decideControlAccess(access, ctx.method, ctx.get(ADMIN_KEY_HEADER), apiKey);
      if (refusal) throw refusal;
    }
    await next();
  };
}

function sameKey(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function adminKeyRequired(): AoaiError {
  return new AoaiError(
    401,
    JSON.stringify({
      error: { code: 'AdminKeyRequired', message: `The control API needs the admin key in the ${ADMIN_KEY_HEADER} header.` },
    }),
  );
}

function readOnly(): AoaiError {
  return new AoaiError(
    403,
    JSON.stringify({
      error: {
        code: 'ControlApiReadOnly',
        message:
          'The control API is read-only: the simulator listens beyond loopback and has no admin key. Start it with AOAI_SIM_ADMIN_KEY (server.admin.apiKey) and send that key in the x-sim-admin-key header, or set AOAI_SIM_ADMIN_ACCESS=open (server.admin.access: open) to let anyone who reaches the port change it.',
      },
    }),
  );
}
