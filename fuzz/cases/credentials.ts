// The credentials a request carries, right and wrong, and what the fuzzer expects the simulator to make of them.
import type { Draw } from './draw.ts';

/** A bearer token as Entra would issue it, unsigned: three base64url parts. */
export function jwt(claims: Record<string, unknown>, header: Record<string, unknown> = { alg: 'RS256', typ: 'JWT' }): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part(header)}.${part(claims)}.${Buffer.from('signature').toString('base64url')}`;
}

const HOUR = 3600;

/**
 * Data-plane credential headers: the valid key (in any header-name case), a bearer token of each kind, or a
 * wrong, altered, empty or missing credential. `key` is the api key the harness uses in every configuration.
 */
export function dataPlaneCredential(draw: Draw, key: string): Record<string, string> {
  const now = Math.floor(Date.now() / 1000);
  return draw.weighted<() => Record<string, string>>([
    [30, () => ({ [draw.pick(['api-key', 'Api-Key', 'API-KEY'])]: key })],
    [3, () => ({ authorization: `Bearer ${key}` })],
    [3, () => ({ authorization: `Bearer ${jwt({ aud: 'https://cognitiveservices.azure.com', exp: now + HOUR })}` })],
    [2, () => ({})],
    [2, () => ({ 'api-key': `${key}x` })],
    [2, () => ({ 'api-key': key.toUpperCase() })],
    [1, () => ({ 'api-key': key.slice(0, -1) })],
    [1, () => ({ 'api-key': '' })],
    [1, () => ({ 'x-api-key': key })],
    [1, () => ({ authorization: `Bearer ${jwt({ aud: 'https://cognitiveservices.azure.com', exp: now - HOUR })}` })],
    [1, () => ({ authorization: `Bearer ${jwt({ exp: now + HOUR }, { alg: 'none' })}` })],
    [
      1,
      () => ({
        authorization: draw.pick([
          'Bearer ',
          'Bearer a.b',
          'Bearer a.b.c',
          'Bearer ..',
          `Basic ${Buffer.from(`u:${key}`).toString('base64')}`,
          'bearer',
        ]),
      }),
    ],
    [1, () => ({ authorization: `Bearer ${Buffer.from('{"alg":"RS256"}').toString('base64url')}.bm90IGpzb24.c2ln` })],
    [1, () => ({ 'api-key': 'wrong-key', authorization: `Bearer ${key}` })],
  ])();
}

/** Control-API credential headers: the admin key (in any header-name case), or something else. */
export function adminCredential(draw: Draw, adminKey: string, apiKey: string): Record<string, string> {
  return draw.weighted<() => Record<string, string>>([
    [20, () => ({ [draw.pick(['x-sim-admin-key', 'X-Sim-Admin-Key', 'X-SIM-ADMIN-KEY'])]: adminKey })],
    [3, () => ({})],
    [2, () => ({ 'x-sim-admin-key': `${adminKey}x` })],
    [2, () => ({ 'x-sim-admin-key': adminKey.toUpperCase() })],
    [1, () => ({ 'x-sim-admin-key': '' })],
    [1, () => ({ 'api-key': adminKey })],
    [1, () => ({ authorization: `Bearer ${adminKey}` })],
    [1, () => ({ 'api-key': apiKey })],
  ])();
}

/**
 * Whether `headers` carry a credential the data plane must accept: the key in `api-key`, or a bearer token that is
 * the key or a well-formed, unexpired JWT (the simulator cannot check Entra signatures, so it accepts those by
 * design). Generous on purpose: any request this calls credentialed is never counted as a bypass.
 */
export function carriesDataPlaneCredential(headers: Record<string, string | string[]>, key: string): boolean {
  const apiKey = header(headers, 'api-key');
  if (apiKey !== undefined && apiKey.trim() === key) return true;
  const bearer = /^bearer\s+(.+)$/i.exec(header(headers, 'authorization')?.trim() ?? '')?.[1]?.trim();
  return bearer !== undefined && (bearer === key || isUnexpiredJwt(bearer));
}

/** Whether `headers` carry the admin key. */
export function carriesAdminKey(headers: Record<string, string | string[]>, adminKey: string): boolean {
  return header(headers, 'x-sim-admin-key')?.trim() === adminKey;
}

/** Whether `headers` carry an `Authorization: Bearer` (whose 401 is the service's body without an `error` wrapper). */
export function carriesBearer(headers: Record<string, string | string[]>): boolean {
  return /^bearer/i.test(header(headers, 'authorization')?.trim() ?? '');
}

function header(headers: Record<string, string | string[]>, name: string): string | undefined {
  for (const [key, value] of Object.entries(headers))
    if (key.toLowerCase() === name) return Array.isArray(value) ? value.join(', ') : value;
  return undefined;
}

function isUnexpiredJwt(token: string): boolean {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[0] || !parts[1] || parts.some((part) => !/^[A-Za-z0-9_-]*$/.test(part))) return false;
  try {
    const [head, claims] = parts.slice(0, 2).map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown);
    const isObject = (value: unknown) => value !== null && typeof value === 'object' && !Array.isArray(value);
    if (!isObject(head) || !isObject(claims)) return false;
    const exp = (claims as { exp?: unknown }).exp;
    return typeof exp !== 'number' || exp >= Date.now() / 1000;
  } catch {
    return false;
  }
}
