import test, { type ExecutionContext } from 'ava';
import { join } from 'node:path';
import type { RunningSimulator } from '../../server.ts';
import { RawRealtimeClient, refusedUpgrade } from '../../test-support/realtime-client.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';
import { tempTree, yaml } from '../../test-support/temp-tree.ts';

/** A recording written by hand, as a reviewer would read one: a greeting, then the service's answer. */
const RECORDING = [
  {
    version: 1,
    kind: 'realtime-session',
    name: 'default',
    deployment: 'gpt-realtime',
    flavor: 'ga',
    recordedAt: '2025-09-17T14:32:53.000Z',
  },
  {
    offsetMs: 40,
    from: 'server',
    event: { type: 'session.created', event_id: 'event_1', session: { id: 'sess_recorded', type: 'realtime' } },
  },
  { offsetMs: 100, from: 'client', event: { type: 'response.create' } },
  { offsetMs: 130, from: 'server', event: { type: 'response.created', event_id: 'event_2', response: { id: 'resp_recorded' } } },
  {
    offsetMs: 160,
    from: 'server',
    event: { type: 'response.done', event_id: 'event_3', response: { id: 'resp_recorded', status: 'completed' } },
  },
]
  .map((line) => JSON.stringify(line))
  .join('\n');

async function simulator(t: ExecutionContext, onMiss: string): Promise<RunningSimulator> {
  const dir = await tempTree(t, {
    'cassettes/default-1.realtime.jsonl': `${RECORDING}\n`,
    'replay.yaml': yaml`
      server: { mode: replay }
      deployments:
        gpt-realtime: { model: gpt-realtime-2025-08-28 }
        other-realtime: { model: gpt-realtime-2025-08-28 }
      replay: { cassettes: [cassettes], onMiss: ${onMiss} }
    `,
  });
  return startTestSimulator(t, { scenarios: join(dir, 'replay.yaml') });
}

const url = (sim: RunningSimulator, deployment: string) => `${sim.url.replace('http', 'ws')}/openai/v1/realtime?model=${deployment}`;

test('a recording written by hand is replayed with its ids; a deployment without one is refused as a replay miss (onMiss: error)', async (t) => {
  const sim = await simulator(t, 'error');
  const client = new RawRealtimeClient(url(sim, 'gpt-realtime'), { headers: { 'api-key': 'k' } });
  t.teardown(() => client.close());
  t.like(await client.next('session.created'), { event_id: 'event_1', session: { id: 'sess_recorded' } });
  client.send({ type: 'response.create', event_id: 'mine' });
  t.like(await client.next('response.done'), { response: { id: 'resp_recorded', status: 'completed' } });
  t.deepEqual(client.types(), ['session.created', 'response.created', 'response.done']);

  const refused = await refusedUpgrade(url(sim, 'other-realtime'), { headers: { 'api-key': 'k' } });
  t.is(refused.status, 404);
  t.is((JSON.parse(refused.body) as { error: { code: string } }).error.code, 'NoRecordingMatch');
});

test('with onMiss: generate, a deployment without a recording gets the live simulator', async (t) => {
  const sim = await simulator(t, 'generate');
  const client = new RawRealtimeClient(url(sim, 'other-realtime'), { headers: { 'api-key': 'k' } });
  t.teardown(() => client.close());
  const created = (await client.next('session.created')).session as { id: string; model: string };
  t.not(created.id, 'sess_recorded');
  t.is(created.model, 'gpt-realtime-2025-08-28');
});
