import test from 'ava';
import { parseBuffer } from 'music-metadata';
import { renderSpeech } from './speech.ts';
import { MAX_SPEECH_MS, SPEECH_FORMATS, type SpeechFormat } from './speech-format.ts';

/** What music-metadata must report, and the length of one frame, the slack allowed besides 10%. */
const EXPECTED: Record<Exclude<SpeechFormat, 'pcm'>, { container: RegExp; codec: RegExp; sampleRate: number; frameMs: number }> = {
  mp3: { container: /^MPEG$/, codec: /MPEG 2 Layer 3/, sampleRate: 24000, frameMs: 24 },
  opus: { container: /^Ogg$/, codec: /^Opus$/, sampleRate: 24000, frameMs: 20 },
  aac: { container: /^ADTS/, codec: /^AAC$/, sampleRate: 24000, frameMs: 1024 / 24 },
  flac: { container: /^FLAC$/, codec: /^FLAC$/, sampleRate: 24000, frameMs: 4096 / 24 },
  wav: { container: /^WAVE$/, codec: /^PCM$/, sampleRate: 24000, frameMs: 0 },
};

/**
 * music-metadata 12.1 subtracts a chunk's size from the bytes left before comparing the two, so it gives this
 * warning for every WAV whose data chunk is the last one, ffmpeg's included.
 */
const SPURIOUS_WAV_WARNING = 'Data chunk size exceeds file size';

for (const [format, expected] of Object.entries(EXPECTED) as [Exclude<SpeechFormat, 'pcm'>, (typeof EXPECTED)['mp3']][]) {
  for (const durationMs of [500, 2000, 10_000]) {
    test(`music-metadata reads ${format} of ${durationMs} ms as written`, async (t) => {
      const { audio, contentType } = renderSpeech({ format, durationMs, seed: 3 });
      const { format: parsed, quality } = await parseBuffer(audio, { mimeType: contentType, size: audio.length }, { duration: true });
      t.regex(parsed.container ?? '', expected.container);
      t.regex(parsed.codec ?? '', expected.codec);
      t.is(parsed.sampleRate, expected.sampleRate);
      t.is(parsed.numberOfChannels, 1);
      t.is(typeof parsed.duration, 'number');
      const slackMs = Math.max(durationMs * 0.1, expected.frameMs);
      t.true(Math.abs((parsed.duration ?? 0) * 1000 - durationMs) <= slackMs, `${parsed.duration} s`);
      t.deepEqual(
        quality.warnings.filter((warning) => !(format === 'wav' && warning.message === SPURIOUS_WAV_WARNING)),
        [],
      );
    });
  }
}

test('lossless formats report the exact duration', async (t) => {
  for (const format of ['wav', 'flac'] as const) {
    const { audio, contentType } = renderSpeech({ format, durationMs: 1234, seed: 3 });
    const { format: parsed } = await parseBuffer(audio, { mimeType: contentType }, { duration: true });
    t.is(parsed.duration, 1.234, format);
    t.is(parsed.bitsPerSample, 16, format);
  }
});

test('opus trims to the exact duration through the final granule position', async (t) => {
  const { audio, contentType } = renderSpeech({ format: 'opus', durationMs: 1234, seed: 3 });
  const { format: parsed } = await parseBuffer(audio, { mimeType: contentType }, { duration: true });
  t.is(parsed.duration, 1.234);
});

test('pcm is the wav payload without its header: 24 kHz, 16-bit, mono', (t) => {
  for (const durationMs of [500, 2000, 10_000]) {
    const pcm = renderSpeech({ format: 'pcm', durationMs, seed: 4 }).audio;
    const wav = renderSpeech({ format: 'wav', durationMs, seed: 4 }).audio;
    t.is(pcm.length, ((durationMs * 24000) / 1000) * 2);
    t.true(wav.subarray(44).equals(pcm));
  }
});

test('content types are the ones the service sends', (t) => {
  const types = Object.fromEntries(
    SPEECH_FORMATS.map((format) => [format, renderSpeech({ format, durationMs: 100, seed: 1 }).contentType]),
  );
  t.deepEqual(types, { mp3: 'audio/mpeg', opus: 'audio/ogg', aac: 'audio/aac', flac: 'audio/flac', wav: 'audio/wav', pcm: 'audio/pcm' });
});

test('the same seed gives identical bytes in every format', (t) => {
  for (const format of SPEECH_FORMATS) {
    const first = renderSpeech({ format, durationMs: 1500, seed: 11 }).audio;
    t.true(first.equals(renderSpeech({ format, durationMs: 1500, seed: 11 }).audio), format);
  }
});

test('the seed changes the voice', (t) => {
  t.false(
    renderSpeech({ format: 'pcm', durationMs: 1000, seed: 1 }).audio.equals(
      renderSpeech({ format: 'pcm', durationMs: 1000, seed: 2 }).audio,
    ),
  );
});

test('the voice is audible but soft, and fades in and out', (t) => {
  const pcm = renderSpeech({ format: 'pcm', durationMs: 5000, seed: 8 }).audio;
  let peak = 0;
  for (let i = 0; i < pcm.length; i += 2) peak = Math.max(peak, Math.abs(pcm.readInt16LE(i)));
  t.true(peak > 1000, `peak ${peak}`);
  t.true(peak < 32768 / 8, `peak ${peak}`); // below -18 dBFS
  t.is(pcm.readInt16LE(0), 0);
  t.is(pcm.readInt16LE(pcm.length - 2), 0);
});

test('a zero duration still gives a valid file in every format', async (t) => {
  for (const format of SPEECH_FORMATS) {
    const { audio } = renderSpeech({ format, durationMs: 0, seed: 1 });
    t.true(format === 'pcm' ? audio.length === 0 : audio.length > 0, format);
  }
});

test('rejects durations that are negative, not finite or too long', (t) => {
  for (const durationMs of [-1, Number.NaN, Number.POSITIVE_INFINITY, MAX_SPEECH_MS + 1]) {
    t.throws(() => renderSpeech({ format: 'wav', durationMs, seed: 1 }), { instanceOf: RangeError });
  }
});
