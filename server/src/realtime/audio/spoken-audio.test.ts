import test from 'ava';
import { ManualClock } from '../../clock/index.ts';
import { speechDurationMs } from '../../generate/media/speech-duration.ts';
import { speechSamples } from '../../generate/media/speech-samples.ts';
import { createRandom } from '../../generate/random.ts';
import { sharedScheduler } from '../../latency/index.ts';
import { audioFormat, encodeAudio, type AudioFormat } from './audio-format.ts';
import { SpokenAudio } from './spoken-audio.ts';

const PCM16 = audioFormat('preview', 'pcm16')!;
const ULAW = audioFormat('preview', 'g711_ulaw')!;

/** A voice on a manual clock, with each delta kept as (when, bytes, transcript). */
function voice(format: AudioFormat = PCM16, speed = 1) {
  const clock = new ManualClock();
  const deltas: Array<{ at: number; bytes: Buffer; transcript: string }> = [];
  const audio = new SpokenAudio({ format, voice: 'alloy', speed }, sharedScheduler(clock), (data, transcript) =>
    deltas.push({ at: clock.now(), bytes: Buffer.from(data, 'base64'), transcript }),
  );
  return { clock, deltas, audio };
}

const TEXT = 'Hello there, how are you doing today?';

test('the audio lasts speechDurationMs of the transcript, in 100 ms deltas at real time from the first text', async (t) => {
  const { clock, deltas, audio } = voice();
  await clock.advance(500);
  audio.say(TEXT);
  t.is(deltas.length, 1, 'the first delta goes out with the first text');
  let ended = false;
  void audio.end().then(() => (ended = true));
  await clock.advance(250);
  t.deepEqual(
    deltas.map((delta) => delta.at),
    [500, 600, 700],
  );
  t.false(ended);
  await clock.advance(10_000);
  t.true(ended);
  const ms = speechDurationMs(TEXT);
  t.is(Buffer.concat(deltas.map((delta) => delta.bytes)).length, (ms * 24000 * 2) / 1000);
  t.deepEqual(
    deltas.map((delta) => delta.at),
    deltas.map((_, k) => 500 + k * 100),
  );
  t.true(deltas.slice(0, -1).every((delta) => delta.bytes.length === 4800));
  t.is(deltas.map((delta) => delta.transcript).join(''), TEXT);
  t.true(deltas.filter((delta) => delta.transcript !== '').length > 1, 'the transcript is spread over the audio');
  t.is(audio.sentMs, ms);
});

test('when the audio catches up with the text it waits for more, then goes on at real time from then', async (t) => {
  const { clock, deltas, audio } = voice();
  audio.say('Hello');
  await clock.advance(1000);
  // 'Hello' alone is 400 ms of speech: three whole deltas, the rest kept for the fade of the true end
  t.deepEqual(
    deltas.map((delta) => delta.at),
    [0, 100, 200],
  );
  audio.say(' there, how are you doing today?');
  void audio.end();
  await clock.advance(10_000);
  t.deepEqual(
    deltas.slice(3, 6).map((delta) => delta.at),
    [1000, 1100, 1200],
  );
  t.is(Buffer.concat(deltas.map((delta) => delta.bytes)).length, (speechDurationMs(TEXT) * 24000 * 2) / 1000);
  t.is(deltas.map((delta) => delta.transcript).join(''), TEXT);
});

test('stop sends nothing more and ends at once', async (t) => {
  const { clock, deltas, audio } = voice();
  audio.say(TEXT);
  await clock.advance(150);
  audio.stop();
  await audio.end();
  await clock.advance(10_000);
  t.is(deltas.length, 2);
  t.is(audio.sentMs, 200);
});

test('the same text gives the same audio, however fast its pieces came; G.711 is a byte a sample at 8 kHz', async (t) => {
  const whole = voice(ULAW);
  whole.audio.say(TEXT.slice(0, 5));
  whole.audio.say(TEXT.slice(5));
  void whole.audio.end();
  await whole.clock.advance(10_000);
  const pieces = voice(ULAW);
  pieces.audio.say(TEXT.slice(0, 5));
  await pieces.clock.advance(1000);
  pieces.audio.say(TEXT.slice(5));
  void pieces.audio.end();
  await pieces.clock.advance(10_000);
  const audioOf = (deltas: Array<{ bytes: Buffer }>) => Buffer.concat(deltas.map((delta) => delta.bytes));
  t.is(audioOf(whole.deltas).length, (speechDurationMs(TEXT) * 8000) / 1000);
  t.true(audioOf(whole.deltas).equals(audioOf(pieces.deltas)));
  const other = voice(ULAW);
  other.audio.say('Something else entirely, said.');
  void other.audio.end();
  await other.clock.advance(10_000);
  t.false(audioOf(other.deltas).subarray(0, 800).equals(audioOf(whole.deltas).subarray(0, 800)));
});

test('the session’s speed shortens the audio', async (t) => {
  const { clock, deltas, audio } = voice(PCM16, 2);
  audio.say(TEXT);
  void audio.end();
  await clock.advance(10_000);
  t.is(Buffer.concat(deltas.map((delta) => delta.bytes)).length, (speechDurationMs(TEXT, 2) * 24000 * 2) / 1000);
});

test('the audio is /audio/speech’s voice for the transcript, the same when a second session says it from the cache', async (t) => {
  const text = 'A sentence that only this test says, to start with an empty cache.';
  const seed = createRandom(`alloy:${text}`).int(0, 0x7fffffff);
  const samples = Math.round((speechDurationMs(text) * 24000) / 1000);
  const expected = encodeAudio(PCM16, speechSamples(samples, 24000, seed));
  for (const session of ['first', 'second']) {
    const { clock, deltas, audio } = voice();
    audio.say(text);
    void audio.end();
    await clock.advance(20_000);
    t.true(Buffer.concat(deltas.map((delta) => delta.bytes)).equals(expected), session);
  }
});
