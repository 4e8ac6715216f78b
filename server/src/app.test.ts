import test from 'ava';
import { fakeJwt, startTestSimulator } from './test-support/simulator.ts';
import { tempTree } from './test-support/temp-tree.ts';
import { join } from 'node:path';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const NOT_FOUND = '{"error":{"code":"404","message": "Resource not found"}}';
const INVALID_KEY =
  '{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}';
const INVALID_BEARER =
  '{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}';
/** A data-plane path no operation serves: it shows what auth decides before routing does. */
const UNKNOWN_DATA_PLANE_PATH = '/openai/no-such-operation?api-version=2024-10-21';

test('GET /healthz answers 200 with the service headers', async (t) => {
  const sim = await startTestSimulator(t);
  const response = await fetch(`${sim.url}/healthz`);
  t.is(response.status, 200);
  t.deepEqual(await response.json(), { status: 'ok' });
  t.regex(response.headers.get('apim-request-id') ?? '', UUID);
  t.regex(response.headers.get('x-request-id') ?? '', UUID);
  t.not(response.headers.get('x-request-id'), response.headers.get('apim-request-id'));
  t.is(response.headers.get('x-ms-client-request-id'), response.headers.get('apim-request-id'));
  t.is(response.headers.get('x-ms-region'), 'East US');
  t.is(response.headers.get('x-content-type-options'), 'nosniff');
});

test('the caller’s x-ms-client-request-id is echoed', async (t) => {
  const sim = await startTestSimulator(t);
  const response = await fetch(`${sim.url}/healthz`, { headers: { 'x-ms-client-request-id': 'my-trace-1' } });
  t.is(response.headers.get('x-ms-client-request-id'), 'my-trace-1');
});

test('an unknown path gets the service’s 404 body, byte for byte', async (t) => {
  const sim = await startTestSimulator(t);
  for (const path of ['/nope', '/openai/nope?api-version=2024-10-21']) {
    const response = await fetch(`${sim.url}${path}`, { headers: { 'api-key': 'any' } });
    t.is(response.status, 404, path);
    t.is(response.headers.get('content-type'), 'application/json');
    t.is(await response.text(), NOT_FOUND, path);
  }
});

test('a data-plane request with no credential gets the api-key 401', async (t) => {
  const sim = await startTestSimulator(t);
  const response = await fetch(`${sim.url}${UNKNOWN_DATA_PLANE_PATH}`);
  t.is(response.status, 401);
  t.is(await response.text(), INVALID_KEY);
  const empty = await fetch(`${sim.url}${UNKNOWN_DATA_PLANE_PATH}`, { headers: { 'api-key': '' } });
  t.is(empty.status, 401);
});

test('with no keys configured, any non-empty api-key and any well-formed bearer token pass', async (t) => {
  const sim = await startTestSimulator(t);
  const withKey = await fetch(`${sim.url}${UNKNOWN_DATA_PLANE_PATH}`, { headers: { 'api-key': 'whatever' } });
  t.is(withKey.status, 404);
  const token = fakeJwt({ aud: 'https://cognitiveservices.azure.com', exp: Math.floor(Date.now() / 1000) + 3600 });
  const withToken = await fetch(`${sim.url}${UNKNOWN_DATA_PLANE_PATH}`, { headers: { authorization: `Bearer ${token}` } });
  t.is(withToken.status, 404);
});

test('a malformed or expired bearer token gets the bearer 401, which has no error wrapper', async (t) => {
  const sim = await startTestSimulator(t);
  const expired = fakeJwt({ exp: Math.floor(Date.now() / 1000) - 60 });
  for (const token of ['not-a-jwt', 'a.b', expired]) {
    const response = await fetch(`${sim.url}${UNKNOWN_DATA_PLANE_PATH}`, { headers: { authorization: `Bearer ${token}` } });
    t.is(response.status, 401, token);
    t.is(await response.text(), INVALID_BEARER, token);
  }
});

test('once keys are configured only they pass, and the bearer audience is checked', async (t) => {
  const dir = await tempTree(t, {
    'scenarios.yaml': 'server:\n  auth:\n    apiKeys: [key-one, key-two]\n    bearerAudience: api://sim\n',
  });
  const sim = await startTestSimulator(t, { scenarios: join(dir, 'scenarios.yaml') });
  const status = async (headers: Record<string, string>) => (await fetch(`${sim.url}${UNKNOWN_DATA_PLANE_PATH}`, { headers })).status;
  t.is(await status({ 'api-key': 'key-two' }), 404);
  t.is(await status({ 'api-key': 'key-three' }), 401);
  t.is(await status({ authorization: `Bearer ${fakeJwt({ aud: 'api://sim' })}` }), 404);
  t.is(await status({ authorization: `Bearer ${fakeJwt({ aud: 'api://other' })}` }), 401);
});

test('api keys given as an override replace the file’s', async (t) => {
  const sim = await startTestSimulator(t, { apiKeys: ['from-env'] });
  t.is((await fetch(`${sim.url}${UNKNOWN_DATA_PLANE_PATH}`, { headers: { 'api-key': 'from-env' } })).status, 404);
  t.is((await fetch(`${sim.url}${UNKNOWN_DATA_PLANE_PATH}`, { headers: { 'api-key': 'other' } })).status, 401);
});

test('health and unknown non-data-plane paths need no credential', async (t) => {
  const sim = await startTestSimulator(t, { apiKeys: ['secret'] });
  t.is((await fetch(`${sim.url}/healthz`)).status, 200);
  t.is((await fetch(`${sim.url}/elsewhere`)).status, 404);
});

test('graceful shutdown: a chat request in flight when close begins is answered, new connections are refused', async (t) => {
  const { request } = await import('node:http');
  const sim = await startTestSimulator(t);
  const { port } = sim;
  const body = JSON.stringify({ messages: [{ role: 'user', content: 'Hello there' }] });
  const answer = new Promise<{ status?: number; text: string }>((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
        agent: false,
        headers: { 'api-key': 'k', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode, text }));
      },
    );
    req.on('error', reject);
    // half the body now: the request is in flight, its handler waiting for the rest
    req.write(body.slice(0, 10));
    setTimeout(() => {
      const closing = sim.close();
      void fetch(`${sim.url}/healthz`).then(
        () => reject(new Error('a new connection was accepted while closing')),
        () => req.end(body.slice(10)),
      );
      void closing;
    }, 500); // long enough for the server to have the headers even on a loaded machine
  });
  const { status, text } = await answer;
  t.is(status, 200);
  t.truthy((JSON.parse(text) as { choices: Array<{ message: { content: string } }> }).choices[0]?.message.content);
});
