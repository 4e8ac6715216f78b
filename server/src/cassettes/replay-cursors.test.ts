import test from 'ava';
import { CassetteIndex, type IndexedInteraction } from './cassette-index.ts';
import type { Cassette, Interaction } from './cassette-types.ts';
import { cassette, chatInteraction, chatRequest } from './fixtures.ts';
import { MemoryReplayCursors } from './memory-replay-cursors.ts';
import type { ReplayCursors, ServedPicker } from './replay-cursors.ts';

const textOf = (interaction: Interaction): string | undefined =>
  (interaction.response.body as { choices: { message: { content: string } }[] } | undefined)?.choices[0]?.message.content;
const answer = (entry: IndexedInteraction | undefined): string | undefined => entry && textOf(entry.interaction);

const TESTS = { maxEntries: 100, maxBytes: 1024 * 1024 };

/** The memory cursors, counting the calls a lookup makes to them. */
class CountingCursors implements ReplayCursors<number> {
  calls = 0;
  private readonly inner = new MemoryReplayCursors(TESTS);

  advance(scope: string | undefined, key: string, picker: ServedPicker): number {
    this.calls++;
    return this.inner.advance(scope, key, picker);
  }

  reset(scope?: string): void {
    this.inner.reset(scope);
  }
}

/** The memory cursors answering with promises, as a store shared over the network would. */
class RemoteCursors implements ReplayCursors<Promise<number>> {
  private readonly inner = new MemoryReplayCursors(TESTS);

  async advance(scope: string | undefined, key: string, picker: ServedPicker): Promise<number> {
    await Promise.resolve();
    return this.inner.advance(scope, key, picker);
  }

  async reset(scope?: string): Promise<void> {
    this.inner.reset(scope);
  }
}

/** The answers "1" to "n" to one question, recorded in that order, under one key. */
function sequence(n: number): Cassette {
  return cassette(Array.from({ length: n }, (_, i) => chatInteraction(chatRequest('Roll'), `${i + 1}`)));
}

test('a lookup costs the cursors one call, whatever the number of candidates; a key without recordings none', (t) => {
  const cursors = new CountingCursors();
  // the matcher accepts only the last of 200 candidates: the scan over them is one call to the store
  const index = new CassetteIndex({ cursors, matcher: (_request, candidate) => textOf(candidate) === '200' });
  index.addCassette(sequence(200), 'c.yaml');
  const roll = chatRequest('Roll');
  for (const scope of [undefined, 'test-a', undefined]) t.is(answer(index.match(roll, scope === undefined ? {} : { scope }).hit), '200');
  t.is(cursors.calls, 3);
  t.is(index.match(chatRequest('Unrecorded')).hit, undefined);
  t.is(cursors.calls, 3);
});

test('two indexes sharing one store keep one place in each sequence, as simulators sharing a store do', (t) => {
  const shared = new MemoryReplayCursors(TESTS);
  const [one, two] = [new CassetteIndex({ cursors: shared }), new CassetteIndex({ cursors: shared })];
  for (const index of [one, two]) index.addCassette(sequence(4), 'c.yaml');
  const roll = chatRequest('Roll');
  t.deepEqual(
    [one, two, one, two, one].map((index) => answer(index.match(roll).hit)),
    ['1', '2', '3', '4', '4'],
  );
  t.deepEqual(
    [two, one, two].map((index) => answer(index.match(roll, { scope: 'test-a' }).hit)),
    ['1', '2', '3'],
  );
  one.reset('test-a');
  t.is(answer(two.match(roll, { scope: 'test-a' }).hit), '1', 'a reset through one index starts the test id again for both');
  two.reset();
  t.is(answer(one.match(roll).hit), '1', 'and a reset of all starts the unscoped sequence again');
});

test('over a store that answers with promises, lookups answer with promises and keep their order', async (t) => {
  const index = new CassetteIndex({ cursors: new RemoteCursors() });
  index.addCassette(sequence(3), 'c.yaml');
  const roll = chatRequest('Roll');
  const pending = index.match(roll).hit;
  t.true(pending instanceof Promise);
  t.is(answer(await pending), '1');
  t.deepEqual((await Promise.all([1, 2, 3].map(() => index.match(roll).hit))).map(answer), ['2', '3', '3']);
  await index.reset();
  t.is(answer(await index.match(roll).hit), '1');
});

test('in this process a lookup answers at once, with no promise', (t) => {
  const index = new CassetteIndex({ cursors: new MemoryReplayCursors(TESTS) });
  index.addCassette(sequence(2), 'c.yaml');
  const hit = index.match(chatRequest('Roll')).hit;
  t.false((hit as unknown) instanceof Promise);
  t.is(answer(hit), '1');
});
