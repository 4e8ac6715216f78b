import test from 'ava';
import { BadRequestError } from 'openai';
import { join } from 'node:path';
import { azureClient, v1Client } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';

const hello = [{ role: 'user' as const, content: 'Hello' }];

/** A standard, a provisioned and an unlimited chat deployment, and one for legacy completions. */
async function withDeployments(t: import('ava').ExecutionContext) {
  const dir = await tempTree(t, {
    'scenarios.yaml': yaml`
      deployments:
        standard: { model: gpt-4o-2024-08-06, rateLimit: { tpm: 100000 } }
        ptu: { model: gpt-4o-2024-08-06, rateLimit: { ptu: 10 } }
        unlimited: { model: gpt-4o-2024-08-06 }
        instruct: { model: gpt-35-turbo-instruct-0914, rateLimit: { tpm: 100000 } }
    `,
  });
  return startTestSimulator(t, { scenarios: join(dir, 'scenarios.yaml') });
}

test('n, best_of and max tokens out of the service’s ranges are its 400 for that parameter, never a 500', async (t) => {
  const sim = await withDeployments(t);
  for (const deployment of ['standard', 'ptu', 'unlimited']) {
    const chat = azureClient(sim, { deployment });
    const tooMany = await t.throwsAsync(chat.chat.completions.create({ model: deployment, messages: hello, n: 1e308 }), {
      instanceOf: BadRequestError,
    });
    t.is(tooMany.param, 'n');
    t.is(tooMany.code, 'integer_above_max_value');
    t.is(tooMany.message, "400 Invalid 'n': integer above maximum value. Expected a value <= 128, but got 1e+308 instead.");
    const huge = await t.throwsAsync(chat.chat.completions.create({ model: deployment, messages: hello, max_tokens: 1e308 }), {
      instanceOf: BadRequestError,
    });
    t.is(huge.param, 'max_tokens');
  }
  const instruct = azureClient(sim, { deployment: 'instruct' });
  for (const [param, value] of [
    ['n', 1e308],
    ['best_of', 1e308],
    ['max_tokens', 1e300],
  ] as const) {
    const error = await t.throwsAsync(instruct.completions.create({ model: 'instruct', prompt: 'Hello', [param]: value }), {
      instanceOf: BadRequestError,
    });
    t.is(error.param, param);
    t.is(error.code, 'integer_above_max_value');
  }
  const responses = await t.throwsAsync(v1Client(sim).responses.create({ model: 'standard', input: 'Hello', max_output_tokens: 1e308 }), {
    instanceOf: BadRequestError,
  });
  t.is(responses.param, 'max_output_tokens');
});

test('a field the operation does not have never reaches the estimate: `n` on the Responses API is unrecognized', async (t) => {
  const sim = await withDeployments(t);
  const response = await fetch(`${sim.url}/openai/v1/responses`, {
    method: 'POST',
    headers: { 'api-key': 'k', 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'standard', input: 'Hello', n: 1e308 }),
  });
  t.is(response.status, 400);
  t.is(((await response.json()) as { error: { message: string } }).error.message, 'Unrecognized request argument supplied: n');
});

test('in-range values still count toward the estimate: a max_tokens larger than the TPM is the 429 that never fits', async (t) => {
  const sim = await withDeployments(t);
  const response = await fetch(`${sim.url}/openai/deployments/standard/chat/completions?api-version=2024-10-21`, {
    method: 'POST',
    headers: { 'api-key': 'k', 'content-type': 'application/json' },
    body: JSON.stringify({ messages: hello, max_tokens: 100000, n: 2 }),
  });
  t.is(response.status, 429);
  t.is(response.headers.get('retry-after'), '86400');
});

test('the settings the limiter multiplies are bounded, so no product of them reaches it as Infinity', async (t) => {
  for (const rateLimit of [
    { tpm: 1000, defaultMaxTokens: 1e300 },
    { ptu: 1e200, tokensPerPtuPerMinute: 1e200 },
  ]) {
    const error = await t.throwsAsync(
      startTestSimulator(t, { scenarios: { deployments: { chat: { model: 'gpt-4o-2024-08-06', rateLimit } } } }),
    );
    t.regex(error.message, /must be <= 2147483647/);
  }
});
