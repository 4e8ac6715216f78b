import test from 'ava';
import { parseBuffer } from 'music-metadata';
import { toFile } from 'openai';
import { azureClient, PREVIEW_API_VERSION } from '../../test-support/clients.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';

/** A WAV file of `seconds` of silence at 16 kHz mono, as a recording an app would upload. */
function wav(seconds: number): Buffer {
  const samples = Math.round(seconds * 16000);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples * 2, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16000, 24);
  header.writeUInt32LE(32000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples * 2, 40);
  return Buffer.concat([header, Buffer.alloc(samples * 2)]);
}

test('transcription: json by default, the same file always gives the same text', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'whisper' });
  const file = () => toFile(wav(4), 'meeting.wav', { type: 'audio/wav' });
  const a = await client.audio.transcriptions.create({ model: 'whisper', file: await file() });
  const b = await client.audio.transcriptions.create({ model: 'whisper', file: await file() });
  t.true(a.text.length > 10);
  t.is(a.text, b.text);
});

test('transcription: verbose_json has segments spanning the duration; text, srt and vtt are plain text', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'whisper' });
  const verbose = await client.audio.transcriptions.create({
    model: 'whisper',
    file: await toFile(wav(6), 'a.wav'),
    response_format: 'verbose_json',
    timestamp_granularities: ['word', 'segment'],
  });
  t.is(verbose.duration, 6);
  t.is(verbose.language, 'english');
  t.is(verbose.segments?.[0]?.start, 0);
  t.is(verbose.segments?.[verbose.segments.length - 1]?.end, 6);
  t.true((verbose.words?.length ?? 0) > 3);

  const text = await client.audio.transcriptions.create({ model: 'whisper', file: await toFile(wav(6), 'a.wav'), response_format: 'text' });
  t.is(typeof text, 'string');
  t.is(text, `${verbose.text}\n`);
  const srt = await client.audio.transcriptions.create({ model: 'whisper', file: await toFile(wav(6), 'a.wav'), response_format: 'srt' });
  t.regex(srt as unknown as string, /^1\n00:00:00,000 --> 00:00:\d\d,\d{3}\n/);
  const vtt = await client.audio.transcriptions.create({ model: 'whisper', file: await toFile(wav(6), 'a.wav'), response_format: 'vtt' });
  t.regex(vtt as unknown as string, /^WEBVTT\n\n00:00:00\.000 --> /);
});

test('translation answers in English; an unsupported file type is a clear 400', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'whisper' });
  const translation = await client.audio.translations.create({ model: 'whisper', file: await toFile(wav(2), 'a.wav') });
  t.true(translation.text.length > 0);
  const error = await t.throwsAsync(
    client.audio.transcriptions.create({ model: 'whisper', file: await toFile(Buffer.from('hello'), 'notes.txt') }),
  );
  t.is((error as { status?: number }).status, 400);
  t.regex((error as Error).message, /Invalid file format/);
});

test('speech: a valid audio file of every format, as long as the text takes to say', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'tts', apiVersion: PREVIEW_API_VERSION });
  const input = 'The quick brown fox jumps over the lazy dog, and then it runs into the forest to rest for a while.';
  const expected: Record<string, { mime: string; container: RegExp }> = {
    mp3: { mime: 'audio/mpeg', container: /MPEG/ },
    opus: { mime: 'audio/ogg', container: /Ogg/ },
    aac: { mime: 'audio/aac', container: /ADTS/ },
    flac: { mime: 'audio/flac', container: /FLAC/ },
    wav: { mime: 'audio/wav', container: /WAVE/ },
  };
  for (const [format, { mime, container }] of Object.entries(expected)) {
    const response = await client.audio.speech.create({ model: 'tts', voice: 'alloy', input, response_format: format as 'mp3' });
    t.is(response.headers.get('content-type'), mime, format);
    const audio = Buffer.from(await response.arrayBuffer());
    const metadata = await parseBuffer(audio, { mimeType: mime }, { duration: true });
    t.regex(metadata.format.container ?? '', container, format);
    t.true((metadata.format.duration ?? 0) > 4 && (metadata.format.duration ?? 0) < 12, `${format}: ${metadata.format.duration}`);
  }
  const pcm = await client.audio.speech.create({ model: 'tts', voice: 'alloy', input, response_format: 'pcm' });
  t.is((await pcm.arrayBuffer()).byteLength % 2, 0);
});

test('speech: an unsupported format or voice is a 400 naming the parameter', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'tts', apiVersion: PREVIEW_API_VERSION });
  const format = await t.throwsAsync(
    client.audio.speech.create({ model: 'tts', voice: 'alloy', input: 'hi', response_format: 'ogg' as 'mp3' }),
  );
  t.is((format as { param?: string }).param, 'response_format');
  const voice = await t.throwsAsync(client.audio.speech.create({ model: 'tts', voice: 'robot' as 'alloy', input: 'hi' }));
  t.is((voice as { param?: string }).param, 'voice');
});
