import test from 'ava';
import { recountCl100k } from '../../test-support/recount.ts';
import { azureClient } from '../../test-support/clients.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';

test('legacy completions: max_tokens defaults to 16, usage matches a recount', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-35-turbo-instruct' });
  const completion = await client.completions.create({ model: 'x', prompt: 'Once upon a time' });
  t.regex(completion.id, /^cmpl-[A-Za-z0-9]{29}$/);
  t.is(completion.object, 'text_completion');
  t.is(completion.model, 'gpt-35-turbo-instruct-0914');
  const choice = completion.choices[0]!;
  t.is(choice.finish_reason, 'length');
  t.is(completion.usage?.completion_tokens, 16);
  t.is(recountCl100k(choice.text), 16);
  t.is(completion.usage?.prompt_tokens, recountCl100k('Once upon a time'));
});

test('legacy completions: several prompts, n, best_of billing and echo', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-35-turbo-instruct' });
  const completion = await client.completions.create({
    model: 'x',
    prompt: ['First prompt', 'Second prompt'],
    n: 2,
    best_of: 3,
    max_tokens: 5,
    echo: true,
  });
  t.deepEqual(
    completion.choices.map((choice) => choice.index),
    [0, 1, 2, 3],
  );
  t.true(completion.choices[0]!.text.startsWith('First prompt'));
  t.true(completion.choices[2]!.text.startsWith('Second prompt'));
  t.is(completion.usage?.completion_tokens, 2 * 3 * 5);
});

test('legacy completions streamed: pieces join to the text, then [DONE]', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-35-turbo-instruct' });
  const stream = await client.completions.create({ model: 'x', prompt: 'Hello', max_tokens: 12, stream: true });
  let text = '';
  let finish: string | null | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.text ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
  }
  t.is(recountCl100k(text), 12);
  t.is(finish, 'length');
});

test('legacy completions on a chat model is OperationNotSupported', async (t) => {
  const sim = await startTestSimulator(t);
  const error = await t.throwsAsync(azureClient(sim, { deployment: 'gpt-4o' }).completions.create({ model: 'x', prompt: 'hi' }));
  t.is((error as { code?: string }).code, 'OperationNotSupported');
});
