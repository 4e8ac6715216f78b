import test from 'ava';
import { APIConnectionError, APIError, InternalServerError, RateLimitError } from 'openai';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';

/** A simulator whose `gpt-4o` requests with a given marker get a given fault. */
async function withFaults(t: import('ava').ExecutionContext, faults: string, extra = '') {
  const text = ['deployments:', '  gpt-4o: { model: gpt-4o-2024-08-06 }', extra, faults ? `faults:\n${faults}` : ''].join('\n');
  const dir = await tempTree(t, { 'scenarios.yaml': text });
  const sim = await startTestSimulator(t, { scenarios: join(dir, 'scenarios.yaml') });
  return { sim, client: azureClient(sim, { deployment: 'gpt-4o' }) };
}

const marked = (marker: string) => [{ role: 'user' as const, content: `[${marker}] hello` }];

const FAULTS = yaml`
  - { name: s500, match: { lastUserMessage: { contains: "[500]" } }, fault: { kind: status, status: 500 } }
  - { name: s503, match: { lastUserMessage: { contains: "[503]" } }, fault: { kind: status, status: 503 } }
  - { name: s429, match: { lastUserMessage: { contains: "[429]" } }, fault: { kind: status, status: 429 } }
  - { name: hang, match: { lastUserMessage: { contains: "[hang]" } }, fault: { kind: hang, durationMs: 300 } }
  - { name: reset, match: { lastUserMessage: { contains: "[reset]" } }, fault: { kind: reset } }
  - { name: empty, match: { lastUserMessage: { contains: "[empty]" } }, fault: { kind: empty } }
  - { name: json, match: { lastUserMessage: { contains: "[json]" } }, fault: { kind: malformed-json } }
  - { name: cut, match: { lastUserMessage: { contains: "[cut]" } }, fault: { kind: stream-cut, afterChunks: 3 } }
  - { name: stall, match: { lastUserMessage: { contains: "[stall]" } }, fault: { kind: stream-stall, afterChunks: 2, durationMs: 300 } }
  - { name: sse, match: { lastUserMessage: { contains: "[sse]" } }, fault: { kind: malformed-sse, afterChunks: 2 } }
  - { name: half, match: { lastUserMessage: { contains: "[half]" } }, probability: 0.5, seed: 1, fault: { kind: status, status: 500 } }
`;

test('status faults carry the service bodies, and the SDK surfaces them as its error classes', async (t) => {
  const { client } = await withFaults(t, FAULTS);
  const e500 = await t.throwsAsync(client.chat.completions.create({ model: 'gpt-4o', messages: marked('500') }), {
    instanceOf: InternalServerError,
  });
  t.is(e500.status, 500);
  t.is(e500.type, 'server_error');
  const e503 = await t.throwsAsync(client.chat.completions.create({ model: 'gpt-4o', messages: marked('503') }), { instanceOf: APIError });
  t.is(e503.status, 503);
  t.regex(e503.message, /That model is currently overloaded/);
  const e429 = await t.throwsAsync(client.chat.completions.create({ model: 'gpt-4o', messages: marked('429') }), {
    instanceOf: RateLimitError,
  });
  t.regex(e429.message, /experiencing high demand.*Please retry after 20 seconds/);
  t.is(e429.headers?.get('retry-after'), '20');
});

test('connection faults: a hang times out, a reset and an empty answer are connection errors', async (t) => {
  const { sim, client } = await withFaults(t, FAULTS);
  const impatient = azureClient(sim, { deployment: 'gpt-4o' });
  const hang = await t.throwsAsync(impatient.chat.completions.create({ model: 'gpt-4o', messages: marked('hang') }, { timeout: 100 }), {
    instanceOf: APIConnectionError,
  });
  t.regex(hang.constructor.name, /Timeout/);
  await t.throwsAsync(client.chat.completions.create({ model: 'gpt-4o', messages: marked('reset') }), { instanceOf: APIConnectionError });
  await t.throwsAsync(client.chat.completions.create({ model: 'gpt-4o', messages: marked('empty') }), { instanceOf: APIConnectionError });
  t.truthy((await client.chat.completions.create({ model: 'gpt-4o', messages: marked('fine') })).choices[0], 'the server keeps serving');
});

test('malformed JSON: a 200 whose body does not parse', async (t) => {
  const { client } = await withFaults(t, FAULTS);
  const error = await t.throwsAsync(client.chat.completions.create({ model: 'gpt-4o', messages: marked('json') }));
  t.regex(String(error?.message), /JSON/);
});

async function consume(stream: AsyncIterable<{ choices: Array<{ delta?: { content?: string | null } }> }>) {
  let chunks = 0;
  for await (const _chunk of stream) chunks++;
  return chunks;
}

test('stream faults: cut after N chunks, stalled then cut, and a malformed chunk', async (t) => {
  const { client } = await withFaults(t, FAULTS);
  const stream = (marker: string) => client.chat.completions.create({ model: 'gpt-4o', stream: true, messages: marked(marker) });
  let seen = 0;
  const cut = await t.throwsAsync(
    (async () => {
      for await (const _chunk of await stream('cut')) seen++;
    })(),
  );
  t.is(seen, 3, 'the chunks before the cut arrive');
  t.truthy(cut);
  const started = Date.now();
  await t.throwsAsync(consume(await stream('stall')));
  t.true(Date.now() - started >= 250, 'the stall holds the stream before cutting it');
  const malformed = await t.throwsAsync(consume(await stream('sse')));
  t.regex(String(malformed?.message), /malformed|JSON/i);
});

test('a fault with probability 0.5 and a seed hits about half the requests, the same ones on every run', async (t) => {
  const run = async () => {
    const { client } = await withFaults(t, FAULTS);
    const outcomes: boolean[] = [];
    for (let i = 0; i < 40; i++)
      outcomes.push(
        await client.chat.completions.create({ model: 'gpt-4o', messages: marked('half') }).then(
          () => true,
          () => false,
        ),
      );
    return outcomes;
  };
  const [a, b] = [await run(), await run()];
  t.deepEqual(a, b);
  const failures = a.filter((ok) => !ok).length;
  t.true(failures > 10 && failures < 30, `${failures} of 40`);
});

test('an incident switches on and off with its time window', async (t) => {
  const { client } = await withFaults(
    t,
    '',
    yaml`
      incidents:
        - name: outage
          phases:
            - { from: 0s, to: 2s, match: { deployment: gpt-4o }, fault: { kind: status, status: 503 } }
            - { from: 2s, to: 4s, match: { deployment: gpt-4o }, fault: { kind: status, status: 429 } }
    `,
  );
  const status = () =>
    client.chat.completions.create({ model: 'gpt-4o', messages: marked('x') }).then(
      () => 200,
      (error: { status?: number }) => error.status,
    );
  // windows of seconds, so that a loaded machine cannot blur them
  const started = Date.now();
  t.is(await status(), 503);
  await sleep(Math.max(0, started + 2500 - Date.now()));
  t.is(await status(), 429);
  await sleep(Math.max(0, started + 4500 - Date.now()));
  t.is(await status(), 200);
});

test('a hang longer than a Node.js timer can wait is refused with the bound, rather than ending after 1 ms', async (t) => {
  const fault = (durationMs: number) => ({
    deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } },
    faults: [{ name: 'long', fault: { kind: 'hang' as const, durationMs } }],
  });
  const error = await t.throwsAsync(startTestSimulator(t, { scenarios: fault(2 ** 31) }));
  t.regex(error.message, /durationMs must be <= 2147483647/);
  await t.notThrowsAsync(startTestSimulator(t, { scenarios: fault(2 ** 31 - 1) }));
});
