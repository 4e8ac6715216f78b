import test, { type ExecutionContext } from 'ava';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OpenAI } from 'openai';
import type { JournalEntry } from '../journal/index.ts';
import type { RunningSimulator } from '../server.ts';
import { type AzureTarget, portkeyAzureConfig, portkeyClientOptions, portkeyForFile, RETRYABLE_STATUS_CODES } from './portkey-gateway.ts';
import { startTestSimulator } from './simulator.ts';

// The real Portkey AI gateway (a root devDependency) in front of two simulators playing two Azure OpenAI resources.
const portkey = portkeyForFile(test);
const gatewayTest = portkey.installed ? test : test.skip;

const DEPLOYMENT = 'gpt-4o';
const hello = { model: DEPLOYMENT, messages: [{ role: 'user' as const, content: 'hello' }] };

/** A simulated resource with its own key, so a request that reached it with the other's key would fail. */
async function resource(t: ExecutionContext, apiKey: string, rateLimit?: { tpm: number }) {
  const sim = await startTestSimulator(t, {
    apiKeys: [apiKey],
    scenarios: { deployments: { [DEPLOYMENT]: { model: 'gpt-4o-2024-08-06', ...(rateLimit ? { rateLimit } : {}) } } },
  });
  const target: AzureTarget = { baseUrl: sim.url, apiKey, deployment: DEPLOYMENT };
  return { sim, target };
}

/** A client through the gateway whose requests carry `testId`, which the config forwards to the resources. */
function clientThroughGateway(targets: AzureTarget[], testId: string, onStatusCodes = RETRYABLE_STATUS_CODES): OpenAI {
  const config = portkeyAzureConfig(targets, { mode: 'fallback', onStatusCodes, forwardHeaders: ['x-sim-test-id'] });
  const options = portkeyClientOptions(portkey.gateway(), config);
  return new OpenAI({ ...options, defaultHeaders: { ...options.defaultHeaders, 'x-sim-test-id': testId } });
}

/** What a resource's journal saw of a test id: each request's status, and `s` for a streamed one. */
async function served(sim: RunningSimulator, testId: string): Promise<string[]> {
  const { entries } = (await (await fetch(`${sim.url}/__sim/journal?testId=${testId}`)).json()) as { entries: JournalEntry[] };
  return entries.map((entry) => `${entry.status}${entry.stream ? 's' : ''}`);
}

/** Arms a fault on every request to the resource, for the next `times` of them (the control API). */
async function failNext(sim: RunningSimulator, fault: Record<string, unknown>, times: number): Promise<void> {
  const response = await fetch(`${sim.url}/__sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fault, times }),
  });
  if (!response.ok) throw new Error(`arming the fault failed: ${response.status} ${await response.text()}`);
}

async function streamedText(client: OpenAI): Promise<string> {
  let text = '';
  for await (const chunk of await client.chat.completions.create({ ...hello, stream: true })) text += chunk.choices[0]?.delta.content ?? '';
  return text;
}

gatewayTest('fallback: A serves while healthy; A answering 503 sends calls, streamed too, to B; A serves again once back', async (t) => {
  const a = await resource(t, 'key-a');
  const b = await resource(t, 'key-b');
  const client = clientThroughGateway([a.target, b.target], 'outage');

  const healthy = await client.chat.completions.create(hello).withResponse();
  t.truthy(healthy.data.choices[0]?.message.content);
  t.is(healthy.response.headers.get('x-portkey-last-used-option-index'), 'config.targets[0]');

  await failNext(a.sim, { kind: 'status', status: 503 }, 2);
  const duringOutage = await client.chat.completions.create(hello).withResponse();
  t.truthy(duringOutage.data.choices[0]?.message.content);
  t.is(duringOutage.response.headers.get('x-portkey-last-used-option-index'), 'config.targets[1]');
  t.not(await streamedText(client), '', 'a streamed call falls back as well');

  const afterOutage = await client.chat.completions.create(hello).withResponse();
  t.is(afterOutage.response.headers.get('x-portkey-last-used-option-index'), 'config.targets[0]');

  t.deepEqual(await served(a.sim, 'outage'), ['200', '503', '503s', '200']);
  t.deepEqual(await served(b.sim, 'outage'), ['200', '200s']);
});

gatewayTest('fallback on 429: once A’s TPM quota is spent, calls go to B and none fails at the client', async (t) => {
  // each call is charged its prompt plus max_tokens (600): one fits in A's 1,000 TPM, the second does not
  const a = await resource(t, 'key-a', { tpm: 1000 });
  const b = await resource(t, 'key-b');
  const client = clientThroughGateway([a.target, b.target], 'quota');

  for (let call = 0; call < 3; call++) {
    const completion = await client.chat.completions.create({ ...hello, max_tokens: 600 });
    t.truthy(completion.choices[0]?.message.content);
  }

  t.deepEqual(await served(a.sim, 'quota'), ['200', '429', '429']);
  t.deepEqual(await served(b.sim, 'quota'), ['200', '200']);
});

gatewayTest(
  'a retry on the same target: A’s one 503 is retried on A, after Portkey’s one-second backoff, and B sees nothing',
  async (t) => {
    const a = await resource(t, 'key-a');
    const b = await resource(t, 'key-b');
    const client = clientThroughGateway([{ ...a.target, retryAttempts: 1 }, b.target], 'retry');

    await failNext(a.sim, { kind: 'status', status: 503 }, 1);
    const completion = await client.chat.completions.create(hello).withResponse();
    t.truthy(completion.data.choices[0]?.message.content);
    t.is(completion.response.headers.get('x-portkey-retry-attempt-count'), '1');

    t.deepEqual(await served(a.sim, 'retry'), ['503', '200']);
    t.deepEqual(await served(b.sim, 'retry'), []);
  },
);

gatewayTest('A hung or cutting connections: the gateway gives up on A (its timeout, a reset) and B answers', async (t) => {
  const a = await resource(t, 'key-a');
  const b = await resource(t, 'key-b');
  // Portkey answers its own 408 when a target's request_timeout runs out
  const client = clientThroughGateway([{ ...a.target, requestTimeoutMs: 1000 }, b.target], 'dark', [408, ...RETRYABLE_STATUS_CODES]);

  await failNext(a.sim, { kind: 'hang' }, 1);
  const afterHang = await client.chat.completions.create(hello).withResponse();
  t.is(afterHang.response.headers.get('x-portkey-last-used-option-index'), 'config.targets[1]');
  await failNext(a.sim, { kind: 'reset' }, 1);
  const afterReset = await client.chat.completions.create(hello).withResponse();
  t.is(afterReset.response.headers.get('x-portkey-last-used-option-index'), 'config.targets[1]');

  t.deepEqual(await served(b.sim, 'dark'), ['200', '200']);
});

/** A plain HTTP server that keeps what it is sent and answers every call with one fixed chat completion. */
async function recordingResource(t: ExecutionContext) {
  const seen: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders }> = [];
  const completion = { id: 'chatcmpl-1', object: 'chat.completion', created: 0, model: 'gpt-4o', choices: [] };
  const server = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(completion)));
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  t.teardown(() => new Promise<void>((closed) => server.close(() => closed())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

gatewayTest(
  'what Portkey sends a target: custom_host with a path prefix, the deployment path, api-version and the key in api-key',
  async (t) => {
    const upstream = await recordingResource(t);
    const target: AzureTarget = {
      baseUrl: `${upstream.url}/r/eastus/`,
      apiKey: 'key-east',
      deployment: 'chat',
      apiVersion: '2025-04-01-preview',
    };
    await clientThroughGateway([target], 'wire').chat.completions.create({ ...hello, model: 'chat' });

    t.is(upstream.seen.length, 1);
    const [sent] = upstream.seen;
    t.is(sent!.method, 'POST');
    t.is(sent!.url, '/r/eastus/openai/deployments/chat/chat/completions?api-version=2025-04-01-preview');
    t.is(sent!.headers['api-key'], 'key-east');
    t.is(sent!.headers.authorization, undefined, 'the client’s own bearer key stays at the gateway');
    t.is(sent!.headers['x-sim-test-id'], 'wire', 'forward_headers passes the test id on');
  },
);
