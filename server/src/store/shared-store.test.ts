import test from 'ava';
import { PREVIEW_API_VERSION, azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { MemorySimStore } from './sim-store.ts';
import { SHARED_STATE_SCENARIOS as SCENARIOS } from '../test-support/shared-state-scenarios.ts';

test('simulators given one store share its quotas, rule sequences and stored responses: the seam a shared store plugs into', async (t) => {
  const memory = { testIds: { maxEntries: 100, maxBytes: 1 << 20 }, storedResponses: { maxEntries: 100, maxBytes: 1 << 20 } };
  const store = new MemorySimStore(memory);
  const a = await startTestSimulator(t, { scenarios: SCENARIOS, store });
  const b = await startTestSimulator(t, { scenarios: SCENARIOS, store });
  const apart = await startTestSimulator(t, { scenarios: SCENARIOS });

  const step = async (sim: typeof a) =>
    (
      await azureClient(sim, { deployment: 'free' }).chat.completions.create({
        model: 'free',
        messages: [{ role: 'user', content: 'next step' }],
      })
    ).choices[0]!.message.content;
  t.deepEqual([await step(a), await step(b), await step(a)], ['one', 'two', 'three'], 'one sequence across both');
  t.is(await step(apart), 'one', 'a simulator with a store of its own starts its own sequence');

  const created = await azureClient(a, { apiVersion: PREVIEW_API_VERSION }).responses.create({ model: 'free', input: 'Remember me.' });
  t.is((await azureClient(b, { apiVersion: PREVIEW_API_VERSION }).responses.retrieve(created.id)).id, created.id);
  await t.throwsAsync(azureClient(apart, { apiVersion: PREVIEW_API_VERSION }).responses.retrieve(created.id));

  const ask = (sim: typeof a) =>
    azureClient(sim, { deployment: 'gpt-4o', maxRetries: 0 }).chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
      max_tokens: 600,
    });
  await ask(a);
  const refused = await t.throwsAsync(ask(b));
  t.is((refused as { status?: number }).status, 429, 'the quota a spent is the quota b has');
  await t.notThrowsAsync(ask(apart));
});
