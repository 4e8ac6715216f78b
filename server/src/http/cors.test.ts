import test from 'ava';
import type { Scenarios } from '../generated/scenarios.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { rawRequest } from '../test-support/raw-request.ts';

const ORIGIN = 'http://127.0.0.1:5173';
const CHAT = '/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21';
const SCENARIOS: Scenarios = { deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06', rateLimit: { tpm: 100000 } } } };

/** The preflight a browser sends before a page's `fetch` with an api-key and a JSON body. */
function preflight(origin = ORIGIN) {
  return {
    origin,
    'access-control-request-method': 'POST',
    'access-control-request-headers': 'api-key,content-type,x-ms-client-request-id',
  };
}

test('a preflight to a data-plane route is answered 200 without a credential, allowing what it asks', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, apiKeys: ['secret'] });
  for (const path of [CHAT, '/openai/v1/chat/completions', '/openai/models?api-version=2024-10-21', '/openai/v1/responses/resp_x']) {
    const response = await rawRequest(sim.url, 'OPTIONS', path, { headers: preflight() });
    t.is(response.status, 200, path);
    t.is(response.headers['access-control-allow-origin'], ORIGIN, path);
    t.is(response.headers['access-control-allow-methods'], 'POST', path);
    t.is(response.headers['access-control-allow-headers'], 'api-key,content-type,x-ms-client-request-id', path);
    t.is(response.headers['access-control-max-age'], '3600', path);
    t.is(response.headers.vary, 'Origin', path);
    t.is(response.text, '', path);
  }
});

test('answers to a page expose the ids, rate-limit and retry headers, errors included', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, apiKeys: ['secret'] });
  const body = '{"messages":[{"role":"user","content":"Hello"}]}';
  const served = await rawRequest(sim.url, 'POST', CHAT, {
    headers: { origin: ORIGIN, 'api-key': 'secret', 'content-type': 'application/json' },
    body,
  });
  t.is(served.status, 200);
  t.is(served.headers['access-control-allow-origin'], ORIGIN);
  const exposed = String(served.headers['access-control-expose-headers']).split(', ');
  for (const name of [
    'apim-request-id',
    'x-request-id',
    'x-ms-region',
    'retry-after',
    'retry-after-ms',
    'x-ratelimit-remaining-requests',
    'x-ratelimit-remaining-tokens',
  ])
    t.true(exposed.includes(name), name);
  t.truthy(served.headers['x-ratelimit-remaining-requests']);

  // a page reads the service's 401 (data plane) and a Koa route's answer the same way
  const refused = await rawRequest(sim.url, 'POST', CHAT, { headers: { origin: ORIGIN, 'content-type': 'application/json' }, body });
  t.is(refused.status, 401);
  t.is(refused.headers['access-control-allow-origin'], ORIGIN);
  const models = await rawRequest(sim.url, 'GET', '/openai/models?api-version=2024-10-21', {
    headers: { origin: ORIGIN, 'api-key': 'secret' },
  });
  t.is(models.status, 200);
  t.is(models.headers['access-control-allow-origin'], ORIGIN);
  t.is(models.headers['access-control-expose-headers'], served.headers['access-control-expose-headers']);
  const modelsRefused = await rawRequest(sim.url, 'GET', '/openai/models?api-version=2024-10-21', { headers: { origin: ORIGIN } });
  t.is(modelsRefused.status, 401);
  t.is(modelsRefused.headers['access-control-allow-origin'], ORIGIN);
});

test('without an Origin nothing changes, and outside /openai there is no CORS', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, apiKeys: ['secret'] });
  const plain = await rawRequest(sim.url, 'POST', CHAT, {
    headers: { 'api-key': 'secret', 'content-type': 'application/json' },
    body: '{"messages":[{"role":"user","content":"Hello"}]}',
  });
  t.is(plain.status, 200);
  t.is(plain.headers['access-control-allow-origin'], undefined);
  t.is(plain.headers.vary, undefined);
  const noOriginOptions = await rawRequest(sim.url, 'OPTIONS', CHAT, { headers: { 'access-control-request-method': 'POST' } });
  t.is(noOriginOptions.status, 401);
  const control = await rawRequest(sim.url, 'OPTIONS', '/__sim/config', { headers: preflight() });
  t.is(control.headers['access-control-allow-origin'], undefined);
  const health = await rawRequest(sim.url, 'GET', '/healthz', { headers: { origin: ORIGIN } });
  t.is(health.headers['access-control-allow-origin'], undefined);
});

test('server.cors.allowedOrigins limits the origins; an empty list turns CORS off', async (t) => {
  const listed = await startTestSimulator(t, {
    scenarios: { ...SCENARIOS, server: { cors: { allowedOrigins: ['http://app.example:8443'] } } },
    apiKeys: ['secret'],
  });
  const allowed = await rawRequest(listed.url, 'OPTIONS', CHAT, { headers: preflight('http://app.example:8443') });
  t.is(allowed.status, 200);
  t.is(allowed.headers['access-control-allow-origin'], 'http://app.example:8443');
  const other = await rawRequest(listed.url, 'OPTIONS', CHAT, { headers: preflight() });
  t.is(other.status, 401);
  t.is(other.headers['access-control-allow-origin'], undefined);

  const off = await startTestSimulator(t, { scenarios: { ...SCENARIOS, server: { cors: { allowedOrigins: [] } } }, apiKeys: ['secret'] });
  const refused = await rawRequest(off.url, 'OPTIONS', CHAT, { headers: preflight() });
  t.is(refused.status, 401);
  t.is(refused.headers['access-control-allow-origin'], undefined);
});
