import test from 'ava';
import { speechSamples } from '../../generate/media/speech-samples.ts';
import { speechLevel, VoiceActivity, type VadEvent } from './voice-activity.ts';

const RATE = 24000;
const SETTINGS = { threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 200 };

/** 500 ms of zeros, 1 s of the speech generator's voice, 1 s of zeros. */
function turn(seed = 7): Int16Array {
  const audio = new Int16Array(RATE * 2.5);
  audio.set(speechSamples(RATE, RATE, seed), RATE / 2);
  return audio;
}

function detect(audio: Int16Array, chunk: number, settings = SETTINGS): VadEvent[] {
  const vad = new VoiceActivity(settings, RATE);
  const events: VadEvent[] = [];
  for (let at = 0; at < audio.length; at += chunk) events.push(...vad.feed(audio.subarray(at, at + chunk)));
  return events;
}

test('the default threshold puts the speech level at -50 dBFS: 0 is anything but silence, 1 only loud speech', (t) => {
  t.is(Math.round(speechLevel(0.5)), 104);
  t.true(speechLevel(0) < 4);
  t.true(speechLevel(1) > 3200);
});

test('speech then silence: started at the speech minus the prefix padding, stopped after the silence duration', (t) => {
  const events = detect(turn(), 2400);
  t.is(events.length, 2);
  const [started, stopped] = events as [Extract<VadEvent, { kind: 'started' }>, Extract<VadEvent, { kind: 'stopped' }>];
  // the speech is at 500..1500 ms; a 20 ms frame of slack for the fade-in and -out
  t.true(Math.abs(started.audioStartMs - (500 - 300)) <= 20, `started at ${started.audioStartMs}`);
  t.true(Math.abs(stopped.audioEndMs - (1500 + 200)) <= 20, `stopped at ${stopped.audioEndMs}`);
});

test('the decisions rest on the samples alone: any chunking gives the same events', (t) => {
  const audio = turn();
  const whole = detect(audio, audio.length);
  t.deepEqual(detect(audio, 480), whole);
  t.deepEqual(detect(audio, 997), whole);
});

test('digital silence is never speech, and at threshold 1 the generator’s quiet voice is not either', (t) => {
  t.deepEqual(detect(new Int16Array(RATE * 2), 2400), []);
  t.deepEqual(detect(turn(), 2400, { ...SETTINGS, threshold: 1 }), []);
});
