import type { UploadedFile } from '../../http/body.ts';

/**
 * How long an uploaded recording lasts, without decoding it: exact for WAV (from its header), otherwise
 * estimated from the size at a typical 128 kbit/s. Transcripts are sized to it.
 */
export function uploadDurationSeconds(file: UploadedFile): number {
  const head = file.head;
  if (head.length >= 44 && head.toString('ascii', 0, 4) === 'RIFF' && head.toString('ascii', 8, 12) === 'WAVE') {
    const byteRate = head.readUInt32LE(28);
    if (byteRate > 0) return round((file.size - 44) / byteRate);
  }
  return round(file.size / 16_000);
}

function round(seconds: number): number {
  return Math.max(0.1, Math.round(seconds * 100) / 100);
}
