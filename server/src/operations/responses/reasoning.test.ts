import test from 'ava';
import type { ResponseInputItem, ResponseReasoningItem } from 'openai/resources/responses/responses';
import { azureClient, PREVIEW_API_VERSION, v1Client } from '../../test-support/clients.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';

const reasoningOf = (output: readonly { type: string }[]) =>
  output.find((item) => item.type === 'reasoning') as ResponseReasoningItem | undefined;

test('an o-series response starts with a reasoning item, with a summary when reasoning.summary asks for one', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { apiVersion: PREVIEW_API_VERSION });
  const summarized = await client.responses.create({ model: 'o3-mini', input: 'Why is the sky blue?', reasoning: { summary: 'auto' } });
  const reasoning = summarized.output[0];
  t.is(reasoning?.type, 'reasoning');
  t.regex(reasoning?.id ?? '', /^rs_/);
  const summary = (reasoning as ResponseReasoningItem).summary;
  t.is(summary.length, 1);
  t.is(summary[0]?.type, 'summary_text');
  t.true((summary[0]?.text.length ?? 0) > 0);
  t.is(summarized.output[1]?.type, 'message');
  t.true(summarized.output_text.length > 0);
  t.true((summarized.usage?.output_tokens_details.reasoning_tokens ?? 0) > 0);
  t.deepEqual(summarized.reasoning, { effort: null, summary: 'auto' });

  const plain = await client.responses.create({ model: 'o3-mini', input: 'Why is the sky blue?' });
  t.deepEqual(reasoningOf(plain.output)?.summary, []);
  t.is(reasoningOf(plain.output)?.encrypted_content, undefined);
  const gpt4o = await client.responses.create({ model: 'gpt-4o', input: 'Why is the sky blue?' });
  t.is(reasoningOf(gpt4o.output), undefined, 'not a reasoning model');
});

test('with store false, include reasoning.encrypted_content carries the reasoning to the next turn', async (t) => {
  const sim = await startTestSimulator(t);
  const client = v1Client(sim);
  const first = await client.responses.create({
    model: 'o3-mini',
    input: 'Plan a trip to Porto.',
    store: false,
    include: ['reasoning.encrypted_content'],
  });
  const reasoning = reasoningOf(first.output)!;
  t.is(typeof reasoning.encrypted_content, 'string');
  t.true(reasoning.encrypted_content!.length > 20);

  const context = first.output as ResponseInputItem[];
  const second = await client.responses.create({
    model: 'o3-mini',
    store: false,
    include: ['reasoning.encrypted_content'],
    input: [...context, { role: 'user', content: 'And for a week?' }],
  });
  t.is(second.status, 'completed');

  // without its encrypted content, a reasoning item of a response not stored is not found
  const { encrypted_content: _dropped, ...bare } = reasoning;
  const refused = await t.throwsAsync(
    client.responses.create({ model: 'o3-mini', store: false, input: [bare, { role: 'user', content: 'And then?' }] }),
  );
  t.like(refused, {
    status: 400,
    message: `400 Item with id '${reasoning.id}' not found. Items are not persisted when \`store\` is set to false. Try again with \`store\` set to true, or remove this item from your input.`,
  });
});

test('a stored reasoning item can be sent back by id; one never issued is not found', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { apiVersion: PREVIEW_API_VERSION });
  const first = await client.responses.create({ model: 'o3-mini', input: 'Plan a trip to Porto.' });
  const reasoning = reasoningOf(first.output)!;
  const again = await client.responses.create({
    model: 'o3-mini',
    input: [
      { type: 'reasoning', id: reasoning.id, summary: [] },
      { role: 'user', content: 'Shorter, please.' },
    ],
  });
  t.is(again.status, 'completed');

  const invented = 'rs_0123456789abcdef0123456789abcdef0123456789abcdef';
  const refused = await t.throwsAsync(
    client.responses.create({
      model: 'o3-mini',
      input: [
        { type: 'reasoning', id: invented, summary: [] },
        { role: 'user', content: 'Hi' },
      ],
    }),
  );
  t.like(refused, { status: 400, param: 'input' });
  t.regex((refused as Error).message, new RegExp(`^400 Item with id '${invented}' not found\\.`));
});

test('a streamed reasoning summary arrives as summary text deltas the SDK accumulates', async (t) => {
  const sim = await startTestSimulator(t);
  const client = v1Client(sim);
  const stream = client.responses.stream({ model: 'o3-mini', input: 'Why do cats purr?', reasoning: { summary: 'detailed' } });
  let deltas = '';
  for await (const event of stream) if (event.type === 'response.reasoning_summary_text.delta') deltas += event.delta;
  const final = await stream.finalResponse();
  t.true(deltas.length > 0);
  t.is(reasoningOf(final.output)?.summary[0]?.text, deltas);
});
