import test from 'ava';
import { speechDurationMs } from './speech-duration.ts';

test('150 words take a minute at speed 1', (t) => {
  t.is(speechDurationMs(Array.from({ length: 150 }, () => 'word').join(' ')), 60_000);
});

test('speed scales the duration inversely', (t) => {
  const text = Array.from({ length: 30 }, () => 'hello').join(' ');
  t.is(speechDurationMs(text, 2), speechDurationMs(text) / 2);
  t.is(speechDurationMs(text, 0.25), speechDurationMs(text) * 4);
});

test('never under 300 ms, and always whole milliseconds', (t) => {
  t.is(speechDurationMs(''), 300);
  t.is(speechDurationMs('Hi.', 4), 300);
  for (const text of ['one two three', 'a b c d e f g', 'The quick brown fox jumps over the lazy dog.']) {
    t.true(Number.isInteger(speechDurationMs(text, 1.3)));
  }
});

test('text without spaces still takes time in proportion to its length', (t) => {
  t.true(speechDurationMs('这是一个没有空格的很长的中文句子用来测试语音时长的估计是否合理') > 1000);
});

test('an invalid speed counts as 1', (t) => {
  t.is(speechDurationMs('one two three four five', 0), speechDurationMs('one two three four five'));
  t.is(speechDurationMs('one two three four five', Number.NaN), speechDurationMs('one two three four five'));
});
