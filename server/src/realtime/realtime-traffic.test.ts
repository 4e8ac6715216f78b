import test from 'ava';
import { METRIC_NAMES, parseExposition, sampleValue } from '../metrics/index.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { RawRealtimeClient } from '../test-support/realtime-client.ts';

test('after a session, /metrics counts its events by direction and type, and its journal entry has its traffic', async (t) => {
  const sim = await startTestSimulator(t);
  const client = new RawRealtimeClient(`${sim.url.replace('http', 'ws')}/openai/v1/realtime?model=gpt-realtime`, {
    headers: { 'api-key': 'k' },
  });
  t.teardown(() => client.close());
  await client.next('session.created');
  client.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
  client.send({
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
  });
  client.send({ type: 'response.create' });
  await client.next('rate_limits.updated');
  client.socket.send('not json');
  await client.next('error');
  await client.close();
  const sent = (type: string) => client.types().filter((each) => each === type).length;

  const exposition = parseExposition(await (await fetch(`${sim.url}/metrics`)).text());
  const events = (direction: string, type: string) => sampleValue(exposition, METRIC_NAMES.realtimeEvents, { direction, type });
  t.is(events('client', 'session.update'), 1);
  t.is(events('client', 'conversation.item.create'), 1);
  t.is(events('client', 'response.create'), 1);
  t.is(events('client', 'other'), 1);
  t.is(events('server', 'session.created'), 1);
  t.is(events('server', 'response.output_text.delta'), sent('response.output_text.delta'));
  t.true(sent('response.output_text.delta') > 1);
  t.is(events('server', 'response.done'), 1);
  t.is(events('server', 'rate_limits.updated'), 1);
  t.is(events('server', 'error'), 1);

  type Entry = { method: string; response: { body?: string } };
  let session: Entry | undefined;
  // the session's entry is written as the server sees the socket close, which may come just after the client's
  for (let attempt = 0; attempt < 100 && session === undefined; attempt++) {
    const body = (await (await fetch(`${sim.url}/__sim/journal?operation=realtime`)).json()) as { entries?: Entry[] } | Entry[];
    session = (Array.isArray(body) ? body : (body.entries ?? [])).find((entry) => entry.method === 'GET');
    if (session === undefined) await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const summary = JSON.parse(session?.response.body ?? '{}') as {
    audio: unknown;
    events: { client: Record<string, number>; server: Record<string, number> };
  };
  t.deepEqual(summary.audio, { inSeconds: 0, outSeconds: 0 });
  t.deepEqual(summary.events.client, { 'session.update': 1, 'conversation.item.create': 1, 'response.create': 1, other: 1 });
  t.is(summary.events.server['response.output_text.delta'], sent('response.output_text.delta'));
  t.is(summary.events.server['session.updated'], 1);
  t.is(
    Object.values(summary.events.server).reduce((sum, count) => sum + count, 0),
    client.events.length,
  );
});
