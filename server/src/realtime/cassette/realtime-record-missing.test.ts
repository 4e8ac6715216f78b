import test from 'ava';
import { join } from 'node:path';
import { fakeRealtimeUpstream } from '../../test-support/fake-realtime-upstream.ts';
import { RawRealtimeClient } from '../../test-support/realtime-client.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';
import { tempTree, yaml } from '../../test-support/temp-tree.ts';

const UPSTREAM_KEY = 'upstream-secret-key-123';

test('record-missing records the first session and replays the next one from it, without the upstream', async (t) => {
  const upstream = await fakeRealtimeUpstream(t, UPSTREAM_KEY);
  const dir = await tempTree(t, {
    'cassettes/.keep': '',
    'sim.yaml': yaml`
      server: { mode: record-missing, host: 127.0.0.1 }
      deployments:
        gpt-realtime: { model: gpt-realtime-2025-08-28 }
      replay: { cassettes: [cassettes] }
      record: { upstream: "${upstream.url}", apiKey: "${UPSTREAM_KEY}", dir: cassettes }
    `,
  });
  const sim = await startTestSimulator(t, { scenarios: join(dir, 'sim.yaml') });
  const talk = async () => {
    const client = new RawRealtimeClient(`${sim.url.replace('http', 'ws')}/openai/v1/realtime?model=gpt-realtime`, {
      headers: { 'api-key': 'caller-key' },
    });
    await client.next('session.created');
    client.send({ type: 'response.create' });
    await client.next('response.done');
    await client.close();
    return client.types();
  };
  const first = await talk();
  // the recording joins the others once the server has seen the session end
  const journal = async () =>
    ((await (await fetch(`${sim.url}/__sim/journal?operation=realtime`)).json()) as { entries: unknown[] }).entries;
  for (let attempt = 0; attempt < 200 && (await journal()).length === 0; attempt++) await new Promise((resolve) => setTimeout(resolve, 10));
  const second = await talk();
  t.deepEqual(second, first);
  t.is(upstream.log.upgrades.length, 1, 'the second session never reached the upstream');
});
