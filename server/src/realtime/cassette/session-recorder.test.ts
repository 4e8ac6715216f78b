import test from 'ava';
import { readFile } from 'node:fs/promises';
import { tempTree } from '../../test-support/temp-tree.ts';
import { SessionRecorder } from './session-recorder.ts';
import { parseRecording } from './session-recording.ts';

const HEADER = {
  version: 1 as const,
  kind: 'realtime-session' as const,
  name: 'a test/with spaces',
  deployment: 'gpt-realtime',
  flavor: 'ga' as const,
  recordedAt: '2025-01-01T00:00:00.000Z',
};

test('each session gets a file of its own, and a recording stops at its size cap with a truncated line', async (t) => {
  const dir = await tempTree(t, {});
  const first = SessionRecorder.open(dir, HEADER, 1024, (text) => text.replaceAll('secret-value', 'REDACTED'));
  const second = SessionRecorder.open(dir, HEADER, 1024, (text) => text);
  t.true(first.file.endsWith('a-test-with-spaces-1.realtime.jsonl'));
  t.true(second.file.endsWith('a-test-with-spaces-2.realtime.jsonl'));
  first.message('client', Buffer.from(JSON.stringify({ type: 'session.update', note: 'secret-value' })), false);
  first.message('server', Buffer.from([1, 2, 3]), true);
  for (let i = 0; i < 100; i++)
    first.message('server', Buffer.from(JSON.stringify({ type: 'response.output_audio.delta', delta: 'A'.repeat(100) })), false);
  first.closed('client', 1000, '');
  first.end();
  second.end();
  t.true(first.truncated);
  const text = await readFile(first.file, 'utf8');
  t.true(Buffer.byteLength(text) <= 1024 + 100, `${Buffer.byteLength(text)} bytes`);
  const recording = parseRecording(text, first.file);
  t.like(recording.events[0], { from: 'client', event: { type: 'session.update', note: 'REDACTED' } });
  t.like(recording.events[1], { from: 'server', binary: Buffer.from([1, 2, 3]).toString('base64') });
  t.like(recording.events.at(-1), { truncated: true });
  t.is(recording.events.filter((line) => line.close).length, 0, 'nothing after the cut');
});

test('a recording whose last line a kill cut short reads up to it', (t) => {
  const text = `${JSON.stringify(HEADER)}\n${JSON.stringify({ offsetMs: 1, from: 'server', event: { type: 'session.created' } })}\n{"offsetMs":2,"fro`;
  t.is(parseRecording(text, 'x').events.length, 1);
  t.throws(() => parseRecording('{"kind":"something else"}\n', 'x'), { message: /x:1: not a realtime recording/ });
});
