import test from 'ava';
import { foldPlural, tokenize } from './tokenize.ts';

test('lowercases, drops punctuation and keeps contractions whole', (t) => {
  t.deepEqual(tokenize("Don't PANIC: it's 42 — déjà-vu!"), ['dont', 'panic', 'its', '42', 'déjà', 'vu']);
});

test('folds plurals and little else', (t) => {
  t.deepEqual(['passwords', 'queries', 'class', 'status', 'analysis', 'bus', 'is', 'reset'].map(foldPlural), [
    'password',
    'query',
    'class',
    'status',
    'analysis',
    'bus',
    'is',
    'reset',
  ]);
});

test('non-Latin scripts are words too', (t) => {
  t.deepEqual(tokenize('Привет, мир! 你好世界'), ['привет', 'мир', '你好世界']);
});
