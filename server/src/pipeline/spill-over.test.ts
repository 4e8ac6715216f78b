import test from 'ava';
import { RateLimitError } from 'openai';
import { join } from 'node:path';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';

// A provisioned bucket of 10 tokens: the first request is admitted below 100% and, settled at what it used (about
// 30 tokens), leaves it past 100% for minutes, so every later request in a test is one the deployment would refuse.
async function withSpillover(t: import('ava').ExecutionContext) {
  const dir = await tempTree(t, {
    'scenarios.yaml': yaml`
      deployments:
        ptu: { model: gpt-4o-2024-08-06, rateLimit: { ptu: 1, tokensPerPtuPerMinute: 10 }, spilloverDeployment: standard }
        ptu-by-request: { model: gpt-4o-2024-08-06, rateLimit: { ptu: 1, tokensPerPtuPerMinute: 10 } }
        standard: { model: gpt-4o-2024-08-06, rateLimit: { tpm: 150, rpm: 600 } }
    `,
  });
  return startTestSimulator(t, { scenarios: join(dir, 'scenarios.yaml') });
}

const body = (model: string) => ({ model, messages: [{ role: 'user' as const, content: 'Hello' }], max_tokens: 100 });

test('a provisioned deployment that would answer 429 spills to its standard deployment, whose quota is charged', async (t) => {
  const sim = await withSpillover(t);
  const client = azureClient(sim, { deployment: 'ptu' });
  const first = await client.chat.completions.create(body('ptu')).withResponse();
  t.is(first.response.headers.get('x-ms-deployment-name'), 'ptu');
  t.is(first.response.headers.get('x-ms-spillover-from-deployment'), null);

  const spilled = await client.chat.completions.create(body('ptu')).withResponse();
  t.is(spilled.response.status, 200);
  t.is(spilled.data.object, 'chat.completion');
  t.is(spilled.response.headers.get('x-ms-spillover-from-deployment'), 'ptu');
  t.is(spilled.response.headers.get('x-ms-deployment-name'), 'standard');
  t.is(spilled.response.headers.get('x-ms-spillover-error'), '429');
  const estimate = spilled.data.usage!.prompt_tokens + 100;
  // the standard deployment's own quota, charged the request's estimate
  t.is(spilled.response.headers.get('x-ratelimit-limit-tokens'), '150');
  t.is(spilled.response.headers.get('x-ratelimit-remaining-tokens'), String(150 - estimate));
  const direct = await azureClient(sim, { deployment: 'standard' })
    .chat.completions.create({ ...body('standard'), max_tokens: 1 })
    .withResponse();
  t.is(direct.response.headers.get('x-ratelimit-remaining-tokens'), String(150 - estimate - (estimate - 100 + 1)));
});

test('when the standard deployment refuses too, its 429 is the answer, with the spillover headers', async (t) => {
  const sim = await withSpillover(t);
  const client = azureClient(sim, { deployment: 'ptu' });
  await client.chat.completions.create(body('ptu'));
  await client.chat.completions.create(body('ptu')); // spilled: the standard deployment's 150 tokens are mostly used
  const error = await t.throwsAsync(client.chat.completions.create(body('ptu')), { instanceOf: RateLimitError });
  t.is(error.status, 429);
  t.is(error.code, '429');
  t.regex(
    error.message,
    /^429 Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit/,
  );
  t.is(error.headers?.get('x-ms-spillover-from-deployment'), 'ptu');
  t.is(error.headers?.get('x-ms-spillover-error'), '429');
  t.is(error.headers?.get('x-ms-deployment-name'), 'standard');
  t.is(error.headers?.get('x-ratelimit-limit-tokens'), '150');
  t.truthy(error.headers?.get('retry-after-ms'));
});

test('a request spills over when it names the standard deployment in x-ms-spillover-deployment, and only then', async (t) => {
  const sim = await withSpillover(t);
  const client = azureClient(sim, { deployment: 'ptu-by-request' });
  await client.chat.completions.create(body('ptu-by-request'));
  const refused = await t.throwsAsync(client.chat.completions.create(body('ptu-by-request')), { instanceOf: RateLimitError });
  t.is(refused.headers?.get('x-ms-deployment-name'), 'ptu-by-request');
  t.is(refused.headers?.get('x-ms-spillover-from-deployment'), null);

  const spilled = await client.chat.completions
    .create(body('ptu-by-request'), { headers: { 'x-ms-spillover-deployment': 'standard' } })
    .withResponse();
  t.is(spilled.response.status, 200);
  t.is(spilled.response.headers.get('x-ms-spillover-from-deployment'), 'ptu-by-request');
  t.is(spilled.response.headers.get('x-ms-deployment-name'), 'standard');
  t.is(spilled.response.headers.get('x-ms-spillover-error'), '429');
});

test('a request the provisioned deployment admits is not spilled, header or not', async (t) => {
  const sim = await withSpillover(t);
  const response = await azureClient(sim, { deployment: 'ptu-by-request' })
    .chat.completions.create(body('ptu-by-request'), { headers: { 'x-ms-spillover-deployment': 'standard' } })
    .asResponse();
  t.is(response.status, 200);
  t.is(response.headers.get('x-ms-deployment-name'), 'ptu-by-request');
  t.is(response.headers.get('x-ms-spillover-from-deployment'), null);
  t.is(response.headers.get('x-ms-spillover-error'), null);
});
