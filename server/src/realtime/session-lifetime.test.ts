import { once } from 'node:events';
import test from 'ava';
import { ManualClock } from '../clock/index.ts';
import type { RunningSimulator } from '../server.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { RawRealtimeClient } from '../test-support/realtime-client.ts';

const SCENARIOS = {
  deployments: {
    'gpt-realtime': { model: 'gpt-realtime-2025-08-28' },
    brief: { model: 'gpt-realtime-2025-08-28', realtime: { sessionMaxSeconds: 120 } },
  },
};

async function gaSession(sim: RunningSimulator, deployment: string): Promise<RawRealtimeClient> {
  const client = new RawRealtimeClient(`${sim.url.replace('http', 'ws')}/openai/v1/realtime?model=${deployment}`, {
    headers: { 'api-key': 'k' },
  });
  await client.next('session.created');
  return client;
}

async function sessionsOpen(sim: RunningSimulator): Promise<number> {
  const text = await (await fetch(`${sim.url}/metrics`)).text();
  const line = text.split('\n').find((each) => each.startsWith('aoai_sim_realtime_sessions_open{') && each.includes('deployment="brief"'));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

test('a session past realtime.sessionMaxSeconds gets session_expired, then a 1001 close; not a moment before', async (t) => {
  const clock = new ManualClock();
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, clock });
  const client = await gaSession(sim, 'brief');
  t.teardown(() => client.close());
  const created = client.events[0]!.session as { expires_at: number };
  t.is(created.expires_at, Math.floor(clock.epochMs() / 1000) + 120);
  const closed = once(client.socket, 'close');

  await clock.advance(119_000);
  // a round trip after the move: had the session expired, its error would have come before this answer
  client.send({ type: 'session.update', session: { type: 'realtime', instructions: 'still here' } });
  await client.next('session.updated');
  t.false(client.types().includes('error'));
  t.is(await sessionsOpen(sim), 1);

  await clock.advance(1_000);
  const error = (await client.next('error')).error as { type: string; code: string; message: string; param: unknown };
  t.deepEqual(error, {
    type: 'invalid_request_error',
    code: 'session_expired',
    message: 'Your session hit the maximum duration of 2 minutes.',
    param: null,
    event_id: null,
  });
  const [code, reason] = (await closed) as [number, Buffer];
  t.is(code, 1001);
  t.is(String(reason), 'Your session hit the maximum duration of 2 minutes.');
  // the gauge goes back down as the session ends
  for (let attempt = 0; attempt < 100 && (await sessionsOpen(sim)) !== 0; attempt++)
    await new Promise((resolve) => setTimeout(resolve, 20));
  t.is(await sessionsOpen(sim), 0);
});

test('by default a session lasts the 30 minutes Azure documents, and a session closed early leaves no wait behind', async (t) => {
  const clock = new ManualClock();
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, clock });
  const client = await gaSession(sim, 'gpt-realtime');
  const created = client.events[0]!.session as { expires_at: number };
  t.is(created.expires_at, Math.floor(clock.epochMs() / 1000) + 30 * 60);
  await client.close();
  // the server's end of the socket closes just after the client's: its wait is taken out of the wheel then
  for (let attempt = 0; attempt < 100 && clock.timers > 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 20));
  t.is(clock.timers, 0);
});
