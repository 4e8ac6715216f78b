// Byte-level cases on raw sockets: what node:http would never send, and clients that are slow or go away.
import type { Target } from '../oracle/expectation.ts';
import type { RawRequest } from '../send/raw-exchange.ts';
import type { CaseBuilder } from './case.ts';
import { CHAT, CHAT_BODY, CHAT_PATH, bytesOf, once, type RawPlan } from './raw-bytes.ts';
import { chunkedError, encodedBody, malformedLine } from './raw-framing.ts';

/** Each plan gets the harness's valid key where it matters, so that what is tested is the bytes, not the key. */
export const rawCase: CaseBuilder = (draw, env) => {
  const key = env.apiKey;
  const host: [string, string] = ['Host', '127.0.0.1'];
  const auth: [string, string] = ['api-key', key];
  const json: [string, string] = ['Content-Type', 'application/json'];
  const chatHeaders = (extra: Array<[string, string]> = [], length = CHAT_BODY.length): Array<[string, string]> => [
    host,
    auth,
    json,
    ['Content-Length', String(length)],
    ...extra,
  ];
  const plan = draw.weighted<() => RawPlan>([
    [3, () => malformedLine(draw)],
    [
      3,
      () => {
        const method = draw.pick(['FOO', 'BREW', 'PROPFIND', 'QUERY', 'get', 'G ET', 'CONNECT', 'TRACE', 'X'.repeat(300)]);
        const [target, path] = draw.pick<[Target, string]>([
          [CHAT, CHAT_PATH],
          [{ kind: 'control', route: 'config' }, '/__sim/config'],
          [{ kind: 'healthz' }, '/healthz'],
          [{ kind: 'control', route: 'config' }, '/__SIM/config'],
        ]);
        return { name: 'unknown method', request: once(bytesOf(method, path, [host, auth])), target, method, headers: { 'api-key': key } };
      },
    ],
    [
      3,
      () => {
        const size = draw.pick([9_000, 17_000, 70_000]);
        const where = draw.pick(['header', 'many headers', 'url']);
        const headers: Array<[string, string]> =
          where === 'header'
            ? [host, auth, ['X-Big', 'x'.repeat(size)]]
            : where === 'many headers'
              ? [host, auth, ...Array.from({ length: size / 40 }, (_, i): [string, string] => [`X-H${i}`, 'v'.repeat(30)])]
              : [host, auth];
        const path = where === 'url' ? `/openai/v1/models?pad=${'p'.repeat(size)}` : '/openai/v1/models';
        return {
          name: `oversized ${where}`,
          request: once(bytesOf('GET', path, headers)),
          target: { kind: 'listing', listing: 'v1-models' },
          method: 'GET',
          headers: { 'api-key': key },
        };
      },
    ],
    [
      3,
      () => {
        const expect = draw.pick(['100-continue', 'foo', '100-continue, foo', '']);
        return {
          name: `Expect: ${expect}`,
          request: once(bytesOf('POST', CHAT_PATH, chatHeaders([['Expect', expect]]), CHAT_BODY), 3_000),
          target: CHAT,
          method: 'POST',
          headers: { 'api-key': key },
        };
      },
    ],
    [
      3,
      () => {
        const after = draw.pick<RawRequest['after']>(['half-close', 'destroy', 'keep-open']);
        const sent = CHAT_BODY.subarray(0, draw.int(0, CHAT_BODY.length - 1));
        return {
          name: `truncated body, then ${after}`,
          request: { parts: [bytesOf('POST', CHAT_PATH, chatHeaders([], CHAT_BODY.length + 100), sent)], after, waitMs: 1_000 },
          target: CHAT,
          method: 'POST',
          headers: { 'api-key': key },
        };
      },
    ],
    [
      2,
      () => {
        const whole = bytesOf('POST', CHAT_PATH, chatHeaders(), CHAT_BODY);
        const pieces = draw.int(3, 8);
        const pause = draw.pick([50, 150, 300]);
        const parts: RawRequest['parts'] = [];
        for (let i = 0; i < pieces; i++)
          parts.push(whole.subarray(Math.floor((i * whole.length) / pieces), Math.floor(((i + 1) * whole.length) / pieces)), {
            pauseMs: pause,
          });
        return {
          name: `slow request, ${pieces} pieces ${pause} ms apart`,
          request: { parts, after: 'keep-open', waitMs: 3_000, answers: 1 },
          target: CHAT,
          method: 'POST',
          headers: { 'api-key': key },
        };
      },
    ],
    [3, () => encodedBody(draw, key)],
    [3, () => chunkedError(draw, key)],
    [
      2,
      () => {
        const first = bytesOf('GET', '/healthz', [host]);
        const second = bytesOf('POST', CHAT_PATH, chatHeaders(), CHAT_BODY);
        const targets: Target[] = [{ kind: 'healthz' }, CHAT, { kind: 'healthz' }];
        return {
          name: 'pipelined',
          request: { parts: [Buffer.concat([first, second, first])], after: 'keep-open', waitMs: 3_000, answers: 3 },
          target: CHAT,
          targets,
          method: 'POST',
          headers: { 'api-key': key },
        };
      },
    ],
    [
      2,
      () => {
        const path = draw.pick([
          '/__SİM/config',
          '/openai/v1/models é',
          '/openai/v1/mod\u0000els',
          '/openai/v1/models\t',
          '/__sim/con\u00adfig',
          '/%C0%AE%C0%AE/__sim/config',
          'http://evil.example/__sim/config',
          '*',
        ]);
        const control = /sim|SİM/.test(path);
        const target: Target = control ? { kind: 'control', route: 'config' } : { kind: 'listing', listing: 'v1-models' };
        return {
          name: 'odd bytes in the target',
          request: once(
            Buffer.concat([
              Buffer.from('GET '),
              Buffer.from(path, 'utf8'),
              Buffer.from(` HTTP/1.1\r\nHost: 127.0.0.1\r\napi-key: ${key}\r\n\r\n`),
            ]),
          ),
          target,
          method: 'GET',
          headers: { 'api-key': key },
        };
      },
    ],
    [
      2,
      () => {
        const variant = draw.pick([
          'no Host',
          'two Hosts',
          'HTTP/1.0',
          'Upgrade: websocket',
          'Upgrade: h2c',
          'api-key in UTF-8',
          'obs-fold',
          'bare LF',
        ]);
        const bytes =
          variant === 'no Host'
            ? bytesOf('GET', '/openai/v1/models', [auth])
            : variant === 'two Hosts'
              ? bytesOf('GET', '/openai/v1/models', [host, ['Host', 'other'], auth])
              : variant === 'HTTP/1.0'
                ? bytesOf('GET', '/openai/v1/models', [auth], undefined, 'HTTP/1.0')
                : variant === 'api-key in UTF-8'
                  ? Buffer.concat([
                      Buffer.from('GET /openai/v1/models HTTP/1.1\r\nHost: x\r\napi-key: '),
                      Buffer.from(`${key}é`, 'utf8'),
                      Buffer.from('\r\n\r\n'),
                    ])
                  : variant === 'obs-fold'
                    ? Buffer.from(`GET /openai/v1/models HTTP/1.1\r\nHost: x\r\napi-key: ${key}\r\nX-Folded: a\r\n b\r\n\r\n`)
                    : variant === 'bare LF'
                      ? Buffer.from(`GET /openai/v1/models HTTP/1.1\nHost: x\napi-key: ${key}\n\n`)
                      : bytesOf('GET', '/openai/v1/models', [host, auth, ['Connection', 'Upgrade'], ['Upgrade', variant.slice(9)]]);
        const headers: Record<string, string> = variant === 'api-key in UTF-8' ? { 'api-key': `${key}é` } : { 'api-key': key };
        return { name: variant, request: once(bytes), target: { kind: 'listing', listing: 'v1-models' }, method: 'GET', headers };
      },
    ],
  ])();
  return {
    family: `raw ${plan.name.replace(/\d+/g, 'N')}`,
    exclusive: false,
    async run(context) {
      await context.raw(plan.request, {
        target: plan.target,
        method: plan.method,
        headers: plan.headers,
        note: plan.name,
        ...(plan.targets ? { targets: plan.targets } : {}),
      });
    },
  };
};
