import test from 'ava';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { cassette, chatInteraction, chatRequest } from '../cassettes/fixtures.ts';
import { serializeCassette } from '../cassettes/index.ts';
import type { RunningSimulator } from '../server.ts';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';

/** A replayer of one recorded sequence (the same question answered "first", then "second"), keeping `testIds` test ids. */
async function replayer(t: import('ava').ExecutionContext, testIds: number): Promise<RunningSimulator> {
  const question = chatRequest('Next step?', { model: 'gpt-4o' });
  const recorded = cassette([chatInteraction(question, 'first'), chatInteraction(question, 'second')]);
  const dir = await tempTree(t, {
    'cassettes/.keep': '',
    'scenarios.yaml': yaml`
      server: { mode: replay, memory: { testIds: { maxEntries: ${testIds} } } }
      deployments:
        gpt-4o: { model: gpt-4o-2024-08-06 }
      replay: { cassettes: [cassettes], timing: none }
    `,
  });
  await writeFile(join(dir, 'cassettes', 'sequence.yaml'), serializeCassette(recorded, 'yaml'));
  return startTestSimulator(t, { scenarios: join(dir, 'scenarios.yaml') });
}

function ask(sim: RunningSimulator, testId: string): Promise<string | null | undefined> {
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  return client.chat.completions
    .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Next step?' }] }, { headers: { 'x-sim-test-id': testId } })
    .then((completion) => completion.choices[0]?.message.content);
}

test('replay keeps the places of a bounded number of test ids: the least recently used starts its sequence again', async (t) => {
  const sim = await replayer(t, 2);
  t.is(await ask(sim, 'a'), 'first');
  t.is(await ask(sim, 'a'), 'second');
  t.is(await ask(sim, 'b'), 'first');
  t.is(await ask(sim, 'b'), 'second', 'b keeps its place while two test ids fit');
  t.is(await ask(sim, 'c'), 'first', 'a third test id makes room by forgetting a, the least recently used');
  t.is(await ask(sim, 'b'), 'second');
  t.is(await ask(sim, 'a'), 'first', 'a was forgotten, so its sequence starts again');
});

test('POST /__sim/reset starts replayed sequences again, for one test id or for all', async (t) => {
  const sim = await replayer(t, 100);
  const reset = (body: Record<string, string>) =>
    fetch(`${sim.url}/__sim/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  for (const id of ['a', 'b']) {
    t.is(await ask(sim, id), 'first');
    t.is(await ask(sim, id), 'second');
  }
  t.is((await reset({ testId: 'a' })).status, 200);
  t.is(await ask(sim, 'a'), 'first', 'a starts again');
  t.is(await ask(sim, 'b'), 'second', 'b keeps its place');
  t.is((await reset({})).status, 200);
  t.is(await ask(sim, 'b'), 'first', 'a reset of everything starts b again too');
});

test('a reload loads the cassettes again: every sequence starts again, with a test id or without', async (t) => {
  const sim = await replayer(t, 100);
  const reload = () =>
    fetch(`${sim.url}/__sim/scenarios`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ replay: { timing: 'none' } }),
    });
  const unscoped = azureClient(sim, { deployment: 'gpt-4o' });
  const askUnscoped = async () =>
    (await unscoped.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'Next step?' }] })).choices[0]?.message
      .content;
  t.is(await ask(sim, 'a'), 'first');
  t.is(await ask(sim, 'a'), 'second');
  t.is(await askUnscoped(), 'first');
  t.is(await askUnscoped(), 'second');
  t.is((await reload()).status, 200);
  t.is(await ask(sim, 'a'), 'first', 'the test id starts again');
  t.is(await askUnscoped(), 'first', 'so do requests without one');
});
