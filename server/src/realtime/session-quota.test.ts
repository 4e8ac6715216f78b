import test from 'ava';
import { AzureOpenAI } from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import WebSocket from 'ws';
import { ManualClock } from '../clock/index.ts';
import type { Scenarios } from '../generated/scenarios.ts';
import type { RunningSimulator } from '../server.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { RawRealtimeClient } from '../test-support/realtime-client.ts';

const SCENARIOS: Scenarios = {
  deployments: {
    pair: { model: 'gpt-realtime-2025-08-28', realtime: { maxSessions: 2 } },
    'two-a-minute': { model: 'gpt-realtime-2025-08-28', realtime: { sessionsPerMinute: 2 } },
  },
};

const url = (sim: RunningSimulator, deployment: string) => `${sim.url.replace('http', 'ws')}/openai/v1/realtime?model=${deployment}`;

async function session(sim: RunningSimulator, deployment: string): Promise<RawRealtimeClient> {
  const client = new RawRealtimeClient(url(sim, deployment), { headers: { 'api-key': 'k' } });
  await client.next('session.created');
  return client;
}

/** The answer to an upgrade the server refused: its status, headers and body. */
function refused(address: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(address, { headers: { 'api-key': 'k' } });
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    socket.on('open', () => {
      socket.close();
      reject(new Error('the upgrade was accepted'));
    });
    socket.on('error', () => {});
  });
}

async function sessionsOpen(sim: RunningSimulator, deployment: string): Promise<number> {
  const text = await (await fetch(`${sim.url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((each) => each.startsWith('aoai_sim_realtime_sessions_open{') && each.includes(`deployment="${deployment}"`));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

/** Waits (up to 2 s) for the server to see a closed session end, which comes just after the client's close. */
async function until(condition: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 100 && !(await condition()); attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
}

test('maxSessions: the session past the limit gets the 429 before the upgrade; one closes, and the next is admitted', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
  const first = await session(sim, 'pair');
  const second = await session(sim, 'pair');
  t.teardown(() => Promise.all([first.close(), second.close()]));
  t.is(await sessionsOpen(sim, 'pair'), 2);

  const refusal = await refused(url(sim, 'pair'));
  t.is(refusal.status, 429);
  t.is(refusal.headers['retry-after'], '1');
  const error = (JSON.parse(refusal.body) as { error: { code: string; message: string } }).error;
  t.is(error.code, '429');
  t.regex(error.message, /^Requests to the Realtime_Response Operation under Azure OpenAI API version v1 have exceeded call rate limit/);
  // another deployment's sessions are not held to this one's limit
  const other = await session(sim, 'two-a-minute');
  await other.close();

  await first.close();
  await until(async () => (await sessionsOpen(sim, 'pair')) === 1);
  t.is(await sessionsOpen(sim, 'pair'), 1);
  const third = await session(sim, 'pair');
  await third.close();
});

test('sessionsPerMinute: the third session in a minute is refused with the wait until the first leaves the window', async (t) => {
  const clock = new ManualClock();
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, clock });
  await (await session(sim, 'two-a-minute')).close();
  await clock.advance(20_000);
  await (await session(sim, 'two-a-minute')).close();

  const refusal = await refused(url(sim, 'two-a-minute'));
  t.is(refusal.status, 429);
  t.is(refusal.headers['retry-after'], '40');
  t.is(refusal.headers['retry-after-ms'], '40000');

  await clock.advance(40_000);
  await (await session(sim, 'two-a-minute')).close();
});

test('the official client sees the refused session as an error of the 429, and never opens', async (t) => {
  const sim = await startTestSimulator(t, { tls: true, scenarios: SCENARIOS });
  const azure = new AzureOpenAI({
    endpoint: `https://localhost:${sim.port}`,
    apiKey: 'k',
    apiVersion: '2025-04-01-preview',
    deployment: 'pair',
  });
  const open = async () => {
    const rt = await OpenAIRealtimeWS.azure(azure, { options: { ca: sim.tls!.cert } });
    t.teardown(() => rt.close());
    const outcome = new Promise<string>((resolve) => {
      rt.on('error', (error) => resolve(`error: ${error.message}`));
      rt.on('session.created', () => resolve('session.created'));
    });
    return outcome;
  };
  t.is(await open(), 'session.created');
  t.is(await open(), 'session.created');
  t.is(await open(), 'error: Unexpected server response: 429');
});
