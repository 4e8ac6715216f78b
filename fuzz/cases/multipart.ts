// multipart/form-data bodies for the audio operations: valid ones, and the ways a client gets them wrong.
import type { Draw } from './draw.ts';
import { edgeText } from './values.ts';

interface Part {
  name: string;
  value: Buffer | string;
  filename?: string;
  contentType?: string;
}

/** Half a second of 16 kHz mono silence as a WAV file: the smallest upload the service transcribes. */
export function silentWav(seconds = 0.5): Buffer {
  const samples = Math.round(16_000 * seconds);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + samples * 2, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(16_000, 24);
  header.writeUInt32LE(32_000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(samples * 2, 40);
  return Buffer.concat([header, Buffer.alloc(samples * 2)]);
}

const WAV = silentWav();

/** A transcription or translation form, mutated or not; returns the body, its content-type and what was done. */
export function audioForm(draw: Draw, mutate: boolean): { body: Buffer; contentType: string; note: string } {
  const boundary = `----fuzz${draw.word(8, 16)}`;
  const parts: Part[] = [{ name: 'file', value: WAV, filename: 'speech.wav', contentType: 'audio/wav' }];
  if (draw.chance(0.6)) parts.push({ name: 'response_format', value: draw.pick(['json', 'text', 'srt', 'verbose_json', 'vtt']) });
  if (draw.chance(0.2)) parts.push({ name: 'language', value: draw.pick(['en', 'fr']) });
  if (draw.chance(0.2)) parts.push({ name: 'prompt', value: 'a meeting' });
  if (draw.chance(0.2)) parts.push({ name: 'timestamp_granularities[]', value: 'word' });
  if (draw.chance(0.2)) parts.push({ name: 'model', value: 'whisper-1' });
  if (!mutate) return { body: encode(parts, boundary), contentType: `multipart/form-data; boundary=${boundary}`, note: '' };
  const [note, body] = draw.weighted<() => [string, Buffer]>([
    [2, () => ['no file', encode(parts.slice(1), boundary)]],
    [
      2,
      () => [
        'a text file',
        encode([{ name: 'file', value: 'not audio', filename: 'notes.txt', contentType: 'text/plain' }, ...parts.slice(1)], boundary),
      ],
    ],
    [
      1,
      () => [
        'an empty file',
        encode([{ name: 'file', value: Buffer.alloc(0), filename: 'a.wav', contentType: 'audio/wav' }, ...parts.slice(1)], boundary),
      ],
    ],
    [
      2,
      () => [
        'an odd field value',
        encode([...parts, { name: draw.pick(['response_format', 'temperature', 'language']), value: edgeText(draw, 4096) }], boundary),
      ],
    ],
    [
      1,
      () => [
        'an odd filename',
        encode([{ ...parts[0]!, filename: draw.pick(['../../etc/passwd', '\u0000.wav', 'é\ud800.wav', 'a'.repeat(5000)]) }], boundary),
      ],
    ],
    [
      2,
      () => [
        'over a thousand fields',
        encode([...parts, ...Array.from({ length: 1_500 }, (_, i) => ({ name: `f${i}`, value: 'x'.repeat(200) }))], boundary),
      ],
    ],
    [1, () => ['no closing boundary', encode(parts, boundary).subarray(0, -4)]],
    [1, () => ['cut short', encode(parts, boundary).subarray(0, draw.int(10, 200))]],
    [1, () => ['another boundary', encode(parts, `${boundary}x`)]],
    [1, () => ['invalid UTF-8 in a field', encode([...parts, { name: 'prompt', value: Buffer.from([0x61, 0xff, 0xfe, 0x62]) }], boundary)]],
  ])();
  return { body, contentType: `multipart/form-data; boundary=${boundary}`, note };
}

function encode(parts: readonly Part[], boundary: string): Buffer {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name="${part.name}"${part.filename === undefined ? '' : `; filename="${part.filename}"`}`;
    const type = part.contentType ? `\r\nContent-Type: ${part.contentType}` : '';
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}${type}\r\n\r\n`),
      Buffer.from(part.value),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(chunks);
}
