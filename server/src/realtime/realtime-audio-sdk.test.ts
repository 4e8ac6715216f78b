import test from 'ava';
import { speechSamples } from '../generate/media/speech-samples.ts';
import type { Scenarios } from '../generated/scenarios.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { nextEvent, sdkRealtimeClient } from '../test-support/realtime-sdk.ts';
import { encodeAudio, audioFormat } from './audio/audio-format.ts';

const RATE = 24000;
const PCM16 = audioFormat('preview', 'pcm16')!;

const SCENARIOS: Scenarios = {
  deployments: {
    'gpt-realtime': { model: 'gpt-realtime-2025-08-28', realtime: { utterances: ["What's the weather in Paris?"] } },
  },
  scenarios: [
    {
      name: 'the spoken weather question',
      match: { operation: 'realtime', lastUserMessage: { contains: 'weather in Paris' } },
      respond: { content: 'Sunny and 21 degrees in Paris.' },
    },
  ],
};

test('an audio turn with server VAD through the official client: speech found at its offsets, the scripted words answered', async (t) => {
  const sim = await startTestSimulator(t, { tls: true, scenarios: SCENARIOS });
  const { rt, events } = await sdkRealtimeClient(sim, undefined, 'k');
  t.teardown(() => rt.close());
  await nextEvent(events, 'session.created');
  rt.send({
    type: 'session.update',
    session: { type: 'realtime', output_modalities: ['text'], audio: { input: { transcription: { model: 'gpt-4o-transcribe' } } } },
  });
  await nextEvent(events, 'session.updated');
  // 500 ms of zeros, about 1 s of speech, 1 s of zeros, in 100 ms appends
  const audio = new Int16Array(RATE * 2.5);
  audio.set(speechSamples(RATE, RATE, 7), RATE / 2);
  for (let at = 0; at < audio.length; at += RATE / 10)
    rt.send({ type: 'input_audio_buffer.append', audio: encodeAudio(PCM16, audio.subarray(at, at + RATE / 10)).toString('base64') });

  const started = await nextEvent(events, 'input_audio_buffer.speech_started');
  const stopped = await nextEvent(events, 'input_audio_buffer.speech_stopped');
  // the speech is at 500..1500 ms: started 300 ms of prefix padding before, stopped 200 ms of silence after,
  // within one 20 ms VAD frame
  t.true(Math.abs(started.audio_start_ms - 200) <= 20, `audio_start_ms ${started.audio_start_ms}`);
  t.true(Math.abs(stopped.audio_end_ms - 1700) <= 20, `audio_end_ms ${stopped.audio_end_ms}`);
  t.is(stopped.item_id, started.item_id);
  const committed = await nextEvent(events, 'input_audio_buffer.committed');
  t.is(committed.item_id, started.item_id);
  const added = events.find((event) => event.type === 'conversation.item.added' && event.item.id === committed.item_id);
  t.like(added, { item: { type: 'message', role: 'user', content: [{ type: 'input_audio' }] } });
  const transcript = await nextEvent(events, 'conversation.item.input_audio_transcription.completed');
  t.is(transcript.item_id, committed.item_id);
  t.is(transcript.transcript, "What's the weather in Paris?");

  // create_response is on by default: the rule answers the transcript
  const done = await nextEvent(events, 'response.done');
  const answer = events.flatMap((event) => (event.type === 'response.output_text.delta' ? [event.delta] : []));
  t.is(answer.join(''), 'Sunny and 21 degrees in Paris.');
  t.is(done.response.status, 'completed');
  const usage = done.response.usage!;
  const audioTokens = Math.ceil((stopped.audio_end_ms - started.audio_start_ms) / 100);
  t.is(usage.input_token_details?.audio_tokens, audioTokens);
  t.is(usage.input_tokens, (usage.input_token_details?.text_tokens ?? 0) + audioTokens);
  t.is(usage.total_tokens, (usage.input_tokens ?? 0) + (usage.output_tokens ?? 0));

  const types = events.map((event) => event.type);
  t.deepEqual(
    types.filter((type) => type.startsWith('input_audio_buffer.') || type.startsWith('conversation.item.input_audio')),
    [
      'input_audio_buffer.speech_started',
      'input_audio_buffer.speech_stopped',
      'input_audio_buffer.committed',
      'conversation.item.input_audio_transcription.delta',
      'conversation.item.input_audio_transcription.completed',
    ],
  );
  t.true(types.indexOf('conversation.item.input_audio_transcription.completed') < types.indexOf('response.created'));
});
