import type { Middleware } from 'koa';
import { realClock, type Clock } from '../clock/index.ts';
import type { ResolvedServer } from '../config/resolve-config.ts';
import { AoaiError } from './aoai-error.ts';
import { credentialHint, withHint } from '../protocol/refusal-hints.ts';
import { isUnder } from './request-target.ts';

/**
 * Data-plane authentication as the service does it: an `api-key` header, or `Authorization: Bearer <token>`.
 * Entra tokens cannot be verified here, so any well-formed, unexpired JWT is accepted (with the configured
 * audience, when there is one). With no keys configured, any non-empty api-key is accepted. On the v1 routes a
 * bearer token that is not a JWT is taken as an api key, as the service takes it there.
 *
 * Returns a check that throws the service's 401 for a request's `api-key` and `authorization` headers.
 */
export function credentialCheck(
  auth: ResolvedServer['auth'],
  clock: Clock = realClock,
): (apiKey: string, authorization: string, path: string) => void {
  const keys = new Set(auth.apiKeys);
  const acceptsKey = auth.modes.includes('api-key');
  const acceptsBearer = auth.modes.includes('bearer');
  const isAcceptedKey = (key: string) => key !== '' && (keys.size === 0 || keys.has(key));
  const refused = (refusal: Parameters<typeof credentialHint>[0], error: AoaiError) =>
    withHint(error, credentialHint(refusal, { keys: keys.size, bearerAudience: auth.bearerAudience }));
  return (apiKey, authorization, path) => {
    if (apiKey) {
      if (!acceptsKey) throw refused('keys-off', AoaiError.invalidApiKey());
      if (!isAcceptedKey(apiKey)) throw refused('key-refused', AoaiError.invalidApiKey());
    } else if (/^bearer /i.test(authorization)) {
      const token = authorization.slice(7).trim();
      // The v1 routes take the api key itself as a bearer token: that is what OpenAI clients with a
      // /openai/v1/ base URL send.
      const keyAsBearer = isUnder(path, '/openai/v1') && token.split('.').length !== 3;
      const accepted = keyAsBearer
        ? acceptsKey && isAcceptedKey(token)
        : acceptsBearer && isAcceptableJwt(token, auth.bearerAudience, clock.epochMs() / 1000);
      if (!accepted)
        throw refused(keyAsBearer ? (acceptsKey ? 'key-refused' : 'keys-off') : 'bearer-refused', AoaiError.invalidBearerToken());
    } else {
      throw refused('missing', AoaiError.invalidApiKey());
    }
  };
}

/** The credential check (see credentialCheck) as Koa middleware, for the routes outside the data plane. */
export function authMiddleware(auth: ResolvedServer['auth'], clock: Clock = realClock): Middleware {
  const check = credentialCheck(auth, clock);
  return async (ctx, next) => {
    check(ctx.get('api-key'), ctx.get('authorization'), ctx.path);
    await next();
  };
}

/** Three base64url parts whose first two are JSON objects; not expired; with the audience when one is required. */
export function isAcceptableJwt(token: string, audience?: string, nowSeconds = realClock.epochMs() / 1000): boolean {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part)) || !parts[0] || !parts[1]) return false;
  const header = decodeJson(parts[0]);
  const claims = decodeJson(parts[1]);
  if (!header || !claims) return false;
  if (typeof claims.exp === 'number' && claims.exp < nowSeconds) return false;
  if (audience !== undefined) {
    const aud = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
    if (!aud.includes(audience)) return false;
  }
  return true;
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
