// Spellings of one path that a server may or may not treat as the same route: case, escapes, dot segments, slashes.
import type { Draw } from './draw.ts';

/**
 * `path` as a client or an attacker might spell it. Every variant here either means the same route (dot segments
 * cancel out, escapes decode to the same letters) or no route at all, never another one, so that a 2xx answer can
 * still be checked as the intended route's. Returns the spelling and a name for the report.
 */
export function pathVariant(draw: Draw, path: string): { path: string; variant: string } {
  return draw.weighted<() => { path: string; variant: string }>([
    [40, () => ({ path, variant: 'as is' })],
    [6, () => ({ path: upperFirstSegment(path), variant: 'upper-case prefix' })],
    [4, () => ({ path: flipCase(draw, path), variant: 'mixed case' })],
    [4, () => ({ path: percentEncode(draw, path), variant: 'percent-encoded letters' })],
    [
      2,
      () => ({
        path: path.replace(/\//g, (slash, at: number) => (at > 0 && draw.chance(0.3) ? '%2F' : slash)),
        variant: 'encoded slashes',
      }),
    ],
    [3, () => ({ path: withDotSegments(draw, path, false), variant: 'dot segments' })],
    [2, () => ({ path: withDotSegments(draw, path, true), variant: 'encoded dot segments' })],
    [3, () => ({ path: path.replace(/\//g, (slash) => (draw.chance(0.3) ? '//' : slash)), variant: 'double slashes' })],
    [3, () => ({ path: `${path}/`, variant: 'trailing slash' })],
    [1, () => ({ path: path.replace(/\//g, (slash, at: number) => (at > 0 && draw.chance(0.3) ? '\\' : slash)), variant: 'backslashes' })],
    [1, () => ({ path: `${path};x=1`, variant: 'a path parameter' })],
    [1, () => ({ path: `${path}%00`, variant: 'an encoded NUL' })],
    [1, () => ({ path: `${path}%`, variant: 'a broken escape' })],
  ])();
}

function upperFirstSegment(path: string): string {
  return path.replace(/^\/[^/]+/, (segment) => segment.toUpperCase());
}

function flipCase(draw: Draw, path: string): string {
  return path.replace(/[a-z]/gi, (letter) => (draw.chance(0.5) ? letter.toUpperCase() : letter.toLowerCase()));
}

function percentEncode(draw: Draw, path: string): string {
  return path.replace(/[a-z_]/gi, (letter) => {
    if (!draw.chance(0.3)) return letter;
    const hex = letter.charCodeAt(0).toString(16);
    return `%${draw.chance(0.5) ? hex.toUpperCase() : hex}`;
  });
}

function withDotSegments(draw: Draw, path: string, encoded: boolean): string {
  const segments = path.split('/');
  const at = draw.int(1, Math.max(1, segments.length - 1));
  const dot = encoded ? draw.pick(['%2e', '%2E']) : '.';
  const dots = encoded ? draw.pick(['%2e%2e', '%2E%2E', '.%2e', '%2e.']) : '..';
  const insert = draw.chance(0.5) ? [dot] : [draw.word(1, 6), dots];
  segments.splice(at, 0, ...insert);
  return segments.join('/');
}
