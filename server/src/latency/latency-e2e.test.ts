import test from 'ava';
import { join } from 'node:path';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';

// Loose bounds only: the machine is shared; precise figures come from `npm run bench:realism`.
async function withLatency(t: import('ava').ExecutionContext) {
  const dir = await tempTree(t, {
    'scenarios.yaml': yaml`
      deployments:
        paced: { model: gpt-4o-2024-08-06, latency: { ttft: 200, itl: 30 } }
        loaded: { model: gpt-4o-2024-08-06, latency: { ttft: 150, load: { capacity: 1, model: linear, factor: 1 } } }
        embed: { model: text-embedding-3-small, latency: { perRequest: 120, perInputToken: 0 } }
        quick: { model: gpt-4o-2024-08-06 }
      scenarios:
        - { name: slow-rule, match: { lastUserMessage: "[slow]" }, respond: { content: slow answer, latency: { ttft: 400 } } }
    `,
  });
  return startTestSimulator(t, { scenarios: join(dir, 'scenarios.yaml') });
}

const hello = [{ role: 'user' as const, content: 'Hello' }];

test('a stream keeps its cadence: first content at TTFT, then a chunk per ITL', async (t) => {
  const sim = await withLatency(t);
  const client = azureClient(sim, { deployment: 'paced' });
  const started = performance.now();
  const stream = await client.chat.completions.create({ model: 'paced', messages: hello, max_tokens: 12, stream: true });
  const arrivals: number[] = [];
  for await (const chunk of stream) if (chunk.choices[0]?.delta.content) arrivals.push(performance.now() - started);
  t.is(arrivals.length, 12);
  t.true(arrivals[0]! >= 195, `first content at ${arrivals[0]} ms`);
  // Lower bounds only: a busy machine can delay what the client reads, never make the simulator send early.
  // The kth content chunk cannot arrive before TTFT + k ITLs, so a simulator that sent the rest at once fails.
  for (const [k, at] of arrivals.entries()) t.true(at >= 195 + k * 30 - 10, `content ${k} at ${at} ms`);
});

test('a non-streamed answer comes after TTFT + tokens × ITL; embeddings after their per-request time', async (t) => {
  const sim = await withLatency(t);
  const started = performance.now();
  await azureClient(sim, { deployment: 'paced' }).chat.completions.create({ model: 'paced', messages: hello, max_tokens: 10 });
  t.true(performance.now() - started >= 200 + 10 * 30 - 10);
  const embedStarted = performance.now();
  await azureClient(sim, { deployment: 'embed' }).embeddings.create({ model: 'embed', input: 'hi' });
  t.true(performance.now() - embedStarted >= 115);
  const quickStarted = performance.now();
  await azureClient(sim, { deployment: 'quick' }).chat.completions.create({ model: 'quick', messages: hello });
  t.true(performance.now() - quickStarted < 1000, 'no latency configured: no waiting');
});

test('latency climbs with the requests in flight', async (t) => {
  const sim = await withLatency(t);
  const client = azureClient(sim, { deployment: 'loaded' });
  const timed = async () => {
    const started = performance.now();
    await client.chat.completions.create({ model: 'loaded', messages: hello, max_tokens: 5 });
    return performance.now() - started;
  };
  await timed(); // the first request pays the start-up costs; it is not the baseline
  const alone = await timed();
  const together = await Promise.all([timed(), timed(), timed(), timed()]);
  const slowest = Math.max(...together);
  t.true(slowest > alone * 1.8, `alone ${alone} ms, slowest of four together ${slowest} ms`);
});

test('a scenario rule’s latency replaces the deployment’s', async (t) => {
  const sim = await withLatency(t);
  const started = performance.now();
  const completion = await azureClient(sim, { deployment: 'quick' }).chat.completions.create({
    model: 'quick',
    messages: [{ role: 'user', content: '[slow]' }],
  });
  t.is(completion.choices[0]?.message.content, 'slow answer');
  t.true(performance.now() - started >= 395);
});
