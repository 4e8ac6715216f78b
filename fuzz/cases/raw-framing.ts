// Byte-level cases about framing: request lines, content encodings, chunked bodies and lengths.
import { bomb } from './bombs.ts';
import type { Draw } from './draw.ts';
import { CHAT, CHAT_BODY, CHAT_PATH, bytesOf, once, type RawPlan } from './raw-bytes.ts';
import type { Target } from '../oracle/expectation.ts';

/** Bytes that are not an HTTP/1.1 request, or barely. */
export function malformedLine(draw: Draw): RawPlan {
  const line = draw.pick([
    'GARBAGE\r\n\r\n',
    'GET\r\n\r\n',
    'GET / HTTP/9.9\r\nHost: x\r\n\r\n',
    'GET /healthz HTTP/1.1\r\nHost: x\r\n',
    'GET /healthz\r\n\r\n',
    ' GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n',
    'GET /healthz HTTP/1.1\r\nHost x\r\n\r\n',
    'GET /healthz HTTP/1.1\r\n: empty-name\r\nHost: x\r\n\r\n',
    'GET /healthz HTTP/1.1\r\nBad Name: x\r\nHost: x\r\n\r\n',
    'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n',
    '\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000',
    '\r\n\r\n\r\n',
  ]);
  return {
    name: 'malformed request',
    request: once(Buffer.from(line, 'latin1'), 1_000),
    target: { kind: 'none' },
    method: 'GET',
    headers: {},
  };
}

/** Content encodings: bombs, stacked and unknown encodings, a broken gzip stream. */
export function encodedBody(draw: Draw, key: string): RawPlan {
  const encoding = draw.pick(['gzip', 'deflate', 'br', 'gzip, br', 'zstd', 'identity', 'gzip-broken'] as const);
  const body =
    encoding === 'gzip-broken'
      ? Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0x00])
      : ['gzip', 'deflate', 'br'].includes(encoding)
        ? bomb(encoding as 'gzip')
        : CHAT_BODY;
  const control = draw.chance(0.3);
  const path = control ? '/__sim/scenarios' : CHAT_PATH;
  const method = control ? 'PUT' : 'POST';
  const headers: Array<[string, string]> = [
    ['Host', 'x'],
    ['api-key', key],
    ['Content-Type', 'application/json'],
    ['Content-Length', String(body.length)],
    ['Content-Encoding', encoding === 'gzip-broken' ? 'gzip' : encoding],
  ];
  const target: Target = control ? { kind: 'control', route: 'scenarios' } : CHAT;
  // a bomb to the control API carries no admin key: refusing it must not depend on having unpacked it
  return {
    name: `Content-Encoding ${encoding}${control ? ' (control API)' : ''}`,
    request: once(bytesOf(method, path, headers, body), 5_000),
    target,
    method,
    headers: { 'api-key': key },
  };
}

/** Chunked bodies and lengths done wrong, the stuff of request smuggling. */
export function chunkedError(draw: Draw, key: string): RawPlan {
  const head = `POST ${CHAT_PATH} HTTP/1.1\r\nHost: x\r\napi-key: ${key}\r\nContent-Type: application/json\r\n`;
  const [name, rest] = draw.pick<[string, string]>([
    ['bad chunk size', 'Transfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n'],
    ['chunk size overflow', 'Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nabc\r\n0\r\n\r\n'],
    ['no last chunk', `Transfer-Encoding: chunked\r\n\r\n${CHAT_BODY.length.toString(16)}\r\n${CHAT_BODY}\r\n`],
    [
      'chunk extensions',
      `Transfer-Encoding: chunked\r\n\r\n${CHAT_BODY.length.toString(16)};ext=${'e'.repeat(5000)}\r\n${CHAT_BODY}\r\n0\r\n\r\n`,
    ],
    [
      'both lengths',
      `Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n${CHAT_BODY.length.toString(16)}\r\n${CHAT_BODY}\r\n0\r\n\r\n`,
    ],
    ['chunked, gzip', `Transfer-Encoding: chunked, gzip\r\n\r\n0\r\n\r\n`],
    ['two lengths', `Content-Length: ${CHAT_BODY.length}\r\nContent-Length: 3\r\n\r\n${CHAT_BODY}`],
    ['negative length', `Content-Length: -1\r\n\r\n${CHAT_BODY}`],
    ['huge length', `Content-Length: 99999999999999999999\r\n\r\n${CHAT_BODY}`],
    [
      'trailers',
      `Transfer-Encoding: chunked\r\n\r\n${CHAT_BODY.length.toString(16)}\r\n${CHAT_BODY}\r\n0\r\nX-Trailer: ${'t'.repeat(20_000)}\r\n\r\n`,
    ],
  ]);
  return {
    name: `chunked: ${name}`,
    request: once(Buffer.from(head + rest, 'latin1'), 2_000),
    target: CHAT,
    method: 'POST',
    headers: { 'api-key': key },
  };
}
