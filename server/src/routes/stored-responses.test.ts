import test from 'ava';
import { PREVIEW_API_VERSION, azureClient } from '../test-support/clients.ts';
import { patchScenarios, startTestSimulator } from '../test-support/simulator.ts';

/** An api-version the service does not know, which only `apiVersionPolicy: any` accepts. */
const INVENTED = '2099-01-01-preview';

test('stored responses follow the api-version policy in force, as the operations do, not the one at startup', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: { deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } } } });
  const created = await azureClient(sim, { apiVersion: PREVIEW_API_VERSION }).responses.create({ model: 'gpt-4o', input: 'Keep me.' });
  const invented = azureClient(sim, { apiVersion: INVENTED });
  const refused = await t.throwsAsync(invented.responses.retrieve(created.id));
  t.is((refused as { status?: number }).status, 400, 'strict at startup: an invented api-version is refused');

  const patched = await patchScenarios(sim, { server: { apiVersionPolicy: 'any' } });
  t.is(patched.status, 200);
  const answer = await invented.responses.create({ model: 'gpt-4o', input: 'And me.' });
  t.is(answer.status, 'completed', 'the operations take the invented api-version now');
  t.is((await invented.responses.retrieve(created.id)).id, created.id, 'and so do stored responses');
  await invented.responses.delete(created.id);
  await t.throwsAsync(invented.responses.retrieve(created.id), undefined, 'deleted under the invented api-version');
});
