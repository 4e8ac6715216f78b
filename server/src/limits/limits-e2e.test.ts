import test from 'ava';
import { RateLimitError } from 'openai';
import { join } from 'node:path';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';

async function withLimits(t: import('ava').ExecutionContext) {
  const dir = await tempTree(t, {
    'scenarios.yaml': yaml`
      deployments:
        tokens: { model: gpt-4o-2024-08-06, rateLimit: { tpm: 1000 } }
        calls: { model: gpt-4o-2024-08-06, rateLimit: { tpm: 100000, rpm: 60, burstWindow: 1s } }
        ptu: { model: gpt-4o-2024-08-06, rateLimit: { ptu: 1, tokensPerPtuPerMinute: 100 } }
    `,
  });
  return startTestSimulator(t, { scenarios: join(dir, 'scenarios.yaml') });
}

const hello = [{ role: 'user' as const, content: 'Hello' }];

test('success carries live x-ratelimit headers; the estimate counts prompt plus max_tokens', async (t) => {
  const sim = await withLimits(t);
  const client = azureClient(sim, { deployment: 'tokens' });
  const first = await client.chat.completions.create({ model: 'tokens', messages: hello, max_tokens: 300 }).withResponse();
  const prompt = first.data.usage!.prompt_tokens;
  t.is(first.response.headers.get('x-ratelimit-limit-tokens'), '1000');
  t.is(first.response.headers.get('x-ratelimit-remaining-tokens'), String(1000 - (prompt + 300)));
  t.is(first.response.headers.get('x-ratelimit-limit-requests'), '6');
  t.is(first.response.headers.get('x-ratelimit-remaining-requests'), '5');
});

test('a 429 for tokens: the service body naming the operation and api-version, exact retry headers', async (t) => {
  const sim = await withLimits(t);
  const client = azureClient(sim, { deployment: 'tokens' });
  await client.chat.completions.create({ model: 'tokens', messages: hello, max_tokens: 600 });
  const error = await t.throwsAsync(client.chat.completions.create({ model: 'tokens', messages: hello, max_tokens: 600 }), {
    instanceOf: RateLimitError,
  });
  t.is(error.status, 429);
  t.is(error.code, '429');
  t.regex(
    error.message,
    /^429 Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier\. Please retry after 60 seconds\. Please go here: https:\/\/aka\.ms\/oai\/quotaincrease if you would like to further increase the default rate limit\.$/,
  );
  const retryAfterMs = Number(error.headers?.get('retry-after-ms'));
  t.true(retryAfterMs > 59_000 && retryAfterMs <= 60_000, String(retryAfterMs));
  t.is(error.headers?.get('retry-after'), '60');
  t.is(error.headers?.get('x-ratelimit-reset-tokens'), '60');
});

test('a request that could never fit gets the service’s 429 with retry after 86400 seconds, not a 500', async (t) => {
  const sim = await withLimits(t);
  const error = await t.throwsAsync(
    azureClient(sim, { deployment: 'tokens' }).chat.completions.create({ model: 'tokens', messages: hello, max_tokens: 5000 }),
    {
      instanceOf: RateLimitError,
    },
  );
  t.regex(error.message, /Please retry after 86400 seconds/);
});

test('the call rate limit in a 1 s burst window: maxRetries 0 sees the 429, the SDK’s retry gets through', async (t) => {
  const sim = await withLimits(t);
  const impatient = azureClient(sim, { deployment: 'calls', maxRetries: 0 });
  await impatient.chat.completions.create({ model: 'calls', messages: hello });
  const error = await t.throwsAsync(impatient.chat.completions.create({ model: 'calls', messages: hello }), { instanceOf: RateLimitError });
  t.regex(error.message, /have exceeded call rate limit of your current OpenAI S0 pricing tier\. Please retry after 1 second\./);
  const retryAfterMs = Number(error.headers?.get('retry-after-ms'));
  t.true(retryAfterMs > 0 && retryAfterMs <= 1000);

  const patient = azureClient(sim, { deployment: 'calls', maxRetries: 2 });
  const started = Date.now();
  const completion = await patient.chat.completions.create({ model: 'calls', messages: hello });
  t.truthy(completion.choices[0]?.message.content);
  t.true(Date.now() - started >= retryAfterMs - 50, 'the SDK waited as retry-after-ms said');
});

test('a provisioned deployment reports its utilization, settles on actual usage and refuses at 100%', async (t) => {
  const sim = await withLimits(t);
  const client = azureClient(sim, { deployment: 'ptu' });
  const first = await client.chat.completions.create({ model: 'ptu', messages: hello, max_tokens: 40 }).withResponse();
  const utilization = first.response.headers.get('azure-openai-deployment-utilization') ?? '';
  t.regex(utilization, /^\d+\.\d%$/);
  t.true(parseFloat(utilization) > 0);
  let refusal: RateLimitError | undefined;
  let admitted = 1;
  for (let i = 0; i < 6 && !refusal; i++) {
    await client.chat.completions.create({ model: 'ptu', messages: hello, max_tokens: 40 }).then(
      () => admitted++,
      (error: unknown) => (refusal = error as RateLimitError),
    );
  }
  t.true(refusal instanceof RateLimitError, 'the bucket fills up');
  t.true(admitted >= 2, 'settling on actual usage leaves room for more than the first estimate');
  t.true(Number(refusal?.headers?.get('retry-after-ms')) > 0);
});
