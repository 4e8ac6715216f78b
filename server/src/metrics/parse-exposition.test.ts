import test from 'ava';
import { parseExposition, sampleValue } from './parse-exposition.ts';

test('samples, with escaped label values, special values and timestamps; TYPE and HELP per family', (t) => {
  const e = parseExposition(
    [
      '# HELP x_total A help with a \\\\ and a \\n.',
      '# TYPE x_total counter',
      'x_total{a="1",b="q\\"uote\\\\back\\nline"} 3',
      'x_total{a="2",} 4.5 1700000000000',
      '# a plain comment',
      '',
      'y NaN',
      'y{s="+"} +Inf',
      'y{s="-"} -Inf',
      'z{} 1e3',
    ].join('\n'),
  );
  t.is(e.types.get('x_total'), 'counter');
  t.is(e.help.get('x_total'), 'A help with a \\ and a \n.');
  t.is(sampleValue(e, 'x_total', { b: 'q"uote\\back\nline', a: '1' }), 3);
  t.is(sampleValue(e, 'x_total', { a: '2' }), 4.5);
  t.is(sampleValue(e, 'x_total', { a: '3' }), undefined);
  t.is(sampleValue(e, 'x_total'), undefined, 'a label set matches exactly, not as a subset');
  t.true(Number.isNaN(sampleValue(e, 'y')));
  t.is(sampleValue(e, 'y', { s: '+' }), Infinity);
  t.is(sampleValue(e, 'y', { s: '-' }), -Infinity);
  t.is(sampleValue(e, 'z'), 1000);
  t.is(e.samples.length, 6);
});

test('a malformed line throws, naming the line', (t) => {
  for (const line of ['x{a="1} 2', 'x{a=1} 2', 'x{a="1",a="2"} 3', 'x', 'x abc', 'x{a="\\t"} 1', '# TYPE x gauges', '1x 2', 'x 1 2 3']) {
    t.throws(() => parseExposition(`ok 1\n${line}`), { instanceOf: SyntaxError, message: /^exposition line 2: / }, line);
  }
});
