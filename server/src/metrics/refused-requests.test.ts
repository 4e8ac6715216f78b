import test from 'ava';
import { parseExposition, sampleValue } from './index.ts';
import { startTestSimulator } from '../test-support/simulator.ts';

/** The labels of the simulator's own resource, in its default region, that every per-request series carries. */
const OWN_RESOURCE = { resource: 'default', region: 'East US' };

const CHAT = (deployment: string) => `/openai/deployments/${deployment}/chat/completions?api-version=2024-10-21`;

test('answers given before the deployment is known reach /metrics, under the operation and no caller-chosen label', async (t) => {
  const sim = await startTestSimulator(t, { apiKeys: ['right-key'] });
  const send = (path: string, init: RequestInit = {}, key = 'right-key') =>
    fetch(`${sim.url}${path}`, { method: 'POST', headers: { 'api-key': key, 'content-type': 'application/json' }, ...init }).then(
      (response) => response.status,
    );
  const hello = JSON.stringify({ messages: [{ role: 'user', content: 'Hello' }] });
  t.is(await send(CHAT('gpt-4o'), { body: hello }, 'wrong-key'), 401);
  for (let i = 0; i < 5; i++) t.is(await send(CHAT(`invented-${i}`), { body: hello }), 404);
  t.is(await send('/openai/deployments/gpt-4o/chat/completions', { body: hello }), 404); // no api-version
  t.is(await send(CHAT('gpt-4o'), { body: '{"messages":' }), 400);
  t.is(await send('/openai/deployments/gpt-4o/no-such-operation', { method: 'GET' }), 404);
  t.is(await send('/openai/deployments/gpt-4o/embeddings?api-version=2024-10-21', { body: '{"input":"x"}' }), 400);

  const text = await (await fetch(`${sim.url}/metrics`)).text();
  const samples = parseExposition(text);
  const requests = (operation: string, status: string, deployment = '') =>
    sampleValue(samples, 'aoai_sim_requests_total', { ...OWN_RESOURCE, deployment, operation, status });
  t.is(requests('chat', '401'), 1);
  t.is(requests('chat', '404'), 6);
  t.is(requests('chat', '400'), 1);
  t.is(requests('', '404'), 1);
  // the deployment was found, the operation it does not serve was refused after: counted under both
  t.is(requests('embeddings', '400', 'gpt-4o'), 1);
  t.false(text.includes('invented-'));
});
