import test from 'ava';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Scenarios } from '../generated/scenarios.ts';
import { azureClient, v1Client } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';

const MiB = 1024 * 1024;
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/** The heap in use after full collections: what the simulator keeps, the test's garbage gone. */
function heapKept(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

/** Small bounds, and a journal too small to keep the bodies, so what grows is what the caches keep. */
const scenarios: Scenarios = {
  version: 1,
  server: {
    journal: { maxBytes: 64 * 1024 },
    memory: { answerCache: { maxEntries: 1000, maxBytes: 2 * MiB }, storedResponses: { maxEntries: 1000, maxBytes: 2 * MiB } },
  },
  deployments: { 'gpt-4o-mini': { model: 'gpt-4o-mini-2024-07-18' } },
};

// one at a time: each measures the heap of this process
test.serial('chat requests with a 1 MiB user field each keep no more than the answer cache bound', async (t) => {
  const sim = await startTestSimulator(t, { scenarios });
  const client = azureClient(sim, { deployment: 'gpt-4o-mini' });
  const ask = (user: string) =>
    client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello!' }], user });
  await ask('warm-up');
  const before = heapKept();
  // 40 distinct bodies of 1 MiB: 80 MB and more kept when the cache counted entries only
  for (let i = 0; i < 40; i++) t.is((await ask(`${i}`.padEnd(MiB, 'u'))).object, 'chat.completion');
  const grown = (heapKept() - before) / MiB;
  t.log(`the heap grew by ${grown.toFixed(1)} MiB`);
  t.true(grown < 16, `the heap grew by ${grown.toFixed(1)} MiB`);
  const again = await ask('39'.padEnd(MiB, 'u'));
  t.is(again.choices[0]?.finish_reason, 'stop', 'answers still come, cached or not');
});

test.serial('stored responses with a 1 MiB user field each keep no more than the store bound, the oldest forgotten', async (t) => {
  const sim = await startTestSimulator(t, { scenarios });
  const client = v1Client(sim);
  const create = (user: string) => client.responses.create({ model: 'gpt-4o-mini', input: 'Hello!', user, store: true });
  await create('warm-up');
  const before = heapKept();
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) ids.push((await create(`${i}`.padEnd(MiB, 'u'))).id);
  const grown = (heapKept() - before) / MiB;
  t.log(`the heap grew by ${grown.toFixed(1)} MiB`);
  t.true(grown < 16, `the heap grew by ${grown.toFixed(1)} MiB`);
  const [first, last] = [ids[0]!, ids[ids.length - 1]!];
  t.is((await client.responses.retrieve(last)).id, last, 'the latest is kept');
  const forgotten = await t.throwsAsync(client.responses.retrieve(first));
  t.regex(forgotten?.message ?? '', /not found/, 'the first was forgotten to stay within the bound, as if never stored');
});
