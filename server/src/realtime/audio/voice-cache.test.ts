import test from 'ava';
import { VoiceCache } from './voice-cache.ts';

const delta = (audio: string) => ({ audio, phasor: { sin: 0, cos: 1 } });

test('the cache holds at most its size, and the delta used least lately goes first', (t) => {
  const cache = new VoiceCache(2);
  cache.set('a', delta('A'));
  cache.set('b', delta('B'));
  t.is(cache.get('a')?.audio, 'A');
  cache.set('c', delta('C'));
  t.is(cache.get('b'), undefined);
  t.is(cache.get('a')?.audio, 'A');
  t.is(cache.get('c')?.audio, 'C');
});
