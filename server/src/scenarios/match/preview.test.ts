import test from 'ava';
import { preview, quote, quoteList } from './preview.ts';

test('quote writes a short string as a JSON literal', (t) => {
  t.is(quote('What is the time?'), '"What is the time?"');
  t.is(quote('line\nbreak'), '"line\\nbreak"');
  t.is(quote(''), '""');
});

test('quote cuts a long string to about 80 characters with an ellipsis', (t) => {
  const quoted = quote('a'.repeat(10_000));
  t.true(quoted.length <= 82);
  t.true(quoted.endsWith('…"'));
  t.true(quoted.startsWith('"aaaa'));
});

test('quote never splits an escape or a surrogate pair when cutting', (t) => {
  const escapes = quote('\n'.repeat(200));
  t.true(escapes.length <= 82);
  t.regex(escapes, /^"(\\n)+…"$/);
  const emoji = quote('😀'.repeat(100));
  t.notThrows(() => JSON.parse(emoji));
  t.false((JSON.parse(emoji) as string).includes('\ufffd'));
  t.regex(JSON.parse(emoji) as string, /^(😀)+…$/u);
});

test('preview writes values as short JSON, absent for undefined', (t) => {
  t.is(preview(undefined), 'absent');
  t.is(preview(null), 'null');
  t.is(preview(0.5), '0.5');
  t.is(preview(true), 'true');
  t.is(preview('x'), '"x"');
  t.is(preview({ role: 'user', n: [1, 2] }), '{"role":"user","n":[1,2]}');
});

test('preview stops early on a large value', (t) => {
  const messages = Array.from({ length: 10_000 }, (_, i) => ({ role: 'user', content: `message ${i}` }));
  const text = preview(messages);
  t.true(text.length <= 80);
  t.true(text.startsWith('[{"role":"user","content":"message 0"}'));
  t.true(text.endsWith('…'));
});

test('quoteList joins quoted strings and cuts a long list', (t) => {
  t.is(quoteList(['get_time', 'lookup']), '"get_time", "lookup"');
  const long = quoteList(Array.from({ length: 50 }, (_, i) => `tool_${i}`));
  t.true(long.length <= 90);
  t.true(long.endsWith(', …'));
});
