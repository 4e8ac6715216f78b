import test from 'ava';
import { clientEventKey } from './client-event-key.ts';
import { ReplayCursor, replayScript } from './replay-cursor.ts';
import type { RealtimeRecording, RecordedSessionEvent } from './session-recording.ts';

const say = (text: string, id = 'evt_1') => ({
  type: 'conversation.item.create',
  event_id: id,
  item: { id: `item_${id}`, type: 'message', role: 'user', content: [{ type: 'input_text', text }] },
});

function recording(file: string, events: RecordedSessionEvent[]): RealtimeRecording {
  return { version: 1, kind: 'realtime-session', name: 'default', deployment: 'gpt-realtime', flavor: 'ga', recordedAt: '', file, events };
}

const server = (offsetMs: number, type: string): RecordedSessionEvent => ({ offsetMs, from: 'server', event: { type } });
const client = (offsetMs: number, event: Record<string, unknown>): RecordedSessionEvent => ({
  offsetMs,
  from: 'client',
  event: event as RecordedSessionEvent['event'],
});

test('a client event is matched on its type and what its item says, not on ids or audio bytes', (t) => {
  t.is(clientEventKey(say('hello', 'evt_1')), clientEventKey(say('hello', 'evt_2')));
  t.not(clientEventKey(say('hello')), clientEventKey(say('goodbye')));
  t.is(
    clientEventKey({ type: 'input_audio_buffer.append', event_id: 'a', audio: 'AAAA' }),
    clientEventKey({ type: 'input_audio_buffer.append', event_id: 'b', audio: 'BBBBBBBB' }),
  );
  const output = (text: string) => ({
    type: 'conversation.item.create',
    item: { type: 'function_call_output', call_id: 'call_x', output: text },
  });
  t.not(clientEventKey(output('21 degrees')), clientEventKey(output('3 degrees')));
  t.is(
    clientEventKey(output('21 degrees')),
    clientEventKey({ ...output('21 degrees'), item: { ...output('21 degrees').item, call_id: 'call_y' } }),
  );
});

test('a recording is cut into what goes out on connect and the steps each client event sets off', (t) => {
  const script = replayScript(
    recording('a', [
      server(5, 'session.created'),
      client(10, say('hello')),
      server(12, 'conversation.item.added'),
      client(20, { type: 'response.create' }),
      server(25, 'response.created'),
      server(325, 'response.done'),
      { offsetMs: 400, from: 'client', close: { code: 1000, reason: '' } },
    ]),
  );
  t.deepEqual(
    script.opening.map((line) => (line.event as { type: string }).type),
    ['session.created'],
  );
  t.is(script.steps.length, 2);
  t.is(script.steps[1]!.atMs, 20);
  t.deepEqual(
    script.steps[1]!.follow.map((line) => line.offsetMs),
    [25, 325],
  );
  t.false(script.truncated);
});

test('recordings that share a beginning part ways where their clients did; a miss keeps the place and says what was expected', (t) => {
  const hello = client(10, say('hello'));
  const cursor = new ReplayCursor([
    replayScript(recording('first', [hello, server(11, 'one'), client(20, say('weather')), server(21, 'sunny')])),
    replayScript(recording('second', [hello, server(11, 'one'), client(20, say('news')), server(21, 'headlines')])),
  ]);
  t.like(cursor.take(clientEventKey(say('hello'))), { atMs: 10 });
  const miss = cursor.take(clientEventKey(say('sports')));
  t.true('miss' in miss);
  t.regex(
    (miss as { miss: string }).miss,
    /first expects conversation\.item\.create "weather" here, not conversation\.item\.create "sports"/,
  );
  const news = cursor.take(clientEventKey(say('news')));
  t.deepEqual('follow' in news ? news.follow.map((line) => (line.event as { type: string }).type) : [], ['headlines']);
  t.is(cursor.script?.file, 'second');
});

test('a recording cut at its size cap answers nothing after the cut, and says why', (t) => {
  const cursor = new ReplayCursor([
    replayScript(
      recording('big', [
        client(10, say('hello')),
        server(11, 'one'),
        { offsetMs: 12, from: 'server', truncated: true },
        client(20, say('more')),
      ]),
    ),
  ]);
  cursor.take(clientEventKey(say('hello')));
  const miss = cursor.take(clientEventKey(say('more')));
  t.regex((miss as { miss: string }).miss, /stops here: it reached record\.realtimeMaxBytes/);
});
