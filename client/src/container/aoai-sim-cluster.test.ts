import test from 'ava';
import { AzureOpenAI } from 'openai';
import { AoaiSimCluster, type Scenarios } from '../index.ts';
import { dockerReady, TEST_IMAGE } from './docker-available.ts';

const docker = dockerReady();
const inCi = process.env.CI === 'true';

const SCENARIOS: Scenarios = {
  deployments: {
    limited: { model: 'gpt-4o-2024-08-06', rateLimit: { tpm: 3000, window: 'per-minute' } },
    chat: { model: 'gpt-4o-2024-08-06' },
  },
  scenarios: [
    {
      name: 'steps',
      match: { lastUserMessage: { contains: 'step' } },
      sequence: { responses: [{ content: 'one' }, { content: 'two' }, { content: 'three' }] },
    },
  ],
};

if (!docker.ready) {
  if (inCi) test('AoaiSimCluster: Docker is required in CI', (t) => t.fail(docker.ready ? '' : docker.reason));
  else test.skip(`AoaiSimCluster: skipped, ${docker.ready ? '' : docker.reason} (CI=true makes this a failure)`, () => {});
} else {
  test('AoaiSimCluster: three replicas on a Redis container hold one quota, one sequence and one journal, through a round-robin client', async (t) => {
    t.timeout(240_000);
    const cluster = await AoaiSimCluster.start({ image: TEST_IMAGE, scenarios: SCENARIOS, replicas: 3 });
    t.teardown(() => cluster.stop());
    t.is(new Set(cluster.getEndpoints()).size, 3);
    const client = new AzureOpenAI({ ...cluster.getClientOptions('chat'), maxRetries: 0 });
    const steps: Array<string | null> = [];
    for (let i = 0; i < 3; i++) {
      const completion = await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'next step' }] });
      steps.push(completion.choices[0]!.message.content);
    }
    t.deepEqual(steps, ['one', 'two', 'three'], 'one sequence across three replicas');

    const limited = new AzureOpenAI({ ...cluster.getClientOptions('limited'), maxRetries: 0 });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      try {
        await limited.chat.completions.create({ model: 'limited', max_tokens: 992, messages: [{ role: 'user', content: 'hi' }] });
        statuses.push(200);
      } catch (error) {
        statuses.push((error as { status?: number }).status ?? -1);
      }
    }
    // each request is charged 1,000 tokens (8 of prompt, 992 of max_tokens): three fit in the shared 3,000 TPM
    t.deepEqual(statuses, [200, 200, 200, 429, 429, 429], 'one quota for the three replicas, not three');

    const journal = await cluster.control.journal({ deployment: 'limited' });
    t.is(journal.length, 6);
    t.is(new Set(journal.map((entry) => entry.replica)).size, 3, 'the first replica lists all three');
    await cluster.control.reset();
    t.is(await cluster.control.journalCount({}), 0, 'reset on one empties every replica');
  });
}
