import test, { type ExecutionContext } from 'ava';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ReloadStatus } from '../sim-state.ts';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree } from '../test-support/temp-tree.ts';

/** How long a change may take to show on a busy machine; the tests wait for the effect, never for a time. */
const DEADLINE_MS = 20_000;

const scenarios = (answer: string) =>
  `deployments:\n  gpt-4o: { model: gpt-4o-2024-08-06 }\nscenarios:\n  - { name: answer, respond: { content: "${answer}" } }\n`;
const rules = (answer: string) => `scenarios:\n  - { name: answer, respond: { content: "${answer}" } }\n`;
const INVALID = 'deployments:\n  gpt-4o: { modell: gpt-4o-2024-08-06 }\n';

/** Saves as editors and `sed -i` do: a new file written beside the old one, then renamed over it. */
async function replaceOnSave(path: string, text: string): Promise<void> {
  await writeFile(`${path}.saving`, text);
  await rename(`${path}.saving`, path);
}

async function simulator(t: ExecutionContext, files: Record<string, string>) {
  const dir = await tempTree(t, files);
  const sim = await startTestSimulator(t, { scenarios: join(dir, 'scenarios.yaml') });
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const answer = async () =>
    (await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })).choices[0]?.message.content;
  /** The answer once it is `expected`, or the last one seen when the deadline passes first. */
  const answerBecomes = async (expected: string) => {
    const deadline = Date.now() + DEADLINE_MS;
    let seen = await answer();
    while (seen !== expected && Date.now() < deadline) {
      await sleep(50);
      seen = await answer();
    }
    return seen;
  };
  /** Whether a reload failed (the file invalid or gone) before the deadline. */
  const reloadFails = async () => {
    const deadline = Date.now() + DEADLINE_MS;
    for (;;) {
      const { lastReload } = (await (await fetch(`${sim.url}/__sim/config`)).json()) as { lastReload: ReloadStatus | null };
      if (lastReload?.ok === false) return true;
      if (Date.now() >= deadline) return false;
      await sleep(50);
    }
  };
  return { path: (name: string) => join(dir, name), answer, answerBecomes, reloadFails };
}

test('hot reload keeps working through saves that replace the file', async (t) => {
  const sim = await simulator(t, { 'scenarios.yaml': scenarios('first') });
  t.is(await sim.answer(), 'first');
  for (const answer of ['second', 'third', 'fourth']) {
    await replaceOnSave(sim.path('scenarios.yaml'), scenarios(answer));
    t.is(await sim.answerBecomes(answer), answer);
  }
});

test('hot reload: an invalid save replaced by a valid one is reloaded', async (t) => {
  const sim = await simulator(t, { 'scenarios.yaml': scenarios('first') });
  await replaceOnSave(sim.path('scenarios.yaml'), INVALID);
  t.true(await sim.reloadFails());
  t.is(await sim.answer(), 'first', 'the previous configuration stays in force');
  await replaceOnSave(sim.path('scenarios.yaml'), scenarios('fixed'));
  t.is(await sim.answerBecomes('fixed'), 'fixed');
  await replaceOnSave(sim.path('scenarios.yaml'), scenarios('again'));
  t.is(await sim.answerBecomes('again'), 'again');
});

test('hot reload: a file deleted and written again is reloaded', async (t) => {
  const sim = await simulator(t, { 'scenarios.yaml': scenarios('first') });
  await unlink(sim.path('scenarios.yaml'));
  t.true(await sim.reloadFails());
  await replaceOnSave(sim.path('scenarios.yaml'), scenarios('recreated'));
  t.is(await sim.answerBecomes('recreated'), 'recreated');
});

test('hot reload: an included file replaced on save, invalid then valid, is reloaded', async (t) => {
  const sim = await simulator(t, {
    'scenarios.yaml': 'include: [shared/rules.yaml]\ndeployments:\n  gpt-4o: { model: gpt-4o-2024-08-06 }\n',
    'shared/rules.yaml': rules('included'),
  });
  t.is(await sim.answer(), 'included');
  await replaceOnSave(sim.path('shared/rules.yaml'), rules('changed'));
  t.is(await sim.answerBecomes('changed'), 'changed');
  await replaceOnSave(sim.path('shared/rules.yaml'), 'scenarios:\n  - { name: broken, respond: { contnet: x } }\n');
  t.true(await sim.reloadFails());
  await replaceOnSave(sim.path('shared/rules.yaml'), rules('repaired'));
  t.is(await sim.answerBecomes('repaired'), 'repaired');
});
