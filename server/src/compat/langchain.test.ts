import test from 'ava';
import { AzureChatOpenAI } from '@langchain/openai';
import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import { startTestSimulator } from '../test-support/simulator.ts';

/** @langchain/openai's AzureChatOpenAI, unmodified, pointed at the simulator's endpoint. */
async function chatModel(t: import('ava').ExecutionContext) {
  const sim = await startTestSimulator(t);
  return new AzureChatOpenAI({
    azureOpenAIApiKey: 'test-key',
    azureOpenAIEndpoint: sim.url,
    azureOpenAIApiDeploymentName: 'gpt-4o',
    azureOpenAIApiVersion: '2024-10-21',
    maxRetries: 0,
  });
}

test('langchain invoke answers with text and usage', async (t) => {
  const model = await chatModel(t);
  const message = await model.invoke('Tell me a fun fact about octopuses.');
  t.true(typeof message.content === 'string' && message.content.length > 0);
  t.true((message.usage_metadata?.output_tokens ?? 0) > 0);
});

test('langchain stream yields chunks that add up, with usage from the last chunk', async (t) => {
  const model = await chatModel(t);
  let text = '';
  let outputTokens = 0;
  for await (const chunk of await model.stream('Describe a sunrise.')) {
    text += typeof chunk.content === 'string' ? chunk.content : '';
    outputTokens += chunk.usage_metadata?.output_tokens ?? 0;
  }
  t.true(text.length > 0);
  t.true(outputTokens > 0);
});

test('langchain tools: bindTools gets a tool call with arguments that fit the schema', async (t) => {
  const model = await chatModel(t);
  const weather = tool(async ({ city }: { city: string }) => `Sunny in ${city}`, {
    name: 'get_weather',
    description: 'Current weather for a city',
    schema: z.object({ city: z.string() }),
  });
  const message = await model.bindTools([weather]).invoke('What is the weather in Berlin?');
  t.is(message.tool_calls?.length, 1);
  t.is(message.tool_calls?.[0]?.name, 'get_weather');
  t.is(typeof message.tool_calls?.[0]?.args.city, 'string');
});
