import test from 'ava';
import { canonicalJson, canonicalKey, createKeyer } from './canonical-key.ts';
import { compileBodyPaths, replaceAtPaths } from './body-path.ts';
import type { MatchableRequest } from './canonical-key.ts';

const chat = (body: MatchableRequest['body'], deployment = 'gpt-4o'): MatchableRequest => ({ operation: 'chat', deployment, body });

test('key order and whitespace do not change the key', (t) => {
  const a = chat(JSON.parse('{"messages":[{"role":"user","content":"Hi"}],"temperature":0}'));
  const b = chat(JSON.parse('{ "temperature": 0,\n  "messages": [ { "content": "Hi", "role": "user" } ] }'));
  t.is(canonicalKey(a), canonicalKey(b));
  t.regex(canonicalKey(a), /^[0-9a-f]{64}$/);
});

test('operation, deployment and every body value are part of the key', (t) => {
  const base = chat({ messages: [{ role: 'user', content: 'Hi' }] });
  const keys = new Set([
    canonicalKey(base),
    canonicalKey({ ...base, deployment: 'gpt-4o-mini' }),
    canonicalKey({ ...base, operation: 'completions' }),
    canonicalKey(chat({ messages: [{ role: 'user', content: 'Hi!' }] })),
    canonicalKey(chat({ messages: [{ role: 'user', content: 'Hi' }], temperature: 0 })),
  ]);
  t.is(keys.size, 5);
});

test('stream never counts, and user and stream_options are ignored by default (the schema default)', (t) => {
  const plain = chat({ messages: [] });
  const streamed = chat({ messages: [], stream: true, stream_options: { include_usage: true }, user: 'alice' });
  t.is(canonicalKey(plain), canonicalKey(streamed));
  t.is(canonicalJson(streamed), '{"body":{"messages":[]},"deployment":"gpt-4o","operation":"chat"}');
});

test('ignored fields may be nested, use * for any key or index, or be JSON pointers', (t) => {
  const keyer = createKeyer({ ignoreFields: ['metadata.trace', 'messages.*.name', '/a.b'] });
  const one = chat({ messages: [{ role: 'user', content: 'Hi', name: 'x' }], metadata: { trace: '1', team: 'a' }, 'a.b': 1 });
  const two = chat({ messages: [{ role: 'user', content: 'Hi', name: 'y' }], metadata: { trace: '2', team: 'a' }, 'a.b': 2 });
  t.is(keyer.key(one), keyer.key(two));
  t.deepEqual(keyer.body(one), { messages: [{ content: 'Hi', role: 'user' }], metadata: { team: 'a' } });
  // with no ignored fields, user is part of the key again
  t.not(createKeyer({ ignoreFields: [] }).key(chat({ user: 'a' })), createKeyer({ ignoreFields: [] }).key(chat({ user: 'b' })));
});

test('an uploaded file is matched by its content, not its name', (t) => {
  const audio = (filename: string, sha256: string): MatchableRequest => ({
    operation: 'transcriptions',
    deployment: 'whisper',
    body: { file: { filename, sha256, size: 10 }, response_format: 'json' },
  });
  const digest = 'a'.repeat(64);
  t.is(canonicalKey(audio('/tmp/x1.wav', digest)), canonicalKey(audio('/tmp/x2.wav', digest)));
  t.not(canonicalKey(audio('x.wav', digest)), canonicalKey(audio('x.wav', 'b'.repeat(64))));
});

test('values keep their exact text: content whitespace and number values matter', (t) => {
  t.not(canonicalKey(chat({ prompt: 'Hi ' })), canonicalKey(chat({ prompt: 'Hi' })));
  t.is(canonicalKey(chat({ temperature: 1 })), canonicalKey(chat({ temperature: 1.0 })));
  t.not(canonicalKey(chat({ temperature: 1 })), canonicalKey(chat({ temperature: '1' })));
});

test('replaceAtPaths copies only what it changes', (t) => {
  const body = { messages: [{ role: 'user', content: 'secret' }], model: 'm' };
  const redacted = replaceAtPaths(body, compileBodyPaths(['messages.*.content']), 'REDACTED');
  t.deepEqual(redacted, { messages: [{ role: 'user', content: 'REDACTED' }], model: 'm' });
  t.is(body.messages[0]!.content, 'secret');
  t.is(replaceAtPaths(body, compileBodyPaths(['absent.path']), 'REDACTED'), body);
});
