import test from 'ava';
import { serialize } from 'node:v8';
import type { StoreCalls, WorkerMessage } from './ipc-messages.ts';
import { PrimaryChannel, type PrimaryLine } from './primary-channel.ts';

/** A primary that answers each call with its operation's name, over a line that serializes as Node's 'advanced' IPC does. */
class EchoingPrimary implements PrimaryLine {
  readonly sent: StoreCalls[] = [];
  #listener: (message: unknown) => void = () => {};

  send(message: WorkerMessage): void {
    serialize(message);
    if (message.aoaiSim !== 'calls') return;
    this.sent.push(message);
    const answers = message.calls.map(({ id, op }) => ({ id, value: op }));
    setImmediate(() => this.#listener({ aoaiSim: 'answers', answers }));
  }

  on(_event: 'message', listener: (message: unknown) => void): void {
    this.#listener = listener;
  }
}

test('the store calls of one turn go to the primary as one message, and each gets its own answer', async (t) => {
  const primary = new EchoingPrimary();
  const channel = new PrimaryChannel('worker-1', primary);
  const answers = await Promise.all([
    channel.call('limits.decide', 'gpt-4o', {}, 0, 10),
    channel.call('rules.claim', undefined, []),
    channel.call('limits.decide', 'gpt-4o', {}, 0, 20),
  ]);
  t.deepEqual(answers, ['limits.decide', 'rules.claim', 'limits.decide']);
  t.is(primary.sent.length, 1);
  t.deepEqual(
    primary.sent[0]!.calls.map(({ op, args }) => [op, args]),
    [
      ['limits.decide', ['gpt-4o', {}, 0, 10]],
      ['rules.claim', [undefined, []]],
      ['limits.decide', ['gpt-4o', {}, 0, 20]],
    ],
    'in the order they were made',
  );
});

test('a call whose arguments cannot be sent fails alone; the others of its turn are answered', async (t) => {
  const channel = new PrimaryChannel('worker-1', new EchoingPrimary());
  const before = channel.call('limits.counts', 'gpt-4o');
  const unsendable = channel.call('responses.save', { output: () => 'a function is not cloneable' }, []);
  const after = channel.call('limits.delete', 'gpt-4o');
  await t.throwsAsync(unsendable, { name: 'Error', message: /could not be cloned/ });
  t.is(await before, 'limits.counts');
  t.is(await after, 'limits.delete');
});
