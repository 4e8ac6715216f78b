import test from 'ava';
import { startTestSimulator } from '../test-support/simulator.ts';
import { RawRealtimeClient } from '../test-support/realtime-client.ts';

const HELLO = {
  type: 'conversation.item.create',
  item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
};

async function sessionsOpen(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text
    .split('\n')
    .find((each) => each.startsWith('aoai_sim_realtime_sessions_open{') && each.includes('deployment="gpt-realtime"'));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

test('the journal has an entry per response and one per session; the metrics count the sessions open', async (t) => {
  const sim = await startTestSimulator(t);
  const client = new RawRealtimeClient(`${sim.url.replace('http', 'ws')}/openai/v1/realtime?model=gpt-realtime`, {
    headers: { 'api-key': 'k', 'x-sim-test-id': 'rt-1' },
  });
  t.teardown(() => client.close());
  await client.next('session.created');
  t.is(await sessionsOpen(sim.url), 1);
  client.send(HELLO);
  client.send({ type: 'response.create' });
  await client.next('response.done');
  await client.close();

  type Entry = {
    method: string;
    status: number;
    operation: string;
    deployment: string;
    testId?: string;
    tokens?: { completion: number };
    response: { body?: string };
  };
  const read = async () => (await (await fetch(`${sim.url}/__sim/journal?operation=realtime`)).json()) as { entries?: Entry[] } | Entry[];
  // the session's entry is written as the server sees the socket close, which may come just after the client's
  let entries: Entry[] = [];
  for (let attempt = 0; attempt < 100 && entries.length < 2; attempt++) {
    const body = await read();
    entries = Array.isArray(body) ? body : (body.entries ?? []);
    if (entries.length < 2) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const response = entries.find((entry) => entry.method === 'POST');
  const session = entries.find((entry) => entry.method === 'GET');
  t.is(response?.status, 200);
  t.is(response?.deployment, 'gpt-realtime');
  t.is(response?.testId, 'rt-1');
  t.true((response?.tokens?.completion ?? 0) > 0);
  t.is(session?.status, 101);
  t.is(session?.testId, 'rt-1');
  t.like(JSON.parse(session?.response.body ?? '{}'), { flavor: 'ga', responses: 1 });
  t.is(await sessionsOpen(sim.url), 0);
});

test('a response the pipeline refuses ends failed, with the error in status_details', async (t) => {
  const sim = await startTestSimulator(t, {
    scenarios: {
      deployments: { 'gpt-realtime': { model: 'gpt-realtime-2025-08-28' } },
      scenarios: [{ name: 'overloaded', match: { operation: 'realtime' }, respond: { error: 'rate_limited' } }],
    },
  });
  const client = new RawRealtimeClient(`${sim.url.replace('http', 'ws')}/openai/v1/realtime?model=gpt-realtime`, {
    headers: { 'api-key': 'k' },
  });
  t.teardown(() => client.close());
  await client.next('session.created');
  client.send(HELLO);
  client.send({ type: 'response.create' });
  const done = (await client.next('response.done')).response as {
    status: string;
    status_details: { type: string; error: { code: string } };
  };
  t.is(done.status, 'failed');
  t.is(done.status_details.type, 'failed');
  t.is(done.status_details.error.code, '429');
});
