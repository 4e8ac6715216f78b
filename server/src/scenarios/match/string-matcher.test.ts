import test from 'ava';
import { RegexHit } from './regex-hit.ts';
import { compileStringMatcher } from './string-matcher.ts';

test('a plain string must be equal', (t) => {
  const check = compileStringMatcher('deployment', 'gpt-4o');
  t.is(check('gpt-4o'), undefined);
  t.deepEqual(check('gpt-4o-mini'), { field: 'deployment', expected: '"gpt-4o"', actual: '"gpt-4o-mini"' });
  t.deepEqual(check('GPT-4o'), { field: 'deployment', expected: '"gpt-4o"', actual: '"GPT-4o"' });
  t.deepEqual(check(undefined), { field: 'deployment', expected: '"gpt-4o"', actual: 'absent' });
});

test('equals, contains and regex, with and without ignoreCase', (t) => {
  t.is(compileStringMatcher('f', { equals: 'Hello' })('Hello'), undefined);
  t.is(compileStringMatcher('f', { equals: 'Hello', ignoreCase: true })('hELLO'), undefined);
  t.is(compileStringMatcher('f', { contains: 'weather' })('the weather today'), undefined);
  t.deepEqual(compileStringMatcher('f', { contains: 'weather' })('The Weather'), {
    field: 'f',
    expected: 'contains "weather"',
    actual: '"The Weather"',
  });
  t.is(compileStringMatcher('f', { contains: 'weather', ignoreCase: true })('The WEATHER'), undefined);
  t.deepEqual(compileStringMatcher('f', { contains: 'weather', ignoreCase: true })('What is the time?'), {
    field: 'f',
    expected: 'contains "weather" (ignoring case)',
    actual: '"What is the time?"',
  });
  t.deepEqual(compileStringMatcher('f', { regex: '^order \\d+$' })('Order 12'), {
    field: 'f',
    expected: 'matches /^order \\d+$/',
    actual: '"Order 12"',
  });
  t.deepEqual(
    [...(compileStringMatcher('f', { regex: '^order (\\d+)$', ignoreCase: true })('Order 12') as RegexHit).captures],
    ['Order 12', '12'],
  );
});

test('every test given must hold, and the failure describes the whole matcher', (t) => {
  const check = compileStringMatcher('lastUserMessage', { contains: 'order', regex: 'order (\\d+)', ignoreCase: true });
  t.deepEqual([...(check('ORDER 7') as RegexHit).captures], ['ORDER 7', '7']);
  t.deepEqual(check('my order'), {
    field: 'lastUserMessage',
    expected: 'contains "order" and matches /order (\\d+)/ (ignoring case)',
    actual: '"my order"',
  });
  t.deepEqual(check('my 7'), {
    field: 'lastUserMessage',
    expected: 'contains "order" and matches /order (\\d+)/ (ignoring case)',
    actual: '"my 7"',
  });
});

test('exists: false holds only when absent; exists: true whenever present, even empty', (t) => {
  const absent = compileStringMatcher('testId', { exists: false });
  t.is(absent(undefined), undefined);
  t.deepEqual(absent('run-1'), { field: 'testId', expected: 'absent', actual: '"run-1"' });
  const present = compileStringMatcher('testId', { exists: true });
  t.is(present(''), undefined);
  t.deepEqual(present(undefined), { field: 'testId', expected: 'present', actual: 'absent' });
});

test('an absent value fails equals, contains and regex', (t) => {
  for (const matcher of [{ equals: 'x' }, { contains: 'x' }, { regex: 'x' }, { exists: true, contains: 'x' }]) {
    const verdict = compileStringMatcher('f', matcher)(undefined);
    t.is(verdict && !(verdict instanceof RegexHit) ? verdict.actual : undefined, 'absent', JSON.stringify(matcher));
  }
});

test('a regex holds with its captures, named groups included', (t) => {
  const captures = compileStringMatcher('f', { regex: 'order (?<id>\\d+)' })('where is order 123?');
  t.true(captures instanceof RegexHit);
  t.deepEqual([...(captures as RegexHit).captures], ['order 123', '123']);
  t.deepEqual((captures as RegexHit).captures.groups, { id: '123' });
});

test('an invalid regex never matches and says why, without throwing', (t) => {
  const check = compileStringMatcher('path', { regex: '(' });
  t.deepEqual(check('('), {
    field: 'path',
    expected: 'matches /(/, an invalid regular expression (RE2 cannot parse it: missing closing ): `(`)',
    actual: '"("',
  });
});

test('a matcher with only ignoreCase holds for anything', (t) => {
  const check = compileStringMatcher('f', { ignoreCase: true });
  t.is(check('x'), undefined);
  t.is(check(undefined), undefined);
});

test('a long actual value is cut', (t) => {
  const verdict = compileStringMatcher('lastUserMessage', 'short')('x'.repeat(5000));
  t.true(verdict !== undefined && !(verdict instanceof RegexHit) && verdict.actual.length <= 82);
});
