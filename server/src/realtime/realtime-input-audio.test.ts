import test from 'ava';
import { ManualClock } from '../clock/index.ts';
import { speechSamples } from '../generate/media/speech-samples.ts';
import type { Scenarios } from '../generated/scenarios.ts';
import type { RunningSimulator } from '../server.ts';
import { RawRealtimeClient } from '../test-support/realtime-client.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { audioFormat, encodeAudio, type AudioFormat } from './audio/audio-format.ts';
import { userUtterance } from './utterances.ts';

const SCENARIOS: Scenarios = {
  deployments: {
    'gpt-4o-realtime-preview': { model: 'gpt-4o-realtime-preview-2024-12-17' },
    scripted: { model: 'gpt-realtime-2025-08-28', realtime: { utterances: ['Book a table for two.', 'At eight, please.'] } },
    // a first token a minute away on a clock that only a test moves: a response stays in progress
    slow: { model: 'gpt-realtime-2025-08-28', latency: { ttft: 60_000, itl: 10 } },
  },
  scenarios: [
    {
      name: 'the spoken booking',
      match: { operation: 'realtime', lastUserMessage: { contains: 'table for two' } },
      respond: { content: 'Your table is booked.' },
    },
  ],
};

async function session(sim: RunningSimulator, route: 'ga' | 'preview', deployment: string): Promise<RawRealtimeClient> {
  const base = sim.url.replace('http', 'ws');
  const url =
    route === 'ga'
      ? `${base}/openai/v1/realtime?model=${deployment}`
      : `${base}/openai/realtime?api-version=2025-04-01-preview&deployment=${deployment}`;
  const client = new RawRealtimeClient(url, { headers: { 'api-key': 'k' } });
  await client.next('session.created');
  return client;
}

/** 500 ms of zeros, 1 s of speech, 1 s of zeros in `format`, as 100 ms appends. */
function spokenTurn(format: AudioFormat): string[] {
  const rate = format.sampleRate;
  const audio = new Int16Array(rate * 2.5);
  audio.set(speechSamples(rate, rate, 7), rate / 2);
  const appends: string[] = [];
  for (let at = 0; at < audio.length; at += rate / 10)
    appends.push(encodeAudio(format, audio.subarray(at, at + rate / 10)).toString('base64'));
  return appends;
}

function append(client: RawRealtimeClient, audio: string): void {
  client.send({ type: 'input_audio_buffer.append', audio });
}

async function error(client: RawRealtimeClient, event: Record<string, unknown>) {
  const from = client.events.length;
  client.send(event);
  return (await client.next('error', from)).error as { type: string; code: string; message: string; param: string | null };
}

test('g711_ulaw on the preview route: server VAD at the sample offsets, conversation.item.created, a generated transcript', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
  const client = await session(sim, 'preview', 'gpt-4o-realtime-preview');
  t.teardown(() => client.close());
  client.send({ type: 'session.update', session: { input_audio_format: 'g711_ulaw', input_audio_transcription: { model: 'whisper-1' } } });
  await client.next('session.updated');
  for (const audio of spokenTurn(audioFormat('preview', 'g711_ulaw')!)) append(client, audio);
  const started = await client.next('input_audio_buffer.speech_started');
  const stopped = await client.next('input_audio_buffer.speech_stopped');
  t.true(Math.abs((started.audio_start_ms as number) - 200) <= 20, `audio_start_ms ${String(started.audio_start_ms)}`);
  t.true(Math.abs((stopped.audio_end_ms as number) - 1700) <= 20, `audio_end_ms ${String(stopped.audio_end_ms)}`);
  const committed = await client.next('input_audio_buffer.committed');
  t.is(committed.item_id, started.item_id);
  const created = await client.next('conversation.item.created');
  t.like(created.item, { id: committed.item_id, role: 'user', content: [{ type: 'input_audio' }] });
  const completed = await client.next('conversation.item.input_audio_transcription.completed');
  // no script for this deployment: the generator's sentence, the same each run
  const heard = (stopped.audio_end_ms as number) - (started.audio_start_ms as number);
  t.is(completed.transcript, userUtterance(undefined, 'gpt-4o-realtime-preview', 0, heard));
  t.false(client.types().includes('conversation.item.input_audio_transcription.delta'));
  await client.next('response.done');
});

test('turn_detection null: no VAD events, the client commits, and a response answers the scripted words', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
  const client = await session(sim, 'ga', 'scripted');
  t.teardown(() => client.close());
  client.send({
    type: 'session.update',
    session: { type: 'realtime', output_modalities: ['text'], audio: { input: { turn_detection: null } } },
  });
  await client.next('session.updated');
  for (const audio of spokenTurn(audioFormat('ga', { type: 'audio/pcm' })!)) append(client, audio);
  client.send({ type: 'input_audio_buffer.commit' });
  const committed = await client.next('input_audio_buffer.committed');
  t.is(committed.previous_item_id, null);
  const done = await client.next('conversation.item.done');
  t.like(done.item, { id: committed.item_id, role: 'user', content: [{ type: 'input_audio' }] });
  t.false(client.types().some((type) => type.startsWith('input_audio_buffer.speech')));
  t.false(client.types().includes('response.created'));
  client.send({ type: 'conversation.item.retrieve', item_id: committed.item_id });
  const retrieved = await client.next('conversation.item.retrieved');
  t.like(retrieved.item, { content: [{ type: 'input_audio', transcript: 'Book a table for two.' }] });
  client.send({ type: 'response.create' });
  const response = (await client.next('response.done')).response as {
    output: Array<{ id: string; content: Array<{ text: string }> }>;
    usage: { input_token_details: { audio_tokens: number } };
  };
  t.is(response.output[0]!.content[0]!.text, 'Your table is booked.');
  // the whole 2.5 s buffer was committed: 25 audio tokens
  t.is(response.usage.input_token_details.audio_tokens, 25);

  // the second committed audio is heard as the second utterance
  const from = client.events.length;
  for (const audio of spokenTurn(audioFormat('ga', { type: 'audio/pcm' })!)) append(client, audio);
  client.send({ type: 'input_audio_buffer.commit' });
  const second = await client.next('input_audio_buffer.committed', from);
  t.is(second.previous_item_id, response.output[0]!.id);
  client.send({ type: 'conversation.item.retrieve', item_id: second.item_id });
  t.like((await client.next('conversation.item.retrieved', from)).item, { content: [{ transcript: 'At eight, please.' }] });
});

test('committing an empty or too short buffer, and clear: the service’s error and input_audio_buffer.cleared', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
  const client = await session(sim, 'ga', 'scripted');
  t.teardown(() => client.close());
  const empty = await error(client, { type: 'input_audio_buffer.commit' });
  t.is(empty.type, 'invalid_request_error');
  t.is(empty.code, 'input_audio_buffer_commit_empty');
  t.is(
    empty.message,
    'Error committing input audio buffer: buffer too small. Expected at least 100ms of audio, but buffer only has 0.00ms of audio.',
  );
  append(client, encodeAudio(audioFormat('ga', { type: 'audio/pcm' })!, new Int16Array(1200)).toString('base64'));
  t.regex((await error(client, { type: 'input_audio_buffer.commit' })).message, /buffer only has 50\.00ms of audio/);
  append(client, encodeAudio(audioFormat('ga', { type: 'audio/pcm' })!, new Int16Array(24000)).toString('base64'));
  client.send({ type: 'input_audio_buffer.clear' });
  await client.next('input_audio_buffer.cleared');
  t.is((await error(client, { type: 'input_audio_buffer.commit' })).code, 'input_audio_buffer_commit_empty');
});

test('bad base64 and a missing audio get the service’s errors, and the session goes on', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS });
  const client = await session(sim, 'ga', 'scripted');
  t.teardown(() => client.close());
  const bad = await error(client, { type: 'input_audio_buffer.append', audio: 'not base64!' });
  t.is(bad.code, 'invalid_value');
  t.is(bad.param, 'audio');
  t.is(bad.message, "Invalid 'audio'. Expected base64-encoded audio bytes (mono PCM16 at 24kHz) but got an invalid value.");
  // valid base64 of 15 MiB and 3 bytes: over what an append may carry
  const tooLarge = await error(client, { type: 'input_audio_buffer.append', audio: 'AAAA'.repeat((15 * 1024 * 1024) / 3 + 1) });
  t.is(tooLarge.code, 'invalid_value');
  t.is(tooLarge.param, 'audio');
  // 15 MiB exactly is taken (327 s of pcm16 silence), and committed
  append(client, 'AAAA'.repeat((15 * 1024 * 1024) / 3));
  client.send({ type: 'input_audio_buffer.commit' });
  await client.next('input_audio_buffer.committed');
  const missing = await error(client, { type: 'input_audio_buffer.append' });
  t.is(missing.code, 'missing_required_parameter');
  t.is(missing.param, 'audio');
  const unknown = await error(client, { type: 'input_audio_buffer.commit', audio: '' });
  t.is(unknown.code, 'unknown_parameter');
  client.send({ type: 'input_audio_buffer.clear' });
  await client.next('input_audio_buffer.cleared');
});

test('speech starting while a response is in progress cancels it (interrupt_response)', async (t) => {
  const clock = new ManualClock();
  const sim = await startTestSimulator(t, { scenarios: SCENARIOS, clock });
  const client = await session(sim, 'ga', 'slow');
  t.teardown(() => client.close());
  client.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] } });
  client.send({ type: 'response.create' });
  const created = await client.next('response.created');
  for (const audio of spokenTurn(audioFormat('ga', { type: 'audio/pcm' })!)) append(client, audio);
  const started = await client.next('input_audio_buffer.speech_started');
  const done = await client.next('response.done');
  const response = done.response as { id: string; status: string };
  t.is(response.id, (created.response as { id: string }).id);
  t.is(response.status, 'cancelled');
  t.true(client.events.indexOf(started) < client.events.indexOf(done));
});
