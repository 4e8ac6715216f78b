import test from 'ava';
import { AuthenticationError, NotFoundError } from 'openai';
import type { JournalEntry } from '../journal/index.ts';
import { parseExposition, sampleValue } from '../metrics/index.ts';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';

/** The labels of the simulator's own resource, in its default region, that every per-request series carries. */
const OWN_RESOURCE = { resource: 'default', region: 'East US' };

const TEST_ID = { headers: { 'x-sim-test-id': 'refusals' } };
const hello = (model: string) => ({ model, messages: [{ role: 'user' as const, content: 'hello' }] });

test('a 401 and an unknown deployment’s 404 reach both the journal and /metrics, under what is known of them', async (t) => {
  const sim = await startTestSimulator(t, {
    apiKeys: ['right-key'],
    scenarios: { deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } } },
  });
  const wrongKey = azureClient(sim, { deployment: 'gpt-4o', apiKey: 'wrong-key' });
  await t.throwsAsync(wrongKey.chat.completions.create(hello('gpt-4o'), TEST_ID), { instanceOf: AuthenticationError });
  const misspelt = azureClient(sim, { deployment: 'gtp-4o', apiKey: 'right-key' });
  await t.throwsAsync(misspelt.chat.completions.create(hello('gtp-4o'), TEST_ID), { instanceOf: NotFoundError });

  const { entries } = (await (await fetch(`${sim.url}/__sim/journal?testId=refusals`)).json()) as { entries: JournalEntry[] };
  t.deepEqual(
    entries.map(({ status, errorCode, operation, deployment, testId }) => ({ status, errorCode, operation, deployment, testId })),
    [
      { status: 401, errorCode: '401', operation: 'chat', deployment: undefined, testId: 'refusals' },
      { status: 404, errorCode: 'DeploymentNotFound', operation: 'chat', deployment: undefined, testId: 'refusals' },
    ],
  );
  const samples = parseExposition(await (await fetch(`${sim.url}/metrics`)).text());
  const requests = (status: string) =>
    sampleValue(samples, 'aoai_sim_requests_total', { ...OWN_RESOURCE, deployment: '', operation: 'chat', status });
  t.is(requests('401'), 1);
  t.is(requests('404'), 1);
  t.is(
    sampleValue(samples, 'aoai_sim_requests_total', { ...OWN_RESOURCE, deployment: 'gtp-4o', operation: 'chat', status: '404' }),
    undefined,
  );
});
