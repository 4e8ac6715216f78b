import { isCredentialHeader, isCredentialParam, REDACTED } from '../protocol/credentials.ts';

/**
 * The headers with lower-cased names and credential values replaced by `REDACTED`: whether an app sent a key
 * is worth seeing, the key never is. Copies each value, so the journal holds none of the caller's objects.
 */
export function redactHeaders(headers: Readonly<Record<string, string | readonly string[] | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    out[lower] = isCredentialHeader(lower) ? REDACTED : typeof value === 'string' ? value : value.join(', ');
  }
  return out;
}

/** The path with the values of credential query parameters replaced by `REDACTED`. */
export function redactPath(path: string): string {
  const question = path.indexOf('?');
  if (question < 0) return path;
  const query = path
    .slice(question + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      return equals >= 0 && isCredentialParam(safeDecode(name)) ? `${name}=${REDACTED}` : pair;
    });
  return `${path.slice(0, question)}?${query.join('&')}`;
}

function safeDecode(text: string): string {
  if (!text.includes('%') && !text.includes('+')) return text;
  try {
    return decodeURIComponent(text.replaceAll('+', ' '));
  } catch {
    return text;
  }
}
