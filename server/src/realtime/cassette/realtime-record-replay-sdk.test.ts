import test, { type ExecutionContext } from 'ava';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AzureOpenAI } from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { RunningSimulator } from '../../server.ts';
import { fakeRealtimeUpstream, THINKING_MS } from '../../test-support/fake-realtime-upstream.ts';
import { realClock } from '../../clock/index.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';
import { tempTree, yaml } from '../../test-support/temp-tree.ts';

const UPSTREAM_KEY = 'upstream-secret-key-123';

async function simulator(t: ExecutionContext, dir: string, mode: string, upstream: string) {
  const file = join(dir, `${mode}.yaml`);
  await writeFile(
    file,
    yaml`
      server: { mode: ${mode}, host: 127.0.0.1, tls: { enabled: true } }
      deployments:
        gpt-realtime: { model: gpt-realtime-2025-08-28 }
      replay: { cassettes: [cassettes] }
      record: { upstream: "${upstream}", apiKey: "${UPSTREAM_KEY}", dir: cassettes }
    `,
  );
  return startTestSimulator(t, { scenarios: file });
}

/** One text turn through openai's realtime client for Azure over wss:: the events it got, and how long after it asked for the response. */
async function turn(sim: RunningSimulator): Promise<Array<{ type: string; at: number }>> {
  const azure = new AzureOpenAI({
    endpoint: `https://localhost:${sim.port}`,
    apiKey: 'caller-key',
    apiVersion: '2025-04-01-preview',
    deployment: 'gpt-realtime',
  });
  const rt = await OpenAIRealtimeWS.azure(azure, { options: { ca: sim.tls!.cert } });
  let asked = realClock.now();
  const events: Array<{ type: string; at: number }> = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no response.done; got ${events.map((event) => event.type).join(', ')}`)), 10_000);
    rt.on('error', (error) => reject(error));
    rt.on('event', (event) => {
      events.push({ type: event.type, at: realClock.now() - asked });
      if (event.type === 'session.created') {
        rt.send({
          type: 'conversation.item.create',
          item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
        });
        rt.send({ type: 'response.create' });
        asked = realClock.now();
      }
      if (event.type === 'response.done') {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  rt.close();
  return events;
}

test('openai’s realtime client records a session over wss: and gets the same events from its replay, the audio after its recorded wait', async (t) => {
  const upstream = await fakeRealtimeUpstream(t, UPSTREAM_KEY);
  const dir = await tempTree(t, { 'cassettes/.keep': '' });
  const recorder = await simulator(t, dir, 'record', upstream.url);
  const recorded = await turn(recorder);
  await recorder.close();

  const replayer = await simulator(t, dir, 'replay', 'http://127.0.0.1:9');
  const replayed = await turn(replayer);
  t.deepEqual(
    replayed.map((event) => event.type),
    recorded.map((event) => event.type),
  );
  // a lower bound only (a slow machine is late, never early): the service could not answer sooner than it thought
  const audio = replayed.find((event) => event.type === 'response.output_audio.delta')!;
  t.true(audio.at >= THINKING_MS - 2, `the audio came ${audio.at} ms after response.create`);
});
