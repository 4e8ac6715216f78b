/**
 * What the service makes of an Entra ID bearer token's claims. Signatures are never checked: the simulator holds
 * no Entra signing keys and must run offline, so an unsigned JWT passes; only the claims the service refuses a
 * token for are read: its audience (`aud`) and its expiry (`exp`).
 */

/** How strictly tokens are read (server.auth.entra, resolved). */
export interface EntraPolicy {
  /** The accepted `aud` values, compared without a trailing slash; empty: any audience. */
  readonly audiences: readonly string[];
  /** Refuse a token whose `exp` has passed. */
  readonly checkExpiry: boolean;
}

/** Why a token would be refused; the service's answer is the same 401 for each, only the log tells them apart. */
export type TokenRefusal =
  | { readonly reason: 'malformed' }
  | { readonly reason: 'expired'; readonly expiredAt: number }
  | { readonly reason: 'audience'; readonly audience: unknown };

/**
 * Reads `policy` once into a check of a token at a time `nowSeconds` (Unix seconds, on the simulator's clock):
 * undefined when the service would accept the token.
 */
export function entraTokenCheck(policy: EntraPolicy): (token: string, nowSeconds: number) => TokenRefusal | undefined {
  const audiences = new Set(policy.audiences.map(withoutTrailingSlash));
  const acceptsAudience = (aud: unknown) => typeof aud === 'string' && audiences.has(withoutTrailingSlash(aud));
  return (token, nowSeconds) => {
    const claims = jwtClaims(token);
    if (!claims) return { reason: 'malformed' };
    if (policy.checkExpiry && typeof claims.exp === 'number' && claims.exp < nowSeconds)
      return { reason: 'expired', expiredAt: claims.exp };
    if (audiences.size > 0 && !(Array.isArray(claims.aud) ? claims.aud.some(acceptsAudience) : acceptsAudience(claims.aud)))
      return { reason: 'audience', audience: claims.aud };
    return undefined;
  };
}

/** What the log says about a refused token: never the token itself, only the claim that failed. */
export function tokenRefusalHint(refusal: TokenRefusal, policy: EntraPolicy, nowSeconds: number): string {
  if (refusal.reason === 'malformed')
    return "the Authorization header's bearer token is not a JWT (three base64url parts, the first two JSON objects); an api key goes in the api-key header.";
  if (refusal.reason === 'expired')
    return `the bearer token expired at ${isoSeconds(refusal.expiredAt)} (the simulator's clock reads ${isoSeconds(nowSeconds)}); server.auth.entra.checkExpiry: false accepts expired tokens.`;
  const which = refusal.audience === undefined ? 'has no audience (aud)' : `audience ${JSON.stringify(refusal.audience)} is not`;
  return `the bearer token ${which} one the service accepts (${policy.audiences.join(', ')}): request the token for https://cognitiveservices.azure.com/.default, or list its audience in server.auth.entra.audiences.`;
}

/** A JWT's claims: three base64url parts, the first two JSON objects; undefined for anything else. */
function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part)) || !parts[0] || !parts[1]) return undefined;
  return decodeJson(parts[0]) && decodeJson(parts[1]);
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function withoutTrailingSlash(audience: string): string {
  return audience.endsWith('/') ? audience.slice(0, -1) : audience;
}

function isoSeconds(seconds: number): string {
  const ms = seconds * 1000;
  return Number.isFinite(ms) && Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : String(seconds);
}
