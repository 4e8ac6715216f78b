import test from 'ava';
import { chatInteraction, chatRequest } from './fixtures.ts';
import { compileSanitizer, sanitizeInteraction } from './sanitize.ts';
import type { Interaction } from './cassette-types.ts';

const KEY = '0123456789abcdef0123456789abcdef';

function leaky(): Interaction {
  const interaction = chatInteraction(
    chatRequest(`my key is ${KEY}, mail me at ann@example.com`, { user: 'ann@example.com' }),
    `Noted: ${KEY}`,
  );
  interaction.response.headers = {
    ...interaction.response.headers,
    'Set-Cookie': 'session=abc',
    'api-key': KEY,
    authorization: `Bearer ${KEY}`,
    'x-ms-region': 'East US',
    'x-internal-trace': 'trace-1',
  };
  return interaction;
}

test('credential headers are dropped and the upstream key is removed from every string, with no rules at all', (t) => {
  const clean = sanitizeInteraction(leaky(), {}, [KEY]);
  t.deepEqual(Object.keys(clean.response.headers).sort(), ['content-type', 'x-internal-trace', 'x-ms-region']);
  t.false(JSON.stringify(clean).includes(KEY));
  t.true(JSON.stringify(clean.request.body).includes('my key is REDACTED'));
});

test('declared header names, body paths and patterns are applied to request and response', (t) => {
  const clean = sanitizeInteraction(leaky(), {
    headers: ['X-Internal-Trace'],
    bodyPaths: ['user', 'id', 'messages.*.role'],
    patterns: [{ regex: '[\\w.+-]+@[\\w-]+\\.[\\w.]+' }, { regex: 'Noted', replacement: 'Seen' }],
  });
  t.is(clean.response.headers['x-internal-trace'], 'REDACTED');
  t.is(clean.request.body.user, 'REDACTED');
  t.deepEqual(clean.request.body.messages, [{ role: 'REDACTED', content: `my key is ${KEY}, mail me at REDACTED` }]);
  const body = clean.response.body as { id: string; choices: { message: { content: string } }[] };
  t.is(body.id, 'REDACTED');
  t.is(body.choices[0]!.message.content, `Seen: ${KEY}`);
});

test('stream events are sanitized too, re-serialised only where a body path matched', (t) => {
  const streamed = chatInteraction(chatRequest('Hi'), 'Call ann@example.com now', true);
  const clean = compileSanitizer({ bodyPaths: ['system_fingerprint'], patterns: [{ regex: 'ann@example\\.com' }] })(streamed);
  const data = clean.response.chunks!.map((chunk) => chunk.data);
  t.is(data.join('').includes('ann@example.com'), false);
  t.true(data.some((line) => line.includes('"content":" REDACTED"')));
  t.true(data.filter((line) => line.includes('system_fingerprint')).every((line) => line.includes('"system_fingerprint":"REDACTED"')));
  t.is(data.at(-1), '[DONE]');
  // a chunk no path touched keeps its exact bytes
  t.is(clean.response.chunks![0]!.data, streamed.response.chunks![0]!.data);
});

test('binary bodies are kept as they are; the input is never modified', (t) => {
  const speech: Interaction = {
    ...chatInteraction(chatRequest(KEY), 'x'),
    response: { status: 200, headers: { 'content-type': 'audio/mpeg' }, body: { base64: 'SUQz', contentType: 'audio/mpeg' } },
  };
  const before = JSON.stringify(speech);
  const clean = sanitizeInteraction(speech, { patterns: [{ regex: 'SUQz' }] }, [KEY]);
  t.deepEqual(clean.response.body, { base64: 'SUQz', contentType: 'audio/mpeg' });
  t.is(JSON.stringify(speech), before);
});

test('short secrets are not hunted (they would shred the text), and a bad pattern is a clear error', (t) => {
  t.is(
    (sanitizeInteraction(chatInteraction(chatRequest('a cat'), 'cat'), {}, ['cat']).request.body.messages as { content: string }[])[0]!
      .content,
    'a cat',
  );
  t.throws(() => compileSanitizer({ patterns: [{ regex: '(' }] }), {
    message: /record\.sanitize\.patterns: "\(" is not a regular expression RE2 can run/,
  });
});

test('patterns run in time linear in the text, and replacements read $1, $<name> and $& as String.replace does', (t) => {
  const content = (interaction: Interaction) => (interaction.request.body.messages as { content: string }[])[0]!.content;
  // JavaScript's RegExp takes 2^50 steps to find that this does not match
  const nested = sanitizeInteraction(chatInteraction(chatRequest(`${'a'.repeat(50)}!`), 'ok'), { patterns: [{ regex: '^(a+)+$' }] });
  t.is(content(nested), `${'a'.repeat(50)}!`);
  const patterns = [
    { regex: '(?<user>\\w+)@example\\.com', replacement: '$<user>@redacted' },
    { regex: 'order (\\d+)', replacement: 'order #$1 ($&)' },
  ];
  t.is(
    content(sanitizeInteraction(chatInteraction(chatRequest('ann@example.com: order 42'), 'ok'), { patterns })),
    'ann@redacted: order #42 (order 42)',
  );
});
