import test from 'ava';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import { speechDurationMs } from '../generate/media/speech-duration.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { nextEvent, sdkRealtimeClient } from '../test-support/realtime-sdk.ts';
import type { Scenarios } from '../generated/scenarios.ts';

/** The bytes of every audio delta of the events from `from` on. */
function audioOf(events: RealtimeServerEvent[], from = 0): Buffer {
  return Buffer.concat(
    events.slice(from).flatMap((event) => (event.type === 'response.output_audio.delta' ? [Buffer.from(event.delta, 'base64')] : [])),
  );
}

const ANSWER = 'Hi there, from a rule.';
const LONG_ANSWER = 'This is a long answer that goes on and on for many words, so that there is time to stop it.';

const SCENARIOS: Scenarios = {
  server: { auth: { apiKeys: ['right-key'] } },
  deployments: { 'gpt-realtime': { model: 'gpt-realtime-2025-08-28' } },
  scenarios: [
    { name: 'long', match: { operation: 'realtime', lastUserMessage: { contains: 'long' } }, respond: { content: LONG_ANSWER } },
    { name: 'hello', match: { operation: 'realtime', lastUserMessage: { contains: 'hello' } }, respond: { content: ANSWER } },
  ],
};

function ask(rt: OpenAIRealtimeWS, text: string): void {
  rt.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });
  rt.send({ type: 'response.create' });
}

test('an audio turn: pcm16 at 24 kHz as long as the transcript takes to say, the transcript is the rule’s answer', async (t) => {
  const sim = await startTestSimulator(t, { tls: true, scenarios: SCENARIOS });
  const { rt, events } = await sdkRealtimeClient(sim);
  t.teardown(() => rt.close());
  await nextEvent(events, 'session.created');
  ask(rt, 'hello');
  const done = await nextEvent(events, 'response.done');
  await nextEvent(events, 'rate_limits.updated');
  const transcriptDone = await nextEvent(events, 'response.output_audio_transcript.done');
  t.is(transcriptDone.transcript, ANSWER);
  const ms = speechDurationMs(ANSWER);
  t.is(audioOf(events).length, (ms * 24000 * 2) / 1000);
  const pieces = events.flatMap((event) => (event.type === 'response.output_audio_transcript.delta' ? [event.delta] : []));
  t.true(pieces.length > 1);
  t.is(pieces.join(''), ANSWER);
  const types = events.map((event) => event.type);
  const from = types.indexOf('response.created');
  t.deepEqual(
    [...new Set(types.slice(from))],
    [
      'response.created',
      'response.output_item.added',
      'conversation.item.added',
      'response.content_part.added',
      'response.output_audio.delta',
      'response.output_audio_transcript.delta',
      'response.output_audio.done',
      'response.output_audio_transcript.done',
      'response.content_part.done',
      'response.output_item.done',
      'conversation.item.done',
      'response.done',
      'rate_limits.updated',
    ],
  );
  t.false(types.includes('response.output_text.delta'));
  t.is(types.lastIndexOf('response.output_audio.delta') < types.indexOf('response.done'), true);
  const part = await nextEvent(events, 'response.content_part.added');
  t.deepEqual(part.part, { type: 'audio', transcript: '' });
  t.is(done.response.status, 'completed');
  t.deepEqual(done.response.output_modalities, ['audio']);
  const item = done.response.output?.[0] as { status: string; content: unknown };
  t.is(item.status, 'completed');
  t.deepEqual(item.content, [{ type: 'output_audio', transcript: ANSWER }]);
  const usage = done.response.usage!;
  t.is(usage.output_token_details?.audio_tokens, Math.ceil(ms / 50));
  t.is(usage.output_tokens, usage.output_token_details!.text_tokens! + usage.output_token_details!.audio_tokens!);
  t.is(usage.total_tokens, usage.input_tokens! + usage.output_tokens!);
});

test('response.cancel mid-audio: the audio stops, the item is incomplete, response.done is cancelled', async (t) => {
  const sim = await startTestSimulator(t, { tls: true, scenarios: SCENARIOS });
  const { rt, events } = await sdkRealtimeClient(sim);
  t.teardown(() => rt.close());
  await nextEvent(events, 'session.created');
  ask(rt, 'a long one');
  const deadline = Date.now() + 10_000;
  while (events.filter((event) => event.type === 'response.output_audio.delta').length < 3 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 10));
  rt.send({ type: 'response.cancel' });
  const done = await nextEvent(events, 'response.done');
  await nextEvent(events, 'rate_limits.updated');
  t.is(done.response.status, 'cancelled');
  const sent = audioOf(events).length;
  t.true(sent > 0);
  t.true(sent < (speechDurationMs(LONG_ANSWER) * 48000) / 1000 / 2);
  const item = done.response.output?.[0] as { status: string };
  t.is(item.status, 'incomplete');
  // nothing after response.done
  const types = events.map((event) => event.type);
  t.false(types.slice(types.indexOf('response.done')).includes('response.output_audio.delta'));
  t.is(done.response.usage?.output_token_details?.audio_tokens, Math.ceil(sent / 48 / 50));
});

test('conversation.item.truncate cuts the audio and the transcript to what was played', async (t) => {
  const sim = await startTestSimulator(t, { tls: true, scenarios: SCENARIOS });
  const { rt, events } = await sdkRealtimeClient(sim);
  t.teardown(() => rt.close());
  await nextEvent(events, 'session.created');
  ask(rt, 'hello');
  const user = await nextEvent(events, 'conversation.item.added');
  const done = await nextEvent(events, 'response.done');
  const itemId = done.response.output![0]!.id!;
  const errorFor = async (event: Record<string, unknown>) => {
    const from = events.length;
    rt.send(event as never);
    return (await nextEvent(events, 'error', from)).error;
  };
  const ms = speechDurationMs(ANSWER);
  const beyond = await errorFor({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: ms + 1 });
  t.is(beyond.message, `Audio content of ${ms}ms is already shorter than ${ms + 1}ms`);
  const unknown = await errorFor({ type: 'conversation.item.truncate', item_id: 'item_nope', content_index: 0, audio_end_ms: 10 });
  t.is(unknown.code, 'item_not_found');
  const notAudio = await errorFor({ type: 'conversation.item.truncate', item_id: user.item.id, content_index: 0, audio_end_ms: 10 });
  t.is(notAudio.code, 'unsupported_content_type');

  const from = events.length;
  rt.send({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: ms / 2 });
  const truncated = await nextEvent(events, 'conversation.item.truncated', from);
  t.like(truncated, { item_id: itemId, content_index: 0, audio_end_ms: ms / 2 });
  rt.send({ type: 'conversation.item.retrieve', item_id: itemId });
  const retrieved = await nextEvent(events, 'conversation.item.retrieved', from);
  t.deepEqual((retrieved.item as { content: unknown }).content, [{ type: 'output_audio', transcript: ANSWER.slice(0, ANSWER.length / 2) }]);
  // the audio is now as long as what was played
  const again = await errorFor({ type: 'conversation.item.truncate', item_id: itemId, content_index: 0, audio_end_ms: ms / 2 + 1 });
  t.is(again.message, `Audio content of ${ms / 2}ms is already shorter than ${ms / 2 + 1}ms`);
});
