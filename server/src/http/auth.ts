import type { Middleware } from 'koa';
import { realClock, type Clock } from '../clock/index.ts';
import type { ResolvedServer } from '../config/resolve-config.ts';
import { AoaiError } from './aoai-error.ts';
import { credentialHint, withHint } from '../protocol/refusal-hints.ts';
import { isUnder } from './request-target.ts';
import { entraTokenCheck, tokenRefusalHint } from './entra-token.ts';

/**
 * Data-plane authentication as the service does it: an `api-key` header, or `Authorization: Bearer <token>`.
 * Entra tokens cannot be verified here, so an unsigned JWT passes; its audience and expiry are checked as the
 * service checks them (see entraTokenCheck, server.auth.entra). With no keys configured, any non-empty api-key
 * is accepted. On the v1 routes a bearer token that is not a JWT is taken as an api key, as the service takes it
 * there.
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
  const tokenRefusal = entraTokenCheck(auth.entra);
  const refused = (refusal: Parameters<typeof credentialHint>[0], error: AoaiError) =>
    withHint(error, credentialHint(refusal, { keys: keys.size }));
  return (apiKey, authorization, path) => {
    if (apiKey) {
      if (!acceptsKey) throw refused('keys-off', AoaiError.invalidApiKey());
      if (!isAcceptedKey(apiKey)) throw refused('key-refused', AoaiError.invalidApiKey());
    } else if (/^bearer /i.test(authorization)) {
      const token = authorization.slice(7).trim();
      // The v1 routes take the api key itself as a bearer token: that is what OpenAI clients with a
      // /openai/v1/ base URL send.
      if (isUnder(path, '/openai/v1') && token.split('.').length !== 3) {
        if (!acceptsKey) throw refused('keys-off', AoaiError.invalidBearerToken());
        if (!isAcceptedKey(token)) throw refused('key-refused', AoaiError.invalidBearerToken());
        return;
      }
      if (!acceptsBearer) throw refused('bearer-off', AoaiError.invalidBearerToken());
      const now = clock.epochMs() / 1000;
      const refusal = tokenRefusal(token, now);
      if (refusal) throw withHint(AoaiError.invalidBearerToken(), tokenRefusalHint(refusal, auth.entra, now));
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
