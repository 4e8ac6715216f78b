import test from 'ava';
import { APIError, type AzureOpenAI } from 'openai';
import { modelFamily } from '../config/model-catalog.ts';
import type { Scenarios } from '../generated/scenarios.ts';
import { fileSimulator } from '../test-support/simulator.ts';
import { azureClient, PREVIEW_API_VERSION, v1Client } from '../test-support/clients.ts';
import { PREVIEW_API_VERSIONS, STABLE_API_VERSIONS } from './api-versions.ts';
import { modelFamilyRules } from './model-gate.ts';
import type { ParameterRule } from './model-families.ts';

/*
 * Walks the model-family table through the official SDK: each deployment's model on every known api-version,
 * and each parameter its family refuses, with the status, code, param and message the service gives.
 */

/** One deployment per family, named by what users call them, on the service's model snapshots. */
const MODELS: Record<string, string> = {
  'o1-mini': 'o1-mini-2024-09-12',
  o1: 'o1-2024-12-17',
  'o3-mini': 'o3-mini-2025-01-31',
  o3: 'o3-2025-04-16',
  'o4-mini': 'o4-mini-2025-04-16',
  'gpt-5': 'gpt-5-2025-08-07',
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-35-turbo': 'gpt-35-turbo-0125',
};

const SCENARIOS: Scenarios = {
  version: 1,
  deployments: Object.fromEntries(Object.entries(MODELS).map(([name, model]) => [name, { model }])),
};

/** A value for each parameter that is not its default, so a default-only rule refuses it too. */
const VALUES: Record<string, unknown> = {
  temperature: 0.5,
  top_p: 0.5,
  presence_penalty: 0.5,
  frequency_penalty: 0.5,
  logprobs: true,
  top_logprobs: 2,
  logit_bias: { '50256': -100 },
  max_tokens: 10,
  parallel_tool_calls: false,
  reasoning_effort: 'low',
};

const invalid = (message: string, param: string | null, code: string | null) => ({ message, type: 'invalid_request_error', param, code });

/** The service's words for each kind of refusal (see model-families.ts for where each was seen). */
function expected(parameter: string, rule: ParameterRule, value: unknown) {
  switch (rule.refusal) {
    case 'unsupported':
      return invalid(`Unsupported parameter: '${parameter}' is not supported with this model.`, parameter, 'unsupported_parameter');
    case 'use-instead':
      return invalid(
        `Unsupported parameter: '${parameter}' is not supported with this model. Use '${rule.instead}' instead.`,
        parameter,
        'unsupported_parameter',
      );
    case 'default-only':
      return invalid(
        `Unsupported value: '${parameter}' does not support ${String(value)} with this model. Only the default (${rule.default}) value is supported.`,
        parameter,
        'unsupported_value',
      );
    case 'unknown':
      return invalid(`Unknown parameter: '${parameter}'.`, parameter, 'unknown_parameter');
    case 'unrecognized':
      return invalid(`Unrecognized request argument supplied: ${parameter}`, null, null);
  }
}

async function outcome(send: () => Promise<unknown>): Promise<{ status: number; error?: unknown }> {
  try {
    await send();
    return { status: 200 };
  } catch (error) {
    if (!(error instanceof APIError)) throw error;
    return { status: error.status ?? 0, error: error.error };
  }
}

function chat(client: AzureOpenAI | ReturnType<typeof v1Client>, deployment: string, extra: Record<string, unknown> = {}) {
  const body = { model: deployment, messages: [{ role: 'user', content: 'Say hello' }], ...extra };
  return outcome(() => client.chat.completions.create(body as never));
}

const image = { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } };

const sim = fileSimulator(test, { scenarios: SCENARIOS });

test('o-series models answer from 2024-12-01-preview and on the v1 routes, and are refused on older api-versions', async (t) => {
  for (const [deployment, model] of Object.entries(MODELS)) {
    const first = modelFamilyRules(model)?.firstApiVersion;
    for (const version of [...STABLE_API_VERSIONS, ...PREVIEW_API_VERSIONS]) {
      const result = await chat(azureClient(sim(), { deployment, apiVersion: version }), deployment);
      const name = model.replace(/-\d{4}-\d{2}-\d{2}$/, '');
      if (first === undefined || version.slice(0, 10) >= first.slice(0, 10)) t.is(result.status, 200, `${deployment} on ${version}`);
      else
        t.deepEqual(result, {
          status: 400,
          error: { code: 'BadRequest', message: `Model ${name} is enabled only for api versions ${first} and later` },
        });
    }
    t.is((await chat(v1Client(sim()), deployment)).status, 200, `${deployment} on v1`);
  }
});

test('the api-version refusal is the gateway body, byte for byte', async (t) => {
  const response = await fetch(`${sim().url}/openai/deployments/o3-mini/chat/completions?api-version=2024-10-21`, {
    method: 'POST',
    headers: { 'api-key': 'k', 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Hi' }] }),
  });
  t.is(response.status, 400);
  t.is(
    await response.text(),
    '{"error":{"code":"BadRequest","message":"Model o3-mini is enabled only for api versions 2024-12-01-preview and later"}}',
  );
});

test('each parameter a family refuses gets the service error; the rest of the table is answered', async (t) => {
  for (const [deployment, model] of Object.entries(MODELS)) {
    const client = azureClient(sim(), { deployment, apiVersion: PREVIEW_API_VERSION });
    const rules = modelFamilyRules(model)?.parameters ?? {};
    for (const [parameter, value] of Object.entries(VALUES)) {
      const rule = rules[parameter];
      const result = await chat(client, deployment, {
        [parameter]: value,
        ...(parameter === 'top_logprobs' && !rule ? { logprobs: true } : {}),
      });
      const where = `${parameter} to ${deployment}`;
      if (rule) t.deepEqual(result, { status: 400, error: expected(parameter, rule, value) }, where);
      else t.is(result.status, 200, where);
    }
  }
});

test('the Responses API refuses what each family refuses there, reasoning.effort included', async (t) => {
  const sent: Record<string, Record<string, unknown>> = {
    temperature: { temperature: 0.5 },
    top_p: { top_p: 0.5 },
    'reasoning.effort': { reasoning: { effort: 'low' } },
  };
  // gpt-35-turbo has no Responses API at all: OperationNotSupported, another table's business
  for (const [deployment, model] of Object.entries(MODELS).filter(([, model]) => modelFamily(model)?.operations.includes('responses'))) {
    const client = azureClient(sim(), { apiVersion: PREVIEW_API_VERSION });
    const rules = modelFamilyRules(model)?.responses ?? {};
    for (const [path, extra] of Object.entries(sent)) {
      const result = await outcome(() => client.responses.create({ model: deployment, input: 'Say hello', ...extra } as never));
      const rule = rules[path];
      const where = `${path} to ${deployment}`;
      if (rule) t.deepEqual(result, { status: 400, error: expected(path, rule, 0.5) }, where);
      else t.is(result.status, 200, where);
    }
  }
});

test('temperature 1 is taken where only the default is; null counts as not sent', async (t) => {
  for (const deployment of ['o3', 'o4-mini', 'gpt-5']) {
    const client = azureClient(sim(), { deployment, apiVersion: PREVIEW_API_VERSION });
    t.is((await chat(client, deployment, { temperature: 1 })).status, 200, deployment);
    t.is((await chat(client, deployment, { temperature: null, top_p: null })).status, 200, deployment);
  }
});

test('image input is refused by models without vision, with the part it names', async (t) => {
  for (const [deployment, model] of Object.entries(MODELS)) {
    const client = azureClient(sim(), { deployment, apiVersion: PREVIEW_API_VERSION });
    const messages = [
      { role: 'user', content: 'First look at nothing.' },
      { role: 'user', content: [{ type: 'text', text: 'What is this?' }, image] },
    ];
    const result = await chat(client, deployment, { messages });
    if (modelFamilyRules(model)?.vision !== false) t.is(result.status, 200, deployment);
    else
      t.deepEqual(
        result,
        {
          status: 400,
          error: invalid('Invalid content type. image_url is only supported by certain models.', 'messages.[1].content.[1].type', null),
        },
        deployment,
      );
  }
});
