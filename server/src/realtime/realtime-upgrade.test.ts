import test from 'ava';
import { request as httpRequest } from 'node:http';
import { fakeJwt, startTestSimulator } from '../test-support/simulator.ts';
import { RawRealtimeClient, refusedUpgrade } from '../test-support/realtime-client.ts';

const KEYED = { apiKeys: ['right-key'] };

test('the GA route opens a session: session.created in the GA shape, for the deployment’s model', async (t) => {
  const sim = await startTestSimulator(t, KEYED);
  const client = new RawRealtimeClient(`${sim.url.replace('http', 'ws')}/openai/v1/realtime?model=gpt-realtime`, {
    headers: { 'api-key': 'right-key' },
  });
  t.teardown(() => client.close());
  const created = await client.next('session.created');
  const session = created.session as Record<string, unknown>;
  t.is(session.type, 'realtime');
  t.is(session.object, 'realtime.session');
  t.is(session.model, 'gpt-realtime-2025-08-28');
  t.regex(String(session.id), /^sess_/);
  t.regex(String(created.event_id), /^event_/);
  t.deepEqual((session.audio as { input: { format: unknown } }).input.format, { type: 'audio/pcm', rate: 24000 });
});

test('the preview route opens a session in the preview shape; the key may come in the query', async (t) => {
  const sim = await startTestSimulator(t, KEYED);
  const url = `${sim.url.replace('http', 'ws')}/openai/realtime?api-version=2025-04-01-preview&deployment=gpt-4o-realtime-preview&api-key=right-key`;
  const client = new RawRealtimeClient(url);
  t.teardown(() => client.close());
  const session = (await client.next('session.created')).session as Record<string, unknown>;
  t.is(session.model, 'gpt-4o-realtime-preview-2024-12-17');
  t.is(session.input_audio_format, 'pcm16');
  t.deepEqual(session.modalities, ['text', 'audio']);
  t.is(session.type, undefined);
});

test('a bearer token opens a session too', async (t) => {
  const sim = await startTestSimulator(t, KEYED);
  const token = fakeJwt({ aud: 'https://cognitiveservices.azure.com', exp: Math.floor(Date.now() / 1000) + 3600 });
  const client = new RawRealtimeClient(`${sim.url.replace('http', 'ws')}/openai/v1/realtime?model=gpt-realtime`, {
    headers: { authorization: `Bearer ${token}` },
  });
  t.teardown(() => client.close());
  t.truthy(await client.next('session.created'));
});

test('a wrong key is refused before the upgrade with the data plane’s 401 and body', async (t) => {
  const sim = await startTestSimulator(t, KEYED);
  const base = sim.url.replace('http', 'ws');
  const wrong = await refusedUpgrade(`${base}/openai/v1/realtime?model=gpt-realtime`, { headers: { 'api-key': 'wrong' } });
  t.is(wrong.status, 401);
  t.regex(JSON.parse(wrong.body).error.message, /^Access denied due to invalid subscription key/);
  const none = await refusedUpgrade(`${base}/openai/realtime?api-version=2025-04-01-preview&deployment=gpt-realtime&api-key=wrong`);
  t.is(none.status, 401);
});

test('an unknown deployment is a 404, a deployment of another model a 400, and a preview without api-version a 404', async (t) => {
  const sim = await startTestSimulator(t, KEYED);
  const base = sim.url.replace('http', 'ws');
  const headers = { 'api-key': 'right-key' };
  const unknown = await refusedUpgrade(`${base}/openai/v1/realtime?model=nope`, { headers });
  t.is(unknown.status, 404);
  t.is(JSON.parse(unknown.body).error.code, 'DeploymentNotFound');
  const chat = await refusedUpgrade(`${base}/openai/v1/realtime?model=gpt-4o`, { headers });
  t.is(chat.status, 400);
  t.is(JSON.parse(chat.body).error.code, 'OperationNotSupported');
  const noVersion = await refusedUpgrade(`${base}/openai/realtime?deployment=gpt-realtime`, { headers });
  t.is(noVersion.status, 404);
  const elsewhere = await refusedUpgrade(`${base}/openai/v1/chat/completions`, { headers });
  t.is(elsewhere.status, 404);
});

test('a request with another Upgrade header (h2c) is served as a request, not refused as a WebSocket', async (t) => {
  const sim = await startTestSimulator(t);
  const { port } = new URL(sim.url);
  const body = JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] });
  const status = await new Promise<number>((resolve, reject) => {
    const request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
        headers: {
          'api-key': 'k',
          'content-type': 'application/json',
          connection: 'Upgrade, HTTP2-Settings',
          upgrade: 'h2c',
          'http2-settings': '',
        },
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
  t.is(status, 200);
});
