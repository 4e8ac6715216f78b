/** Keys whose values are secrets: shown as "***" in GET /__sim/config. */
const SECRET_KEYS = new Set(['apiKeys', 'apiKey', 'adminApiKey', 'admin', 'secret']);

/** A copy of `value` with every secret masked. */
export function maskSecrets<T>(value: T): T {
  if (typeof value === 'string') return maskUrlPassword(value) as T;
  if (Array.isArray(value)) return value.map(maskSecrets) as T;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Map || value instanceof Set) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, SECRET_KEYS.has(key) ? mask(inner) : maskSecrets(inner)]),
  ) as T;
}

function mask(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(() => '***');
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.keys(value).map((key) => [key, '***']));
  return value === undefined ? undefined : '***';
}

/** A url's password (redis://user:password@host) masked; any other text as it is. */
function maskUrlPassword(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/@:]*):[^/@]*@/i, '$1:***@');
}
