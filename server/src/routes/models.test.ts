import test from 'ava';
import { azureClient, v1Client } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';

test('the model listings name what the scenarios define', async (t) => {
  const sim = await startTestSimulator(t);
  const models = [];
  for await (const model of azureClient(sim).models.list()) models.push(model);
  const gpt4o = models.find((model) => model.id === 'gpt-4o-2024-08-06') as unknown as {
    capabilities: Record<string, boolean>;
    lifecycle_status: string;
  };
  t.truthy(gpt4o);
  t.true(gpt4o.capabilities.chat_completion);
  t.false(gpt4o.capabilities.embeddings);
  t.is(gpt4o.lifecycle_status, 'generally-available');

  const v1 = [];
  for await (const model of v1Client(sim).models.list()) v1.push(model.id);
  t.true(v1.includes('gpt-4o') && v1.includes('whisper'));

  const legacy = await fetch(`${sim.url}/openai/deployments?api-version=2022-12-01`, { headers: { 'api-key': 'k' } });
  const body = (await legacy.json()) as { object: string; data: Array<{ id: string; model: string; object: string }> };
  t.is(body.object, 'list');
  t.deepEqual(
    body.data.find((deployment) => deployment.id === 'gpt-4.1'),
    {
      created_at: 1646126127,
      id: 'gpt-4.1',
      model: 'gpt-4.1-2025-04-14',
      object: 'deployment',
      owner: 'organization-owner',
      status: 'succeeded',
    },
  );
});

test('the model listings follow the api-version policy in force, not the one at startup', async (t) => {
  const sim = await startTestSimulator(t);
  const invented = azureClient(sim, { apiVersion: '2099-01-01-preview' });
  const refused = await t.throwsAsync(invented.models.list());
  t.is((refused as { status?: number }).status, 400, 'strict at startup: an invented api-version is refused');
  const patched = await fetch(`${sim.url}/__sim/scenarios`, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ server: { apiVersionPolicy: 'any' } }),
  });
  t.is(patched.status, 200);
  const models = [];
  for await (const model of invented.models.list()) models.push(model.id);
  t.true(models.includes('gpt-4o-2024-08-06'));
  const legacy = await fetch(`${sim.url}/openai/deployments?api-version=2099-01-01-preview`, { headers: { 'api-key': 'k' } });
  t.is(legacy.status, 200);
});
