import test from 'ava';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';

const MIB = 1024 * 1024;

test('1 MiB of one character in a message is answered with its usage (tiktoken alone trapped, a 500)', async (t) => {
  const sim = await startTestSimulator(t);
  // gpt-4.1's context window holds the 131,072 tokens of 1 MiB of 'a'
  const client = azureClient(sim, { deployment: 'gpt-4.1' });
  const completion = await client.chat.completions.create({ model: 'gpt-4.1', messages: [{ role: 'user', content: 'a'.repeat(MIB) }] });
  t.true(completion.usage!.prompt_tokens > 100_000, `${completion.usage!.prompt_tokens} prompt tokens`);
  t.true(completion.usage!.completion_tokens > 0);
});

test('1 MiB of one character in tool-call arguments is answered with its usage', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const completion = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [
      { role: 'user', content: 'Save it.' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'save', arguments: `{"blob":"${'='.repeat(MIB)}"}` } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: 'saved' },
    ],
  });
  t.true(completion.usage!.prompt_tokens > 1000, `${completion.usage!.prompt_tokens} prompt tokens`);
});

test('a scripted answer echoing a long run streams in token pieces, with its usage', async (t) => {
  const sim = await startTestSimulator(t, {
    scenarios: {
      deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } },
      scenarios: [{ name: 'echo', respond: { template: '{{ request.body.messages[0].content }}' } }],
    },
  });
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const content = 'b'.repeat(256 * 1024);
  const stream = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content }],
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let completionTokens = 0;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    completionTokens = chunk.usage?.completion_tokens ?? completionTokens;
  }
  t.is(text, content);
  t.true(completionTokens > 10_000, `${completionTokens} completion tokens`);
});
