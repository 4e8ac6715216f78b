import test from 'ava';
import { speechSamples, SpeechStream } from './speech-samples.ts';

test('a stream taken a piece at a time gives the samples speechSamples gives at once', (t) => {
  const whole = speechSamples(30_000, 24000, 9);
  const stream = new SpeechStream(24000, 9);
  const pieces = [2400, 2400, 7, 15_000, 10_193].map((count) => stream.take(count, whole.length));
  t.deepEqual(Int16Array.from(pieces.flatMap((piece) => [...piece])), whole);
});

test('a stream that skips a piece, told the oscillator another stream had after it, goes on with the same samples', (t) => {
  const maker = new SpeechStream(8000, 4);
  maker.take(800, Number.POSITIVE_INFINITY);
  const after = maker.phasor;
  const next = maker.take(8000, Number.POSITIVE_INFINITY);
  const skipper = new SpeechStream(8000, 4);
  skipper.skip(800, after);
  t.deepEqual(skipper.take(8000, Number.POSITIVE_INFINITY), next);
  t.is(skipper.taken, 8800);
});
