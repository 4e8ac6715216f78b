import test from 'ava';
import { createAzure } from '@ai-sdk/azure';
import { embed, generateText, stepCountIs, streamText, tool } from 'ai';
import { z } from 'zod';
import { startTestSimulator } from '../test-support/simulator.ts';

/** @ai-sdk/azure, unmodified, pointed at the simulator's v1 routes as its docs show for a custom endpoint. */
async function provider(t: import('ava').ExecutionContext) {
  const sim = await startTestSimulator(t);
  return createAzure({ baseURL: `${sim.url}/openai/v1`, apiKey: 'test-key' });
}

test('ai-sdk generateText, through the Responses API (the default) and chat completions', async (t) => {
  const azure = await provider(t);
  const responses = await generateText({ model: azure('gpt-4o'), prompt: 'Say hello.', maxRetries: 0 });
  t.true(responses.text.length > 0);
  t.is(responses.finishReason, 'stop');
  t.true((responses.usage.outputTokens ?? 0) > 0);
  const chat = await generateText({ model: azure.chat('gpt-4o'), prompt: 'Say hello.', maxRetries: 0 });
  t.true(chat.text.length > 0);
  t.is(chat.finishReason, 'stop');
});

test('ai-sdk streamText streams the text and reports usage', async (t) => {
  const azure = await provider(t);
  for (const model of [azure('gpt-4o'), azure.chat('gpt-4o')]) {
    const result = streamText({ model, prompt: 'Tell me about owls.', maxRetries: 0 });
    let text = '';
    for await (const delta of result.textStream) text += delta;
    t.true(text.length > 0);
    t.is(await result.text, text);
    t.true(((await result.usage).outputTokens ?? 0) > 0);
  }
});

test('ai-sdk embed returns a unit vector of the model size', async (t) => {
  const azure = await provider(t);
  const { embedding } = await embed({ model: azure.embedding('text-embedding-3-small'), value: 'hello', maxRetries: 0 });
  t.is(embedding.length, 1536);
  t.true(Math.abs(Math.hypot(...embedding) - 1) < 1e-4);
});

test('ai-sdk tool calling: the model calls the tool, gets its result, then answers', async (t) => {
  const azure = await provider(t);
  for (const model of [azure('gpt-4o'), azure.chat('gpt-4o')]) {
    const calls: Array<{ city: string }> = [];
    const result = await generateText({
      model,
      maxRetries: 0,
      prompt: 'What is the weather in Madrid?',
      tools: {
        weather: tool({
          description: 'Current weather for a city',
          inputSchema: z.object({ city: z.string() }),
          execute: async ({ city }) => {
            calls.push({ city });
            return { city, temperature: 24 };
          },
        }),
      },
      stopWhen: stepCountIs(3),
    });
    t.is(calls.length, 1);
    t.is(typeof calls[0]?.city, 'string');
    t.is(result.steps.length, 2);
    t.true(result.text.length > 0);
  }
});
