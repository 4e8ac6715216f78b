import test from 'ava';
import { startTestSimulator } from '../test-support/simulator.ts';
import { rawRequest } from '../test-support/raw-request.ts';
import { v1Client } from '../test-support/clients.ts';

const KEY = 'data-key';
const SCENARIOS = { deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } } };
const VERSION = 'api-version=2025-04-01-preview';

/** A path spelt as a guard could miss it: case, percent-encoding, dot segments, absolute form. */
function spellings(path: string): string[] {
  const upper = path.replace('/openai', '/OPENAI');
  return [
    path,
    upper,
    path.replace('/openai', '/OpenAI'),
    path.replace('/openai', '/%6Fpenai'),
    `/x/..${path}`,
    path.replace('/openai/', '/openai/./'),
    `http://elsewhere${upper}`,
  ];
}

test('with an api key configured, every data-plane route in every spelling needs it', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, apiKeys: [KEY] });
  const gets = ['/openai/models', '/openai/v1/models', '/openai/deployments', '/openai/responses/resp_x', '/openai/v1/responses/resp_x'];
  for (const path of gets) {
    for (const target of spellings(path)) {
      for (const method of ['GET', 'DELETE']) {
        const response = await rawRequest(sim.url, method, `${target}?${VERSION}`);
        t.is(response.status, 401, `${method} ${target}`);
        t.is(JSON.parse(response.text).error.code, '401', `${method} ${target}`);
      }
    }
  }
  for (const target of spellings('/openai/deployments/gpt-4o/chat/completions')) {
    const response = await rawRequest(sim.url, 'POST', `${target}?${VERSION}`, {
      headers: { 'content-type': 'application/json' },
      body: '{"messages":[{"role":"user","content":"hi"}]}',
    });
    t.is(response.status, 401, `POST ${target}`);
  }
});

test("another caller's stored response can be neither read nor deleted without the key", async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, apiKeys: [KEY] });
  const client = v1Client(sim, KEY);
  const created = await client.responses.create({ model: 'gpt-4o', input: 'remember this', store: true });
  for (const target of spellings(`/openai/v1/responses/${created.id}`)) {
    t.is((await rawRequest(sim.url, 'GET', target)).status, 401, `GET ${target}`);
    t.is((await rawRequest(sim.url, 'DELETE', target)).status, 401, `DELETE ${target}`);
  }
  const kept = await client.responses.retrieve(created.id);
  t.is(kept.id, created.id);
  t.is(kept.output_text, created.output_text);
});

test('with the key, the spellings reach the same routes', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, apiKeys: [KEY] });
  for (const target of spellings('/openai/v1/models')) {
    const response = await rawRequest(sim.url, 'GET', target, { headers: { 'api-key': KEY } });
    t.is(response.status, 200, target);
    t.is(JSON.parse(response.text).object, 'list');
  }
  // the v1 routes take the key as a bearer token in any spelling of the path
  const bearer = await rawRequest(sim.url, 'GET', '/OPENAI/V1/models', { headers: { authorization: `Bearer ${KEY}` } });
  t.is(bearer.status, 200);
});
