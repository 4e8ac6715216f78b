import test from 'ava';
import { azureClient, PREVIEW_API_VERSION } from '../test-support/clients.ts';
import { recountO200k as recount } from '../test-support/recount.ts';
import { startTestSimulator } from '../test-support/simulator.ts';

/** A long, deterministic system prompt: about 3,000 tokens. */
const MANUAL = Array.from({ length: 600 }, (_, i) => `Rule ${i}: answer the caller politely about topic ${i * 7}.`).join(' ');
const system = { role: 'system' as const, content: MANUAL };
const ask = (content: string) => [system, { role: 'user' as const, content }];

/** What the service reports as cached of a prefix of `tokens`: nothing under 1,024, else whole 128-token steps. */
const cachedOf = (tokens: number) => (tokens < 1024 ? 0 : Math.floor(tokens / 128) * 128);

/** The cookbook's count of a chat prompt: 3 to prime the reply, 3 per message, its role and content. */
function promptTokens(messages: ReadonlyArray<{ role: string; content: string }>): number {
  return 3 + messages.reduce((sum, message) => sum + 3 + recount(message.role) + recount(message.content), 0);
}

test('chat: a repeated long prompt reports its tokens as cached, in 128-token steps, and the first does not', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const messages = ask('What is topic 42?');
  const first = await client.chat.completions.create({ model: 'gpt-4o', messages });
  const second = await client.chat.completions.create({ model: 'gpt-4o', messages });
  const tokens = promptTokens(messages);
  t.true(tokens > 2048);
  t.is(first.usage?.prompt_tokens, tokens);
  t.is(first.usage?.prompt_tokens_details?.cached_tokens, 0);
  t.is(second.usage?.prompt_tokens, tokens);
  t.is(second.usage?.prompt_tokens_details?.cached_tokens, cachedOf(tokens));
  t.is(second.choices[0]?.message.content, first.choices[0]?.message.content, 'caching changes the usage only');
});

test('chat: a prompt sharing a long prefix reports that prefix cached; another prompt_cache_key or deployment does not', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  await client.chat.completions.create({ model: 'gpt-4o', messages: ask('Alpha: what is topic 1?') });
  const other = await client.chat.completions.create({ model: 'gpt-4o', messages: ask('Beta: what is topic 2?') });
  // shared: the priming, the system message and the user message's framing and role, up to its content
  const shared = 3 + 3 + recount('system') + recount(MANUAL) + 3 + recount('user');
  t.is(other.usage?.prompt_tokens_details?.cached_tokens, cachedOf(shared));

  const keyed = await client.chat.completions.create({
    model: 'gpt-4o',
    messages: ask('Beta: what is topic 2?'),
    prompt_cache_key: 'tenant-b',
  });
  t.is(keyed.usage?.prompt_tokens_details?.cached_tokens, 0, 'a new prompt_cache_key starts its own cache');
  const mini = azureClient(sim, { deployment: 'gpt-4o-mini' });
  const elsewhere = await mini.chat.completions.create({ model: 'gpt-4o-mini', messages: ask('Beta: what is topic 2?') });
  t.is(elsewhere.usage?.prompt_tokens_details?.cached_tokens, 0, 'each deployment has its own cache');
});

test('chat: a prompt under 1,024 tokens is never cached; streamed usage reports cached tokens too', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const short = [{ role: 'user' as const, content: MANUAL.slice(0, 3000) }];
  t.true(promptTokens(short) < 1024);
  await client.chat.completions.create({ model: 'gpt-4o', messages: short });
  const again = await client.chat.completions.create({ model: 'gpt-4o', messages: short });
  t.is(again.usage?.prompt_tokens_details?.cached_tokens, 0);

  const messages = ask('Stream me topic 9.');
  await client.chat.completions.create({ model: 'gpt-4o', messages });
  const stream = await client.chat.completions.create({ model: 'gpt-4o', messages, stream: true, stream_options: { include_usage: true } });
  let usage;
  for await (const chunk of stream) usage = chunk.usage ?? usage;
  t.is(usage?.prompt_tokens_details?.cached_tokens, cachedOf(promptTokens(messages)));
});

test('responses: a repeated long input reports input_tokens_details.cached_tokens', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o', apiVersion: PREVIEW_API_VERSION });
  const request = { model: 'gpt-4o', instructions: MANUAL, input: 'What is topic 3?', store: false };
  const first = await client.responses.create(request);
  const second = await client.responses.create(request);
  // the instructions and the one input item, each with 4 tokens of framing
  const tokens = recount(MANUAL) + 4 + recount('What is topic 3?') + 4;
  t.is(second.usage?.input_tokens, tokens);
  t.is(first.usage?.input_tokens_details.cached_tokens, 0);
  t.is(second.usage?.input_tokens_details.cached_tokens, cachedOf(tokens));
});

test('a deployment with promptCaching: false never reports cached tokens', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: { deployments: { plain: { model: 'gpt-4o-2024-08-06', promptCaching: false } } } });
  const client = azureClient(sim, { deployment: 'plain' });
  const messages = ask('What is topic 5?');
  await client.chat.completions.create({ model: 'plain', messages });
  const again = await client.chat.completions.create({ model: 'plain', messages });
  t.is(again.usage?.prompt_tokens_details?.cached_tokens, 0);
});

test('provisioned: cached prompt tokens count nothing toward utilization', async (t) => {
  const ptu = { ptu: 1, tokensPerPtuPerMinute: 20000 };
  const sim = await startTestSimulator(t, {
    scenarios: {
      deployments: {
        cached: { model: 'gpt-4o-2024-08-06', rateLimit: ptu },
        plain: { model: 'gpt-4o-2024-08-06', rateLimit: ptu, promptCaching: false },
      },
    },
  });
  const messages = ask('What is topic 8?');
  const utilizations: Record<string, number> = {};
  for (const deployment of ['cached', 'plain']) {
    const client = azureClient(sim, { deployment });
    let last = '';
    for (let i = 0; i < 3; i++) {
      const { response } = await client.chat.completions.create({ model: deployment, messages, max_tokens: 16 }).withResponse();
      last = response.headers.get('azure-openai-deployment-utilization') ?? '';
    }
    utilizations[deployment] = parseFloat(last);
  }
  // the third admission sees the first two settled: the second request's cached tokens were charged on `plain` only
  const cachedShare = (100 * cachedOf(promptTokens(messages))) / ptu.tokensPerPtuPerMinute;
  t.true(utilizations.plain! - utilizations.cached! > cachedShare / 2, JSON.stringify(utilizations));
});
