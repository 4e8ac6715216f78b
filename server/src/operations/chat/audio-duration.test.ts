import test from 'ava';
import { renderSpeech } from '../../generate/media/index.ts';
import { mp3DurationMs, wavDurationMs } from './audio-duration.ts';

test('a WAV file plays for its data bytes over its byte rate', (t) => {
  const { audio } = renderSpeech({ format: 'wav', durationMs: 2500, seed: 1 });
  t.is(wavDurationMs(audio), 2500);
});

test('a WAV file with a chunk before `fmt ` and a data size left open still plays to its end', (t) => {
  const { audio } = renderSpeech({ format: 'wav', durationMs: 1000, seed: 2 });
  const list = Buffer.concat([Buffer.from('LIST', 'latin1'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc\0', 'latin1')]);
  const withList = Buffer.concat([audio.subarray(0, 12), list, audio.subarray(12)]);
  withList.writeUInt32LE(0xffffffff, 12 + list.length + 24 + 4);
  t.is(wavDurationMs(withList), 1000);
});

test('what is not a WAV file has no WAV duration', (t) => {
  t.is(wavDurationMs(Buffer.from('hello world, not audio')), undefined);
  t.is(wavDurationMs(Buffer.alloc(0)), undefined);
});

test("the simulator's own MP3 (MPEG-2 Layer III, 24 kHz) plays for its frames", (t) => {
  const { audio } = renderSpeech({ format: 'mp3', durationMs: 2400, seed: 1 });
  t.is(mp3DurationMs(audio), 2400);
});

test('MPEG-1 Layer III frames after an ID3v2 tag, with padding, and a trailing ID3v1 tag', (t) => {
  // 128 kbit/s at 44.1 kHz: 417 bytes a frame, 418 with padding, 1152 samples each
  const frame = (padding: number) => {
    const bytes = Buffer.alloc(417 + padding);
    bytes.set([0xff, 0xfb, 0x90 | (padding << 1), 0x64]);
    return bytes;
  };
  const id3 = Buffer.concat([Buffer.from('ID3', 'latin1'), Buffer.from([4, 0, 0, 0, 0, 0, 1, 0]), Buffer.alloc(128)]);
  const mp3 = Buffer.concat([id3, frame(0), frame(1), frame(0), Buffer.from('TAG', 'latin1'), Buffer.alloc(125)]);
  t.is(mp3DurationMs(mp3), (3 * 1152 * 1000) / 44100);
});

test('bytes with no MPEG frame have no MP3 duration', (t) => {
  t.is(mp3DurationMs(Buffer.from('RIFF....WAVEfmt ')), undefined);
  t.is(mp3DurationMs(Buffer.alloc(0)), undefined);
});
