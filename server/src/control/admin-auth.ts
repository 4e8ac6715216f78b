import { timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { AoaiError } from '../http/aoai-error.ts';

/** The header that carries the control API's key. */
export const ADMIN_KEY_HEADER = 'x-sim-admin-key';

/** When an admin key is configured, every control-API call must carry it; it is separate from data-plane keys. */
export function adminAuth(adminKey: string | undefined): Middleware {
  const expected = adminKey === undefined ? undefined : Buffer.from(adminKey);
  return async (ctx, next) => {
    if (expected) {
      const given = Buffer.from(ctx.get(ADMIN_KEY_HEADER));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw new AoaiError(
          401,
          JSON.stringify({
            error: { code: 'AdminKeyRequired', message: `The control API needs the admin key in the ${ADMIN_KEY_HEADER} header.` },
          }),
        );
      }
    }
    await next();
  };
}
