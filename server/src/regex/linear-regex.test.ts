import test from 'ava';
import { compileLinearRegex, RegexSyntaxError } from './index.ts';
import { anchoredAtStart, literalPrefix, unsupportedFeature } from './pattern-shape.ts';

/** Patterns and texts on which RE2 must give exactly what JavaScript's RegExp gives. */
const PARITY: Array<[string, boolean, string[]]> = [
  ['order (\\d+)', false, ['where is order 42?', 'no order here', 'order 1 and order 2']],
  ['(?<kind>order|ticket) (\\d+)(x)?', false, ['my ticket 7', 'order 9x', 'none']],
  ['weather in (?<city>[A-Z][a-z]+)(?: on (\\w+))?', true, ['What is the WEATHER in Paris on Monday', 'weather in rome']],
  ['^(hello|hi)\\b', true, ['Hi there', 'hello', 'oh hi', 'hijack']],
  ['^acme-(\\d+)$', false, ['acme-42', 'acme-42x', 'xacme-1']],
  ['\\u00e9t\\u00e9 (\\d{4})', false, ['été 2024', 'ete 2024']],
  ['a.c|x+y', false, ['abc', 'xxy', 'a\nc']],
  ['[^]+?end', false, ['the end', 'no']],
  ['(\\w+)@example\\.com', true, ['Ann@EXAMPLE.com', 'bob@example.org']],
  ['cat|dog', false, ['hotdog', 'category']],
  ['ab*c', false, ['xxac', 'xxabbbc', 'ab']],
  ['order', true, ['ORDER now', 'ſorder']],
];

test('groups, named groups, indexes and misses are those of RegExp', (t) => {
  for (const [source, ignoreCase, texts] of PARITY) {
    const linear = compileLinearRegex(source, { ignoreCase });
    const native = new RegExp(source, ignoreCase ? 'i' : '');
    for (const text of texts) {
      const expected = native.exec(text);
      const actual = linear.exec(text);
      const label = `${source} on ${JSON.stringify(text)}`;
      t.is(linear.test(text), expected !== null, label);
      t.deepEqual(actual && [...actual], expected && [...expected], label);
      t.is(actual?.index, expected?.index, label);
      t.deepEqual(actual?.groups && { ...actual.groups }, expected?.groups && { ...expected.groups }, label);
    }
  }
});

test('a nested repeat that takes RegExp 2^n steps is answered at once', (t) => {
  const nested = compileLinearRegex('^(a+)+$');
  t.false(nested.test(`${'a'.repeat(100_000)}!`));
  t.true(nested.test('a'.repeat(100_000)));
  t.is(compileLinearRegex('(x+x+)+y').exec(`${'x'.repeat(50_000)}`), null);
});

test('replaceAll reads $1, $<name>, $& and $$ as String.prototype.replace does', (t) => {
  const text = 'ann@example.com and bob@example.com';
  for (const replacement of ['$1@redacted', '$<user>', '[$&]', '$$', 'plain']) {
    const source = '(?<user>\\w+)@example\\.com';
    t.is(compileLinearRegex(source).replaceAll(text, replacement), text.replace(new RegExp(source, 'g'), replacement), replacement);
  }
});

test('what RE2 lacks is a RegexSyntaxError naming the feature; the rest is RE2s own reason', (t) => {
  const feature = (source: string) => {
    const error = t.throws(() => compileLinearRegex(source), { instanceOf: RegexSyntaxError });
    return error?.feature ?? error?.message;
  };
  for (const source of ['a(?=b)', 'a(?!b)', '(?<=a)b', '(?<!a)b']) t.is(feature(source), 'lookaround', source);
  for (const source of ['(a)\\1', '(?<x>a)\\k<x>']) t.is(feature(source), 'backreference', source);
  t.regex(String(feature('a{1001}')), /^RE2 cannot parse it: invalid repeat count/);
  t.regex(String(feature('(')), /^RE2 cannot parse it: missing closing \)/);
});

test('the shape of a pattern: what it lacks, whether it is anchored, the text it begins with', (t) => {
  t.is(unsupportedFeature('[(?=]x'), undefined);
  t.is(unsupportedFeature('[\\1]'), undefined);
  t.is(unsupportedFeature('[]\\1'), 'backreference');
  t.true(anchoredAtStart('^(a|b)c'));
  t.false(anchoredAtStart('^a|b'));
  t.false(anchoredAtStart('a^'));
  t.is(literalPrefix('order (\\d+)'), 'order ');
  t.is(literalPrefix('ab*c'), 'a');
  t.is(literalPrefix('ab+c'), 'ab');
  t.is(literalPrefix('a\\.b\\d'), 'a.b');
  t.is(literalPrefix('a|b'), '');
  t.is(literalPrefix('(?i)abc'), '');
  t.is(literalPrefix('\\d+'), '');
  t.is(literalPrefix('ab?'), 'a');
  t.is(literalPrefix('ab{2}'), 'a');
  t.is(literalPrefix('été'), '');
});
