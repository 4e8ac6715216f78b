// Crafted cases for the crashes, errors and leaks of issue 15 (items 7, 11, 15): every configuration runs each once.
import type { CaseContext } from './case.ts';
import { CHAT, chat, user, type Crafted } from './crafted-requests.ts';
import { FAULT_TEST_ID, restoreBaseline } from './control-cases.ts';
import { silentWav } from './multipart.ts';
import { RawJson, writeJson } from './raw-json.ts';
import { aliasBomb } from './scenario-documents.ts';
import { deepSchema, FREE_TEXT_MAX, hugeText } from './values.ts';
import type { Draw } from './draw.ts';

/** The crafted robustness cases; `draw` makes their payloads distinct per configuration and run; `memory` adds item 7's. */
export function robustnessCases(draw: Draw, options: { memory: boolean }): Crafted[] {
  return [
    // item 11: numbers out of range, nesting beyond a stack
    {
      name: 'n-1e308',
      family: 'crafted numbers',
      exclusive: false,
      run: async (c) => {
        await chat(c, { ...user('hi'), n: 1e308 });
        for (const [target, operation, body] of [
          ['/openai/deployments/gpt-35-turbo-instruct/completions?api-version=2024-10-21', 'completions', { prompt: 'hi', n: 1e308 }],
          ['/openai/v1/responses', 'responses', { model: 'gpt-4o', input: 'hi', max_output_tokens: new RawJson('1e309') }],
        ] as const) {
          await c.http(
            { method: 'POST', target, headers: { 'api-key': c.env.apiKey, 'content-type': 'application/json' }, body: writeJson(body) },
            { target: { kind: 'operation', operation } },
          );
        }
      },
    },
    {
      name: 'deep-tool-parameters',
      family: 'crafted nesting',
      exclusive: false,
      run: async (c) =>
        void (await chat(c, {
          ...user('weather?'),
          tools: [{ type: 'function', function: { name: 'f', parameters: deepSchema(3_500) } }],
        })),
    },
    {
      name: 'deep-json-schema',
      family: 'crafted nesting',
      exclusive: false,
      run: async (c) =>
        void (await chat(c, {
          ...user('json'),
          response_format: { type: 'json_schema', json_schema: { name: 'x', schema: deepSchema(3_500) } },
        })),
    },
    {
      name: 'yaml-alias-bomb',
      family: 'crafted control',
      exclusive: true,
      run: async (c) => {
        const answer = await c.http(
          {
            method: 'PUT',
            target: '/__sim/scenarios',
            headers: { ...c.adminHeaders(), 'content-type': 'application/yaml' },
            body: Buffer.from(aliasBomb(9)),
          },
          { target: { kind: 'control', route: 'scenarios' } },
        );
        if (answer.status >= 200 && answer.status < 300) await restoreBaseline(c);
      },
    },
    // item 15: a hang longer than a timer can count must still hang (or be refused), not end at once
    {
      name: 'hang-beyond-timer-range',
      family: 'crafted faults',
      exclusive: false,
      run: async (c) => {
        const armed = await c.http(
          {
            method: 'POST',
            target: '/__sim/faults',
            headers: { ...c.adminHeaders(), 'content-type': 'application/json' },
            body: writeJson({ fault: { kind: 'hang', durationMs: 2 ** 31 }, match: { testId: 'fuzz-hang' }, times: 1 }),
          },
          { target: { kind: 'control', route: 'faults' } },
        );
        if (armed.status !== 200) return;
        const answer = await c.http(
          {
            method: 'POST',
            target: CHAT,
            headers: { 'api-key': c.env.apiKey, 'content-type': 'application/json', 'x-sim-test-id': 'fuzz-hang' },
            body: writeJson(user('hi')),
            timeoutMs: 1_500,
          },
          { target: { kind: 'operation', operation: 'chat' }, faulted: true },
        );
        if (answer.outcome !== 'gave-up')
          c.fail('hang-fault', `a hang of 2^31 ms answered ${answer.status} after ${Math.round(answer.endedMs - answer.startedMs)} ms`);
      },
    },
    // item 15: a 300 KB form with many fields is not "too large"
    {
      name: 'form-with-many-fields',
      family: 'crafted multipart',
      exclusive: false,
      run: async (c) => {
        const boundary = 'fuzzmany';
        const fields = Array.from(
          { length: 1_500 },
          (_, i) => `--${boundary}\r\nContent-Disposition: form-data; name="f${i}"\r\n\r\n${'x'.repeat(180)}\r\n`,
        ).join('');
        const file = Buffer.concat([
          Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\nContent-Type: audio/wav\r\n\r\n`),
          silentWav(),
          Buffer.from('\r\n'),
        ]);
        const body = Buffer.concat([file, Buffer.from(fields), Buffer.from(`--${boundary}--\r\n`)]);
        await c.http(
          {
            method: 'POST',
            target: '/openai/deployments/whisper/audio/transcriptions?api-version=2024-10-21',
            headers: { 'api-key': c.env.apiKey, 'content-type': `multipart/form-data; boundary=${boundary}` },
            body,
          },
          { target: { kind: 'operation', operation: 'transcriptions' } },
        );
      },
    },
    // a body over the limit is refused (413), without reading or parsing it all
    {
      name: 'body-over-the-limit',
      family: 'crafted limits',
      exclusive: false,
      run: async (c) => void (await chat(c, { ...user('hello'), user: 'x'.repeat(c.env.maxBodyBytes + 1024 * 1024) })),
    },
    // item 7: valid requests, each with its own 1 MiB `user`; one configuration of a run is enough
    ...(options.memory ? [retainedRequestsCase(draw)] : []),
    // item 11: Node's own bare answers (unknown method, 431, 417) where the HTTP server lets the simulator answer
    ...(['FOO', 'header-too-large', 'expect'] as const).map((kind) => ({
      name: `bare-answer-${kind}`,
      family: 'crafted bare answers',
      exclusive: false,
      run: async (c: CaseContext) => {
        const head =
          kind === 'FOO'
            ? `FOO ${CHAT} HTTP/1.1\r\nHost: x\r\napi-key: ${c.env.apiKey}\r\n\r\n`
            : kind === 'header-too-large'
              ? `GET /openai/v1/models HTTP/1.1\r\nHost: x\r\napi-key: ${c.env.apiKey}\r\nX-Big: ${'x'.repeat(20_000)}\r\n\r\n`
              : `POST ${CHAT} HTTP/1.1\r\nHost: x\r\napi-key: ${c.env.apiKey}\r\nExpect: something\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}`;
        await c.raw(
          { parts: [Buffer.from(head)], after: 'keep-open', waitMs: 2_000, answers: 1 },
          { target: { kind: 'operation', operation: 'chat' }, method: 'POST', headers: { 'api-key': c.env.apiKey } },
        );
      },
    })),
    // faults armed for the fault test id and an incident started: a request meets them, and nothing else does
    {
      name: 'incident',
      family: 'crafted faults',
      exclusive: false,
      run: async (c) => {
        await c.http(
          {
            method: 'POST',
            target: '/__sim/faults',
            headers: { ...c.adminHeaders(), 'content-type': 'application/json' },
            body: writeJson({ incident: 'fuzz-incident' }),
          },
          { target: { kind: 'control', route: 'faults' } },
        );
        await c.http(
          {
            method: 'POST',
            target: CHAT,
            headers: { 'api-key': c.env.apiKey, 'content-type': 'application/json', 'x-sim-test-id': FAULT_TEST_ID },
            body: writeJson(user('hi')),
            timeoutMs: 3_000,
          },
          { target: { kind: 'operation', operation: 'chat' }, faulted: true },
        );
      },
    },
  ];
}

/** Chat requests and stored responses of this many MiB in all, each distinct. */
const SENT_MIB = { chat: 48, responses: 8 };

/**
 * Item 7: whatever caches requests or answers must be bounded in bytes. Alone, with a full collection before and
 * after (the JavaScript heap is compared, which RSS reports only roughly), it sends 56 MiB of valid requests, each with its own 1 MiB `user`, four at a time, and fails when more
 * than half of that is still held. The simulator's byte bounds (scenarios/fuzz.yaml) must then stay under 28 MiB
 * in all.
 */
function retainedRequestsCase(draw: Draw): Crafted {
  return {
    name: 'distinct-large-requests',
    family: 'crafted memory',
    exclusive: true,
    run: async (c: CaseContext) => {
      const before = await c.retainedHeapKiB();
      const sends = [
        ...Array.from({ length: SENT_MIB.chat }, () => () => chat(c, { ...user('hello'), user: hugeText(draw, FREE_TEXT_MAX) })),
        ...Array.from(
          { length: SENT_MIB.responses },
          () => () =>
            c.http(
              {
                method: 'POST',
                target: '/openai/v1/responses',
                headers: { 'api-key': c.env.apiKey, 'content-type': 'application/json' },
                body: writeJson({ model: 'gpt-4o', input: 'hi', user: hugeText(draw, FREE_TEXT_MAX) }),
              },
              { target: { kind: 'operation', operation: 'responses' } },
            ),
        ),
      ];
      const lanes = Array.from({ length: 4 }, async () => {
        for (let send = sends.shift(); send; send = sends.shift()) await send();
      });
      await Promise.all(lanes);
      const after = await c.retainedHeapKiB();
      if (before === undefined || after === undefined) return;
      const sentMiB = SENT_MIB.chat + SENT_MIB.responses;
      const heldMiB = Math.round((after - before) / 1024);
      if (heldMiB > sentMiB / 2)
        c.fail(
          'rss-growth',
          `after ${sentMiB} MiB of distinct valid requests, the heap after a full collection grew ${heldMiB} MiB: something keeps whole requests`,
        );
    },
  };
}
