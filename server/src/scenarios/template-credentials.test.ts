import test from 'ava';
import { APIError } from 'openai';
import type { Scenarios } from '../generated/scenarios.ts';
import { azureClient, v1Client } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';

const SECRET = 'sk-live-0123456789abcdef';
const deployments = { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } };

async function answer(scenarios: Scenarios, via: 'api-key' | 'bearer' = 'api-key', t: Parameters<typeof startTestSimulator>[0]) {
  const sim = await startTestSimulator(t, { scenarios });
  const request = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'echo' }] };
  const completion =
    via === 'api-key'
      ? await azureClient(sim, { deployment: 'gpt-4o', apiKey: SECRET }).chat.completions.create(request)
      : await v1Client(sim, SECRET).chat.completions.create(request);
  const journal = await (await fetch(`${sim.url}/__sim/journal`)).text();
  return { content: completion.choices[0]?.message.content ?? '', journal };
}

test('a template cannot read the api-key or Authorization header, and the journal keeps no key', async (t) => {
  const template =
    "key={{ request.headers['api-key'] | default: 'none' }} auth={{ request.headers.authorization | default: 'none' }} " +
    "admin={{ request.headers['x-sim-admin-key'] | default: 'none' }} all={{ request.headers | json }}";
  const scenarios: Scenarios = { deployments, scenarios: [{ name: 'echo', respond: { template } }] };
  for (const via of ['api-key', 'bearer'] as const) {
    const { content, journal } = await answer(scenarios, via, t);
    t.regex(content, /^key=none auth=none admin=none all=\{/, via);
    t.false(content.includes(SECRET), via);
    t.false(journal.includes(SECRET), via);
  }
});

test('a template cannot read a credential query parameter', async (t) => {
  const sim = await startTestSimulator(t, {
    scenarios: {
      deployments,
      scenarios: [{ name: 'echo', respond: { template: "{{ request.query['api-key'] | default: 'none' }} {{ request.query | json }}" } }],
    },
  });
  const url = `${sim.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21&api-key=${SECRET}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'api-key': 'another-key' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'echo' }] }),
  });
  const body = await response.text();
  t.is(response.status, 200);
  t.regex(body, /none \{/);
  t.false(body.includes(SECRET));
});

test('a regex condition on the api-key header matches, but its groups never reach a template', async (t) => {
  const template = "[{{ captures[0] | default: 'none' }}] [{{ capturesBy | json }}]";
  const scenarios: Scenarios = {
    deployments,
    scenarios: [{ name: 'keyed', match: { headers: { 'api-key': { regex: '^sk-live-(.*)$' } } }, respond: { template } }],
  };
  const { content } = await answer(scenarios, 'api-key', t);
  t.is(content, '[none] [{}]');
});

test("a strict-mode miss on a credential header shows neither the caller's key nor the rule's", async (t) => {
  const sim = await startTestSimulator(t, {
    scenarios: {
      server: { unmatched: 'error' },
      deployments,
      scenarios: [{ name: 'other-key', match: { headers: { 'api-key': 'sk-live-something-else' } }, respond: { content: 'hi' } }],
    },
  });
  const client = azureClient(sim, { deployment: 'gpt-4o', apiKey: SECRET });
  const error = await t.throwsAsync(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] }));
  t.true(error instanceof APIError && error.status === 404);
  t.regex(error!.message, /headers\.api-key expected REDACTED, got REDACTED/);
  t.false(error!.message.includes(SECRET));
  t.false(error!.message.includes('sk-live-something-else'));
});
