import test from 'ava';
import { METRIC_NAMES, parseExposition, sampleValue, SimMetrics } from '../metrics/index.ts';
import type { ClientEvent } from './client-events.ts';
import { RealtimeProblem } from './realtime-problem.ts';
import { initialSession } from './session-config.ts';
import { SessionTraffic } from './session-traffic.ts';

/** A client event as the parser hands it over (the audio events among them, whichever the parser answers). */
const event = (type: string, fields: Record<string, unknown> = {}) =>
  ({ type, eventId: undefined, fields: { type, ...fields } }) as unknown as ClientEvent;

/** `bytes` bytes of audio, base64 as the protocol carries it. */
const audio = (bytes: number) => Buffer.alloc(bytes, 7).toString('base64');

async function scrape(metrics: SimMetrics) {
  return parseExposition((await metrics.render()).body);
}

test('audio in and out is counted in seconds of each direction’s format, from the base64 length', async (t) => {
  const metrics = new SimMetrics();
  const ga = initialSession('ga', 'sess_1', 'gpt-realtime-2025-08-28', 0);
  const traffic = new SessionTraffic('ga', metrics.realtime);
  // pcm16 at 24 kHz: 48,000 bytes a second
  traffic.received(event('input_audio_buffer.append', { audio: audio(48_000) }), ga);
  traffic.received(event('input_audio_buffer.append', { audio: audio(24_000) }), ga);
  // G.711 µ-law at 8 kHz on the way out: 8,000 bytes a second
  const ulawOut = { ...ga, audio: { ...(ga.audio as object), output: { format: { type: 'audio/pcmu' } } } };
  traffic.sent('response.output_audio.delta', { delta: audio(4_000) }, ulawOut);

  const preview = initialSession('preview', 'sess_2', 'gpt-4o-realtime-preview-2024-12-17', 0);
  const previewTraffic = new SessionTraffic('preview', metrics.realtime);
  previewTraffic.received(event('input_audio_buffer.append', { audio: audio(8_000) }), { ...preview, input_audio_format: 'g711_alaw' });
  previewTraffic.sent('response.audio.delta', { delta: audio(96_000) }, preview);

  t.deepEqual(traffic.summary().audio, { inSeconds: 1.5, outSeconds: 0.5 });
  t.deepEqual(previewTraffic.summary().audio, { inSeconds: 1, outSeconds: 2 });
  const exposition = await scrape(metrics);
  t.is(sampleValue(exposition, METRIC_NAMES.realtimeAudioSeconds, { direction: 'in' }), 2.5);
  t.is(sampleValue(exposition, METRIC_NAMES.realtimeAudioSeconds, { direction: 'out' }), 2.5);
  t.is(sampleValue(exposition, METRIC_NAMES.realtimeEvents, { direction: 'client', type: 'input_audio_buffer.append' }), 3);
  t.is(sampleValue(exposition, METRIC_NAMES.realtimeEvents, { direction: 'server', type: 'response.audio.delta' }), 1);
});

test('events are counted by direction and type; what is not an event of the protocol is `other`', async (t) => {
  const metrics = new SimMetrics();
  const session = initialSession('ga', 'sess_1', 'gpt-realtime-2025-08-28', 0);
  const traffic = new SessionTraffic('ga', metrics.realtime);
  traffic.received(event('response.create'), session);
  traffic.received(new RealtimeProblem('invalid_json', 'not JSON'), session);
  for (let each = 0; each < 50; each++) traffic.sent(`made.up.${each}`, {}, session);
  traffic.sent('response.done', {}, session);
  // an audio delta whose format the session does not name counts as an event, not as audio
  traffic.sent('response.output_audio.delta', { delta: audio(10) }, { ...session, audio: {} });

  t.deepEqual(traffic.summary().events, {
    client: { 'response.create': 1, other: 1 },
    server: { other: 50, 'response.done': 1, 'response.output_audio.delta': 1 },
  });
  t.is(traffic.summary().audio.outSeconds, 0);
  const exposition = await scrape(metrics);
  const types = exposition.samples.filter((sample) => sample.name === METRIC_NAMES.realtimeEvents).map((sample) => sample.labels.type);
  t.deepEqual(new Set(types), new Set(['response.create', 'other', 'response.done', 'response.output_audio.delta']));
  t.is(sampleValue(exposition, METRIC_NAMES.realtimeEvents, { direction: 'server', type: 'other' }), 50);

  metrics.reset();
  t.is(sampleValue(await scrape(metrics), METRIC_NAMES.realtimeEvents, { direction: 'server', type: 'other' }), undefined);
});
