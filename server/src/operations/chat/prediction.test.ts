import test from 'ava';
import { BadRequestError } from 'openai';
import { get_encoding } from 'tiktoken';
import { API_VERSION, azureClient, PREVIEW_API_VERSION } from '../../test-support/clients.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';

const o200k = get_encoding('o200k_base');
const tokens = (text: string) => Array.from(o200k.encode_ordinary(text));

/** The documented rule, computed here: the prediction's tokens the answer starts and ends with are accepted. */
function expectedPrediction(prediction: string, answer: string) {
  const predicted = tokens(prediction);
  const answered = tokens(answer);
  const most = Math.min(predicted.length, answered.length);
  let head = 0;
  while (head < most && predicted[head] === answered[head]) head++;
  let tail = 0;
  while (tail < most - head && predicted.at(-1 - tail) === answered.at(-1 - tail)) tail++;
  return { accepted: head + tail, rejected: predicted.length - head - tail };
}

const messages = [{ role: 'user' as const, content: 'Rewrite the FizzBuzz function so that it prints MSFTBuzz.' }];

test('chat: prediction usage counts the accepted and rejected prediction tokens, rejected ones as completion tokens', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o', apiVersion: PREVIEW_API_VERSION });
  // the answer does not depend on the prediction: learn it, then predict its start and a wrong ending
  const plain = await client.chat.completions.create({ model: 'gpt-4o', messages });
  const answer = plain.choices[0]!.message.content!;
  const start = o200k.decode(Uint32Array.from(tokens(answer).slice(0, 5)));
  const prediction = `${new TextDecoder().decode(start)} something the answer never says.`;
  const expected = expectedPrediction(prediction, answer);
  t.true(expected.accepted >= 5 && expected.rejected > 0);

  const predicted = await client.chat.completions.create({
    model: 'gpt-4o',
    messages,
    prediction: { type: 'content', content: prediction },
  });
  t.is(predicted.choices[0]?.message.content, answer);
  t.deepEqual(predicted.usage?.completion_tokens_details, {
    accepted_prediction_tokens: expected.accepted,
    audio_tokens: 0,
    reasoning_tokens: 0,
    rejected_prediction_tokens: expected.rejected,
  });
  t.is(predicted.usage?.completion_tokens, tokens(answer).length + expected.rejected);
  t.is(predicted.usage?.total_tokens, predicted.usage!.prompt_tokens + predicted.usage!.completion_tokens);

  // content parts, streamed with include_usage: the same numbers in the usage chunk
  const stream = await client.chat.completions.create({
    model: 'gpt-4o',
    messages,
    prediction: { type: 'content', content: [{ type: 'text', text: prediction }] },
    stream: true,
    stream_options: { include_usage: true },
  });
  let usage;
  for await (const chunk of stream) usage = chunk.usage ?? usage;
  t.is(usage?.completion_tokens_details?.accepted_prediction_tokens, expected.accepted);
  t.is(usage?.completion_tokens_details?.rejected_prediction_tokens, expected.rejected);
  t.is(usage?.completion_tokens, tokens(answer).length + expected.rejected);
});

test('chat: a prediction equal to the answer is all accepted', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4.1', apiVersion: PREVIEW_API_VERSION });
  const answer = (await client.chat.completions.create({ model: 'gpt-4.1', messages })).choices[0]!.message.content!;
  const predicted = await client.chat.completions.create({ model: 'gpt-4.1', messages, prediction: { type: 'content', content: answer } });
  t.is(predicted.usage?.completion_tokens_details?.accepted_prediction_tokens, tokens(answer).length);
  t.is(predicted.usage?.completion_tokens_details?.rejected_prediction_tokens, 0);
  t.is(predicted.usage?.completion_tokens, tokens(answer).length);
});

test('chat: prediction is refused before 2025-01-01-preview, on models without it, and with the features it excludes', async (t) => {
  const sim = await startTestSimulator(t);
  const prediction = { type: 'content' as const, content: 'def fizzbuzz(): pass' };
  const old = azureClient(sim, { deployment: 'gpt-4o', apiVersion: API_VERSION });
  const unknown = await t.throwsAsync(old.chat.completions.create({ model: 'gpt-4o', messages, prediction }), {
    instanceOf: BadRequestError,
  });
  t.is(unknown.message, '400 Unrecognized request argument supplied: prediction');

  const o3 = azureClient(sim, { deployment: 'o3-mini', apiVersion: PREVIEW_API_VERSION });
  const model = await t.throwsAsync(o3.chat.completions.create({ model: 'o3-mini', messages, prediction }), {
    instanceOf: BadRequestError,
  });
  t.is(model.param, 'prediction');

  const client = azureClient(sim, { deployment: 'gpt-4o', apiVersion: PREVIEW_API_VERSION });
  const tool = { type: 'function' as const, function: { name: 'run', parameters: { type: 'object', properties: {} } } };
  const conflicts: Array<[string, Record<string, unknown>]> = [
    ['tools', { tools: [tool] }],
    ['n', { n: 2 }],
    ['logprobs', { logprobs: true }],
    ['presence_penalty', { presence_penalty: 0.5 }],
    ['frequency_penalty', { frequency_penalty: 0.5 }],
    ['max_completion_tokens', { max_completion_tokens: 100 }],
  ];
  for (const [param, extra] of conflicts) {
    const error = await t.throwsAsync(client.chat.completions.create({ model: 'gpt-4o', messages, prediction, ...extra }), {
      instanceOf: BadRequestError,
    });
    t.is(error.param, param);
    t.is(error.code, 'unsupported_parameter');
  }
  // zero penalties and n: 1 are allowed
  await t.notThrowsAsync(client.chat.completions.create({ model: 'gpt-4o', messages, prediction, n: 1, presence_penalty: 0 }));
});
