import test from 'ava';
import { APIError, type AzureOpenAI } from 'openai';
import type { Scenarios } from '../generated/scenarios.ts';
import { fileSimulator } from '../test-support/simulator.ts';
import { azureClient, v1Client } from '../test-support/clients.ts';
import { PREVIEW_API_VERSIONS, STABLE_API_VERSIONS } from './api-versions.ts';
import { CHAT_PARAMETERS, EMBEDDINGS_PARAMETERS } from './parameter-versions.ts';

/*
 * Walks the api-version × parameter table through the official SDK: on every known api-version, each gated
 * parameter is answered (from its first version on) or refused as the service refuses an argument its version
 * does not have. The chat deployment's model belongs to no family, so no model rule gets in the way.
 */

const VERSIONS = [...STABLE_API_VERSIONS, ...PREVIEW_API_VERSIONS];

const SCENARIOS: Scenarios = {
  version: 1,
  deployments: {
    chat: { model: 'house-model', operations: ['chat'] },
    // predicted outputs are served only by the models Azure lists for them
    predicting: { model: 'gpt-4o-mini-2024-07-18' },
    embedder: { model: 'text-embedding-3-small', embeddingDimensions: 1536 },
  },
};

const tool = { type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } } as const;

/** A value each parameter takes when nothing else is wrong with the request. */
const VALUES: Record<string, unknown> = {
  functions: [{ name: 'lookup', parameters: { type: 'object', properties: {} } }],
  function_call: 'none',
  // On Your Data takes exactly one source
  data_sources: [
    {
      type: 'azure_search',
      parameters: {
        endpoint: 'https://s.search.windows.net',
        index_name: 'docs',
        authentication: { type: 'system_assigned_managed_identity' },
      },
    },
  ],
  tools: [tool],
  tool_choice: 'none',
  seed: 7,
  logprobs: true,
  top_logprobs: 2,
  response_format: { type: 'text' },
  max_completion_tokens: 40,
  parallel_tool_calls: false,
  stream_options: { include_usage: true },
  reasoning_effort: 'low',
  store: false,
  metadata: { suite: 'conformance' },
  modalities: ['text'],
  audio: { voice: 'alloy', format: 'wav' },
  prediction: { type: 'content', content: 'Hello' },
  user_security_context: { application_name: 'tests' },
};

/** What a parameter needs beside it to be valid at all (the service refuses top_logprobs without logprobs). */
const COMPANIONS: Record<string, Record<string, unknown>> = {
  top_logprobs: { logprobs: true },
  stream_options: { stream: true },
};

/** The deployment a parameter is sent to: the house model, unless only some models take the parameter at all. */
const DEPLOYMENT_FOR: Record<string, string> = { prediction: 'predicting' };

const unrecognized = (names: string[]) => ({
  message:
    names.length === 1
      ? `Unrecognized request argument supplied: ${names[0]}`
      : `Unrecognized request arguments supplied: ${[...names].sort().join(', ')}`,
  type: 'invalid_request_error',
  param: null,
  code: null,
});

async function outcome(send: () => Promise<unknown>): Promise<{ status: number; error?: unknown }> {
  try {
    const answer = await send();
    if (answer && typeof answer === 'object' && Symbol.asyncIterator in answer) for await (const _ of answer as AsyncIterable<unknown>);
    return { status: 200 };
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
    return { status: error.status ?? 0, error: error.error };
  }
}

function chatWith(client: AzureOpenAI, extra: Record<string, unknown>) {
  const body = { model: 'chat', messages: [{ role: 'user', content: 'Say hello' }], ...extra };
  return outcome(() => client.chat.completions.create(body as never));
}

// one simulator for the file: the walk is hundreds of requests, each far cheaper than a start
const sim = fileSimulator(test, { scenarios: SCENARIOS });

test('chat: each parameter is answered from the api-version whose spec has it, refused as unrecognized before', async (t) => {
  for (const version of VERSIONS) {
    for (const { parameter, since } of CHAT_PARAMETERS) {
      const client = azureClient(sim(), { deployment: DEPLOYMENT_FOR[parameter] ?? 'chat', apiVersion: version });
      const companions = COMPANIONS[parameter] ?? {};
      const result = await chatWith(client, { ...companions, [parameter]: VALUES[parameter] });
      const missing = [parameter, ...Object.keys(companions)].filter(
        (name) => version.slice(0, 10) < (CHAT_PARAMETERS.find((row) => row.parameter === name)?.since ?? ''),
      );
      const where = `${parameter} on ${version}`;
      if (version.slice(0, 10) >= since) t.is(result.status, 200, where);
      else t.deepEqual(result, { status: 400, error: unrecognized(missing) }, where);
    }
  }
});

test('chat on 2023-05-15: tools and reasoning_effort are named together, as the service lists them', async (t) => {
  const client = azureClient(sim(), { deployment: 'chat', apiVersion: '2023-05-15' });
  const result = await chatWith(client, { reasoning_effort: 'low', tools: [tool] });
  t.deepEqual(result, { status: 400, error: unrecognized(['reasoning_effort', 'tools']) });
});

test('chat on the v1 routes takes every parameter of the table', async (t) => {
  const client = v1Client(sim());
  for (const { parameter } of CHAT_PARAMETERS) {
    const body = {
      model: DEPLOYMENT_FOR[parameter] ?? 'chat',
      messages: [{ role: 'user', content: 'Say hello' }],
      ...COMPANIONS[parameter],
      [parameter]: VALUES[parameter],
    };
    t.is((await outcome(() => client.chat.completions.create(body as never))).status, 200, parameter);
  }
});

test('embeddings: dimensions is answered from 2024-03-01-preview, refused as unrecognized before', async (t) => {
  for (const version of VERSIONS) {
    const client = azureClient(sim(), { deployment: 'embedder', apiVersion: version });
    for (const { parameter, since } of EMBEDDINGS_PARAMETERS) {
      const result = await outcome(() => client.embeddings.create({ model: 'embedder', input: 'hello', [parameter]: 256 }));
      if (version.slice(0, 10) >= since) t.is(result.status, 200, version);
      else t.deepEqual(result, { status: 400, error: unrecognized([parameter]) }, version);
    }
  }
});
