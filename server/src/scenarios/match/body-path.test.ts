import test from 'ava';
import { parseBodyPath, resolveBodyPath } from './body-path.ts';

const body = {
  temperature: 0.2,
  metadata: { tenant: 'acme', 'a.b': 1, '0': 'zero' },
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'Hi' },
  ],
  tools: [{ function: { name: 'get_time' } }, { function: { name: 'get_weather' } }],
};

function at(path: string): unknown {
  const segments = parseBodyPath(path);
  if (typeof segments === 'string') throw new Error(segments);
  return resolveBodyPath(body, segments);
}

test('dot and bracket paths parse to names and indexes', (t) => {
  t.deepEqual(parseBodyPath('temperature'), ['temperature']);
  t.deepEqual(parseBodyPath('messages[0].role'), ['messages', 0, 'role']);
  t.deepEqual(parseBodyPath('messages[-1].content'), ['messages', -1, 'content']);
  t.deepEqual(parseBodyPath('tools[1].function.name'), ['tools', 1, 'function', 'name']);
  t.deepEqual(parseBodyPath('metadata["a.b"]'), ['metadata', 'a.b']);
  t.deepEqual(parseBodyPath("metadata['a.b']"), ['metadata', 'a.b']);
  t.deepEqual(parseBodyPath('messages.1.role'), ['messages', 1, 'role']);
  t.deepEqual(parseBodyPath('m[0][1]'), ['m', 0, 1]);
});

test('a path is parsed once', (t) => {
  t.is(parseBodyPath('messages[0].role'), parseBodyPath('messages[0].role'));
});

test('malformed paths say what is wrong', (t) => {
  t.is(parseBodyPath(''), 'the path is empty');
  t.is(parseBodyPath('.a'), 'the path starts with "."');
  t.is(parseBodyPath('a..b'), 'unexpected "." at 1');
  t.is(parseBodyPath('a.'), 'unexpected "." at 1');
  t.is(parseBodyPath('a[0'), 'unexpected "[" at 1');
  t.is(parseBodyPath('a[x]'), 'unexpected "[" at 1');
  t.is(parseBodyPath('a[0]b'), 'expected "." before "b"');
  t.is(parseBodyPath('a.[0]'), 'unexpected "." before "[" at 1');
});

test('paths resolve into objects and arrays, negative indexes from the end', (t) => {
  t.is(at('temperature'), 0.2);
  t.is(at('metadata.tenant'), 'acme');
  t.is(at('metadata["a.b"]'), 1);
  t.is(at('metadata[0]'), 'zero');
  t.is(at('messages[0].role'), 'system');
  t.is(at('messages[-1].content'), 'Hi');
  t.is(at('messages[-2].role'), 'system');
  t.is(at('messages.1.role'), 'user');
  t.is(at('tools[1].function.name'), 'get_weather');
  t.deepEqual(at('messages[1]'), { role: 'user', content: 'Hi' });
});

test('missing steps and steps into the wrong kind of value are undefined', (t) => {
  t.is(at('top_p'), undefined);
  t.is(at('messages[2].role'), undefined);
  t.is(at('messages[-3].role'), undefined);
  t.is(at('messages.role'), undefined);
  t.is(at('temperature.value'), undefined);
  t.is(at('metadata.tenant.length'), undefined);
  t.is(resolveBodyPath(null, ['a']), undefined);
  t.is(resolveBodyPath('text', ['length']), undefined);
});

test('only own keys are reached, never the prototype', (t) => {
  t.is(at('constructor'), undefined);
  t.is(at('__proto__'), undefined);
  t.is(at('metadata.hasOwnProperty'), undefined);
  t.is(at('messages.length'), undefined);
});
