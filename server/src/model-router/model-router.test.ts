import test from 'ava';
import { join } from 'node:path';
import { PREVIEW_API_VERSION, azureClient, v1Client } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';

async function withRouters(t: import('ava').ExecutionContext) {
  const dir = await tempTree(t, {
    'scenarios.yaml': yaml`
      deployments:
        router:
          model: model-router-2025-05-19
          rateLimit: { tpm: 100000, rpm: 600 }
          router:
            policy: prompt-length
            models:
              - { model: gpt-4.1-nano-2025-04-14, upToTokens: 50 }
              - { model: o4-mini-2025-04-16 }
        default-router: { model: model-router-2025-05-19 }
    `,
  });
  return startTestSimulator(t, { scenarios: join(dir, 'scenarios.yaml') });
}

const short = [{ role: 'user' as const, content: 'Hello' }];
const long = [{ role: 'user' as const, content: 'Tell me about the weather in spring. '.repeat(20) }];

test('a model router answers a short prompt with the model its policy picks for it', async (t) => {
  const sim = await withRouters(t);
  const answer = await azureClient(sim, { deployment: 'router' })
    .chat.completions.create({ model: 'router', messages: short })
    .withResponse();
  t.is(answer.data.model, 'gpt-4.1-nano-2025-04-14');
  t.is(answer.data.usage?.completion_tokens_details?.reasoning_tokens, 0);
  t.is(answer.response.headers.get('x-ms-deployment-name'), 'router');
  // the router deployment's own quota is charged
  t.is(answer.response.headers.get('x-ratelimit-limit-tokens'), '100000');
});

test('a model router answers a long prompt with the model for long prompts, and its usage and bounds are that model’s', async (t) => {
  const sim = await withRouters(t);
  // 50,000 completion tokens: more than the router's own 32,768, within o4-mini's 100,000; o4-mini answers only
  // on 2024-12-01-preview and later (see docs/conformance.md)
  const answer = await azureClient(sim, { deployment: 'router', apiVersion: PREVIEW_API_VERSION })
    .chat.completions.create({ model: 'router', messages: long, max_completion_tokens: 50_000 })
    .withResponse();
  t.is(answer.data.model, 'o4-mini-2025-04-16');
  t.true(answer.data.usage!.prompt_tokens > 50);
  // o4-mini is a reasoning model: it spends reasoning tokens, which gpt-4.1-nano never does
  t.true((answer.data.usage?.completion_tokens_details?.reasoning_tokens ?? 0) > 0);
  t.is(answer.response.headers.get('x-ratelimit-limit-tokens'), '100000');
});

test('a model router without a policy routes by prompt length over gpt-4.1-nano, gpt-4.1-mini and gpt-4.1', async (t) => {
  const sim = await withRouters(t);
  const client = v1Client(sim);
  t.is((await client.chat.completions.create({ model: 'default-router', messages: short })).model, 'gpt-4.1-nano-2025-04-14');
  const longer = [{ role: 'user' as const, content: 'Tell me about the weather in spring. '.repeat(100) }];
  t.is((await client.chat.completions.create({ model: 'default-router', messages: longer })).model, 'gpt-4.1-mini-2025-04-14');
});
