import test from 'ava';
import { serverEventText } from './server-event-text.ts';

test('an audio delta reads back as the same event JSON.stringify would have made', (t) => {
  const fields = {
    response_id: 'resp_1',
    item_id: 'item_"1"',
    output_index: 0,
    content_index: 0,
    delta: Buffer.from([1, 2, 250]).toString('base64'),
  };
  for (const type of ['response.output_audio.delta', 'response.audio.delta']) {
    const text = serverEventText(type, 'event_1', fields);
    t.deepEqual(JSON.parse(text), { type, event_id: 'event_1', ...fields });
  }
});

test('other events, a transcript delta among them, are plain JSON', (t) => {
  const fields = { delta: 'say "hi"\n' };
  t.is(
    serverEventText('response.output_audio_transcript.delta', 'event_2', fields),
    JSON.stringify({ type: 'response.output_audio_transcript.delta', event_id: 'event_2', ...fields }),
  );
  t.is(serverEventText('session.created', 'event_3', { session: {} }), '{"type":"session.created","event_id":"event_3","session":{}}');
});
