import test from 'ava';
import { ManualClock } from '../clock/index.ts';
import { speechDurationMs } from '../generate/media/speech-duration.ts';
import type { RunningSimulator } from '../server.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { RawRealtimeClient } from '../test-support/realtime-client.ts';

const ANSWER = 'Hi there, from a rule.';

const SCENARIOS = {
  deployments: {
    'gpt-4o-realtime-preview': { model: 'gpt-4o-realtime-preview-2024-12-17' },
    // a first token a minute away on a clock that only a test moves
    slow: { model: 'gpt-realtime-2025-08-28', latency: { ttft: 60_000, itl: 10 } },
  },
  scenarios: [
    { name: 'hello', match: { operation: 'realtime' as const, lastUserMessage: { contains: 'hello' } }, respond: { content: ANSWER } },
  ],
};

const HELLO = {
  type: 'conversation.item.create',
  item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
};

async function session(sim: RunningSimulator, path: string): Promise<RawRealtimeClient> {
  const client = new RawRealtimeClient(`${sim.url.replace('http', 'ws')}${path}`, { headers: { 'api-key': 'k' } });
  await client.next('session.created');
  return client;
}

const PREVIEW = '/openai/realtime?api-version=2025-04-01-preview&deployment=gpt-4o-realtime-preview';

function audioOf(client: RawRealtimeClient, type: string): Buffer {
  return Buffer.concat(client.events.filter((event) => event.type === type).map((event) => Buffer.from(event.delta as string, 'base64')));
}

for (const format of ['g711_ulaw', 'g711_alaw']) {
  test(`the preview speaks ${format}: 8 kHz, a byte a sample, under the preview’s event names`, async (t) => {
    const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
    const client = await session(sim, PREVIEW);
    t.teardown(() => client.close());
    client.send({ type: 'session.update', session: { output_audio_format: format } });
    t.is(((await client.next('session.updated')).session as { output_audio_format: string }).output_audio_format, format);
    client.send(HELLO);
    client.send({ type: 'response.create' });
    const done = (await client.next('response.done')).response as { modalities: string[]; output: Array<{ content: unknown }> };
    t.is(audioOf(client, 'response.audio.delta').length, (speechDurationMs(ANSWER) * 8000) / 1000);
    const transcript = client.events.filter((event) => event.type === 'response.audio_transcript.delta').map((event) => event.delta);
    t.is(transcript.join(''), ANSWER);
    t.is((await client.next('response.audio_transcript.done')).transcript, ANSWER);
    t.truthy(client.events.find((event) => event.type === 'response.audio.done'));
    const types = client.types();
    for (const ga of ['response.output_audio.delta', 'response.output_audio_transcript.delta', 'response.text.delta'])
      t.false(types.includes(ga), ga);
    t.deepEqual(done.modalities, ['text', 'audio']);
    t.deepEqual(done.output[0]!.content, [{ type: 'audio', transcript: ANSWER }]);
  });
}

test('an output format the flavor does not have is refused with invalid_value, naming the ones it has', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
  const preview = await session(sim, PREVIEW);
  const ga = await session(sim, '/openai/v1/realtime?model=slow');
  t.teardown(() => Promise.all([preview.close(), ga.close()]));
  preview.send({ type: 'session.update', session: { output_audio_format: 'mp3' } });
  const previewError = (await preview.next('error')).error as { code: string; param: string; message: string };
  t.is(previewError.code, 'invalid_value');
  t.is(previewError.param, 'session.output_audio_format');
  t.is(previewError.message, "Invalid value: 'mp3'. Supported values are: 'pcm16', 'g711_ulaw', 'g711_alaw'.");
  ga.send({ type: 'session.update', session: { type: 'realtime', audio: { output: { format: { type: 'audio/ogg' } } } } });
  const gaError = (await ga.next('error')).error as { code: string; param: string; message: string };
  t.is(gaError.code, 'invalid_value');
  t.is(gaError.param, 'session.audio.output.format.type');
  t.is(gaError.message, "Invalid value: 'audio/ogg'. Supported values are: 'audio/pcm', 'audio/pcmu', 'audio/pcma'.");
  const from = ga.events.length;
  ga.send({ type: 'response.create', response: { audio: { output: { format: { type: 'audio/wav' } } } } });
  t.is(((await ga.next('error', from)).error as { param: string }).param, 'response.audio.output.format.type');
});

test('the audio starts with the first text and goes out at real time: response.done after the last delta', async (t) => {
  const clock = new ManualClock();
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, clock });
  const client = await session(sim, '/openai/v1/realtime?model=slow');
  t.teardown(() => client.close());
  client.send(HELLO);
  client.send({ type: 'response.create' });
  await client.next('response.created');
  const bytesPerMs = 48;
  const sent = () => audioOf(client, 'response.output_audio.delta').length;
  await clock.advance(59_000);
  t.is(sent(), 0, 'nothing before the first token');
  // the first text and with it the first delta, then a delta every 100 ms of audio
  await clock.advance(1_000 + 50);
  await client.next('response.output_audio.delta');
  await clock.advance(1_000);
  const afterASecond = sent();
  t.true(afterASecond >= 1_000 * bytesPerMs && afterASecond <= 1_200 * bytesPerMs, `${afterASecond} bytes`);
  t.false(client.types().includes('response.done'));
  await clock.advance(speechDurationMs(ANSWER));
  await client.next('response.done');
  t.is(sent(), speechDurationMs(ANSWER) * bytesPerMs);
  const types = client.types();
  t.true(types.lastIndexOf('response.output_audio.delta') < types.indexOf('response.done'));
});

test('a socket closed mid-audio stops the audio at once: nothing keeps waking for it', async (t) => {
  const clock = new ManualClock();
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, clock });
  const client = await session(sim, '/openai/v1/realtime?model=slow');
  client.send(HELLO);
  client.send({ type: 'response.create' });
  await client.next('response.created');
  await clock.advance(60_000 + 300);
  await client.next('response.output_audio.delta');
  await client.close();
  // the audio's timer is gone with the socket: time passing sets no timer (the audio would set one per delta)
  await clock.advance(10);
  const created = clock.created;
  await clock.advance(10_000);
  t.is(clock.created, created);
});
