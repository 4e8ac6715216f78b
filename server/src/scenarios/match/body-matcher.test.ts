import test from 'ava';
import { RegexHit } from './regex-hit.ts';
import type { BodyMatcher } from '../../generated/scenarios.ts';
import { compileBodyMatcher } from './body-matcher.ts';
import type { Verdict } from './types.ts';

const body = {
  stream: true,
  temperature: 0.7,
  metadata: { tenant: 'acme' },
  stop: ['END', 'STOP'],
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'order 42 please' },
  ],
  tools: [{ type: 'function', function: { name: 'get_weather' } }],
};

/** The generated type narrows equals and contains to objects; the schema allows any JSON value. */
function judge(matcher: Record<string, unknown> & { path: string }, on: unknown = body): Verdict {
  return compileBodyMatcher(`body.${matcher.path}`, matcher as BodyMatcher)(on);
}

test('equals compares deeply', (t) => {
  t.is(judge({ path: 'stream', equals: true }), undefined);
  t.is(judge({ path: 'messages[0]', equals: { content: 'Be brief.', role: 'system' } }), undefined);
  t.is(judge({ path: 'stop', equals: ['END', 'STOP'] }), undefined);
  t.deepEqual(judge({ path: 'stream', equals: false }), { field: 'body.stream', expected: 'false', actual: 'true' });
  t.deepEqual(judge({ path: 'messages[0].role', equals: 'user' }), {
    field: 'body.messages[0].role',
    expected: '"user"',
    actual: '"system"',
  });
  t.deepEqual(judge({ path: 'temperature', equals: '0.7' }), { field: 'body.temperature', expected: '"0.7"', actual: '0.7' });
});

test('contains: a substring, an array element, or an object key', (t) => {
  t.is(judge({ path: 'messages[-1].content', contains: 'order' }), undefined);
  t.is(judge({ path: 'stop', contains: 'END' }), undefined);
  t.is(judge({ path: 'messages', contains: { role: 'user', content: 'order 42 please' } }), undefined);
  t.is(judge({ path: 'metadata', contains: 'tenant' }), undefined);
  t.deepEqual(judge({ path: 'stop', contains: 'DONE' }), { field: 'body.stop', expected: 'contains "DONE"', actual: '["END","STOP"]' });
  t.deepEqual(judge({ path: 'metadata', contains: 'region' }), {
    field: 'body.metadata',
    expected: 'contains "region"',
    actual: '{"tenant":"acme"}',
  });
  t.truthy(judge({ path: 'temperature', contains: 0.7 }));
  t.truthy(judge({ path: 'messages[-1].content', contains: 42 }));
});

test('regex matches strings only, with captures', (t) => {
  const captures = judge({ path: 'messages[-1].content', regex: 'order (?<id>\\d+)' });
  t.true(captures instanceof RegexHit);
  t.deepEqual([...(captures as RegexHit).captures], ['order 42', '42']);
  t.deepEqual((captures as RegexHit).captures.groups, { id: '42' });
  t.deepEqual(judge({ path: 'temperature', regex: '0\\.7' }), { field: 'body.temperature', expected: 'matches /0\\.7/', actual: '0.7' });
  t.deepEqual(judge({ path: 'metadata.tenant', regex: '(' }), {
    field: 'body.metadata.tenant',
    expected: 'matches /(/, an invalid regular expression (RE2 cannot parse it: missing closing ): `(`)',
    actual: '"acme"',
  });
});

test('exists, and a bare path meaning present', (t) => {
  t.is(judge({ path: 'tools[0].function.name', exists: true }), undefined);
  t.is(judge({ path: 'top_p', exists: false }), undefined);
  t.is(judge({ path: 'stream' }), undefined);
  t.deepEqual(judge({ path: 'top_p' }), { field: 'body.top_p', expected: 'present', actual: 'absent' });
  t.deepEqual(judge({ path: 'stream', exists: false }), { field: 'body.stream', expected: 'absent', actual: 'true' });
  t.is(judge({ path: 'seed', exists: true }, { seed: null }), undefined, 'null is present');
});

test('bounds compare numbers only', (t) => {
  t.is(judge({ path: 'temperature', gt: 0.5, lte: 1 }), undefined);
  t.deepEqual(judge({ path: 'temperature', lt: 0.5 }), { field: 'body.temperature', expected: '< 0.5', actual: '0.7' });
  t.deepEqual(judge({ path: 'temperature', gte: 0 }, { temperature: '0.7' }), {
    field: 'body.temperature',
    expected: '>= 0',
    actual: '"0.7"',
  });
  t.deepEqual(judge({ path: 'max_tokens', gte: 1 }), { field: 'body.max_tokens', expected: '>= 1', actual: 'absent' });
});

test('several tests in one matcher must all hold', (t) => {
  t.is(judge({ path: 'messages[-1].content', exists: true, contains: 'order', regex: '\\d+' }) !== undefined, true);
  t.deepEqual(judge({ path: 'messages[-1].content', contains: 'order', regex: '^\\d+$' }), {
    field: 'body.messages[-1].content',
    expected: 'contains "order" and matches /^\\d+$/',
    actual: '"order 42 please"',
  });
});

test('an absent value fails every test but exists: false', (t) => {
  for (const matcher of [{ equals: null }, { contains: 'x' }, { regex: '.*' }, { gte: 0 }]) {
    const verdict = judge({ path: 'nothing.here', ...matcher });
    t.is(verdict && !(verdict instanceof RegexHit) ? verdict.actual : undefined, 'absent', JSON.stringify(matcher));
  }
});

test('an invalid path never matches and says why', (t) => {
  t.deepEqual(judge({ path: 'messages[', exists: false }), {
    field: 'body.messages[',
    expected: 'absent (invalid path: unexpected "[" at 8)',
    actual: 'absent',
  });
});

test('malformed bodies fail without throwing', (t) => {
  for (const malformed of [null, undefined, 'text', 42, [], { messages: 'not a list' }, { messages: [null, 3] }]) {
    t.notThrows(() => judge({ path: 'messages[0].role', equals: 'user' }, malformed));
    t.truthy(judge({ path: 'messages[0].role', equals: 'user' }, malformed));
  }
});
