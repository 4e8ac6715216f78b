import test from 'ava';
import { audioFormat, audioMs, decodeAudio, encodeAudio, formatNames } from './audio-format.ts';

test('each flavor names its formats its own way', (t) => {
  t.is(audioFormat('preview', 'g711_ulaw')?.codec, 'g711_ulaw');
  t.is(audioFormat('ga', { type: 'audio/pcma' })?.codec, 'g711_alaw');
  t.is(audioFormat('ga', { type: 'audio/pcm', rate: 24000 })?.sampleRate, 24000);
  t.is(audioFormat('ga', 'pcm16'), undefined);
  t.is(audioFormat('preview', { type: 'audio/pcm' }), undefined);
  t.deepEqual(formatNames('preview'), ['pcm16', 'g711_ulaw', 'g711_alaw']);
});

test('pcm16 goes out little-endian and comes back unchanged', (t) => {
  const pcm = audioFormat('preview', 'pcm16')!;
  const samples = new Int16Array([0, 1, -1, 32767, -32768, 1234]);
  const bytes = encodeAudio(pcm, samples);
  t.deepEqual([...bytes.subarray(0, 4)], [0, 0, 1, 0]);
  t.deepEqual([...decodeAudio(pcm, bytes)], [...samples]);
  t.is(audioMs(pcm, 48000), 1000);
});

test('G.711 takes a byte a sample and keeps the level within its quantisation', (t) => {
  for (const name of ['g711_ulaw', 'g711_alaw']) {
    const format = audioFormat('preview', name)!;
    const samples = new Int16Array([0, 1000, -1000, 8000, -20000]);
    const bytes = encodeAudio(format, samples);
    t.is(bytes.length, samples.length);
    const back = decodeAudio(format, bytes);
    for (const [i, sample] of samples.entries()) t.true(Math.abs(back[i]! - sample) <= Math.abs(sample) / 16 + 16, `${name} ${sample}`);
    t.is(audioMs(format, 8000), 1000);
  }
});
