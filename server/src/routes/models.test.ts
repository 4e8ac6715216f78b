import test from 'ava';
import { azureClient, v1Client } from '../test-support/clients.ts';
import { patchScenarios, startTestSimulator } from '../test-support/simulator.ts';

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
  const patched = await patchScenarios(sim, { server: { apiVersionPolicy: 'any' } });
  t.is(patched.status, 200);
  const models = [];
  for await (const model of invented.models.list()) models.push(model.id);
  t.true(models.includes('gpt-4o-2024-08-06'));
  const legacy = await fetch(`${sim.url}/openai/deployments?api-version=2099-01-01-preview`, { headers: { 'api-key': 'k' } });
  t.is(legacy.status, 200);
});

test('a model is retrieved by its id on both routes, as the listings show it', async (t) => {
  const sim = await startTestSimulator(t);
  const azure = azureClient(sim);
  const listed = [];
  for await (const model of azure.models.list()) listed.push(model);
  const dated = await azure.models.retrieve('gpt-4o-2024-08-06');
  t.deepEqual(
    dated,
    listed.find((model) => model.id === 'gpt-4o-2024-08-06'),
  );
  t.is((dated as unknown as { capabilities: { chat_completion: boolean } }).capabilities.chat_completion, true);

  const v1 = await v1Client(sim).models.retrieve('gpt-4o');
  t.deepEqual(v1, { created: 1646126127, id: 'gpt-4o', object: 'model', owned_by: 'organization-owner' });
});

test('an unknown model id is a 404 on both routes', async (t) => {
  const sim = await startTestSimulator(t);
  const dated = await t.throwsAsync(azureClient(sim).models.retrieve('gpt-9'));
  t.is((dated as { status?: number }).status, 404);
  const raw = await fetch(`${sim.url}/openai/models/gpt-9?api-version=2024-10-21`, { headers: { 'api-key': 'k' } });
  t.is(raw.status, 404);
  t.is(await raw.text(), '{"error":{"code":"404","message": "Resource not found"}}');

  const v1 = await fetch(`${sim.url}/openai/v1/models/gpt-9`, { headers: { 'api-key': 'k' } });
  t.is(v1.status, 404);
  t.deepEqual(await v1.json(), {
    error: {
      message: "The model 'gpt-9' does not exist or you do not have access to it.",
      type: 'invalid_request_error',
      param: null,
      code: 'model_not_found',
    },
  });
  const noVersion = await fetch(`${sim.url}/openai/models/gpt-4o-2024-08-06`, { headers: { 'api-key': 'k' } });
  t.is(noVersion.status, 404, 'a dated route without api-version');
  await noVersion.arrayBuffer();
});
