import test from 'ava';
import type { LinearRegex, RegexMatch } from '../../regex/index.ts';
import { cachedRegex, capturesOf, describeRegex } from './regex-cache.ts';

test('a regex is compiled once per source and flags', (t) => {
  const first = cachedRegex('order (\\d+)', false);
  t.is(cachedRegex('order (\\d+)', false), first);
  t.not(cachedRegex('order (\\d+)', true), first);
  t.truthy((cachedRegex('order (\\d+)', true) as LinearRegex).exec('ORDER 7'));
  t.is((cachedRegex('order (\\d+)', false) as LinearRegex).exec('ORDER 7'), null);
});

test('an invalid regex gives its reason instead of throwing', (t) => {
  const invalid = cachedRegex('(', false);
  t.is(typeof invalid, 'string');
  t.is(cachedRegex('(', false), invalid);
  t.is(describeRegex('(', invalid), 'matches /(/, an invalid regular expression (RE2 cannot parse it: missing closing ): `(`)');
  t.is(describeRegex('a+', cachedRegex('a+', false)), 'matches /a+/');
});

test('captures hold the whole match, the groups, and named groups, with empty strings for groups that took no part', (t) => {
  const found = (cachedRegex('(?<kind>order|ticket) (\\d+)(x)?', false) as LinearRegex).exec('my order 42 please');
  t.truthy(found);
  const captures = capturesOf(found!);
  t.deepEqual([...captures], ['order 42', 'order', '42', '']);
  t.deepEqual(captures.groups, { kind: 'order' });
  t.is(capturesOf((cachedRegex('a', false) as LinearRegex).exec('a') as RegexMatch).groups, undefined);
});
