/**
 * How a request's path is read, decided once for every route: the target is put in RFC 3986's normal form
 * (absolute-form reduced to a path, percent-encoded unreserved characters decoded, dot segments removed) before
 * anything routes or authenticates it, and the fixed segments of a path are compared without regard to case,
 * as the routers compare them. So `/__SIM/config`, `/%5F%5Fsim/config` and `/x/../__sim/config` are all the
 * control API, and `/OPENAI/models` is the data plane, for the guards exactly as for the routes.
 */

/** The request target in normal form: a path starting with `/`, then the query as sent. */
export function normalizeTarget(target: string): string {
  // the common case, a plain origin-form path, costs three scans and no allocation
  if (target.charCodeAt(0) === 47 /* / */ && !target.includes('%') && !target.includes('/.')) return target;
  const origin = originForm(target);
  const question = origin.indexOf('?');
  const path = question === -1 ? origin : origin.slice(0, question);
  const query = question === -1 ? '' : origin.slice(question);
  return removeDotSegments(decodeUnreserved(path)) + query;
}

/** Whether `path` (already normalized) is `prefix` or below it, compared without regard to case. */
export function isUnder(path: string, prefix: string): boolean {
  if (path.length < prefix.length) return false;
  if (path.slice(0, prefix.length).toLowerCase() !== prefix) return false;
  const next = path.charCodeAt(prefix.length);
  // the prefix whole, or followed by a segment or the query
  return Number.isNaN(next) || next === 47 /* / */ || next === 63; /* ? */
}

/** A request target as a path and query, also when a client sent it whole (`POST http://host/openai/…`). */
function originForm(target: string): string {
  if (target.startsWith('/')) return target;
  try {
    const url = new URL(target);
    return `${url.pathname}${url.search}`;
  } catch {
    return `/${target}`;
  }
}

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/**
 * Decodes `%XX` where XX is an unreserved character (RFC 3986 §6.2.2.2) and upper-cases the hex digits of the
 * rest, so that one resource has one spelling; `%2F` stays encoded and never becomes a separator.
 */
function decodeUnreserved(path: string): string {
  return path.replace(/%([0-9A-Fa-f]{2})/g, (_whole, hex: string) => {
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}

/** RFC 3986 §5.2.4, for an absolute path: `.` segments vanish, `..` removes the segment before it. */
function removeDotSegments(path: string): string {
  const output: string[] = [];
  const segments = path.split('/');
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i]!;
    const last = i === segments.length - 1;
    if (segment === '.' || segment === '..') {
      if (segment === '..' && output.length > 0) output.pop();
      // a trailing dot segment leaves the directory it names: `/a/b/..` is `/a/`
      if (last) output.push('');
      continue;
    }
    output.push(segment);
  }
  return `/${output.join('/')}`;
}
