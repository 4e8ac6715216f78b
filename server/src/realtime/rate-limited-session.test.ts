import test from 'ava';
import { AzureOpenAI } from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { RealtimeClientEvent, RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import type { Scenarios } from '../generated/scenarios.ts';
import type { RunningSimulator } from '../server.ts';
import { startTestSimulator } from '../test-support/simulator.ts';

const SCENARIOS: Scenarios = {
  deployments: {
    roomy: { model: 'gpt-realtime-2025-08-28', rateLimit: { tpm: 100_000 } },
    tight: { model: 'gpt-realtime-2025-08-28', rateLimit: { tpm: 1_000 } },
  },
};

type Limits = Extract<RealtimeServerEvent, { type: 'rate_limits.updated' }>['rate_limits'];
type Done = Extract<RealtimeServerEvent, { type: 'response.done' }>['response'];

/** A session of the official client over wss: on `deployment`, asking for text answers. */
async function session(t: { teardown(fn: () => void): void }, sim: RunningSimulator, deployment: string) {
  const azure = new AzureOpenAI({ endpoint: `https://localhost:${sim.port}`, apiKey: 'k', apiVersion: '2025-04-01-preview', deployment });
  const rt = await OpenAIRealtimeWS.azure(azure, { options: { ca: sim.tls!.cert } });
  t.teardown(() => rt.close());
  const events: RealtimeServerEvent[] = [];
  rt.on('event', (event) => events.push(event));
  rt.on('error', () => {});
  const next = async <T extends RealtimeServerEvent['type']>(type: T, from: number) => {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const found = events.slice(from).find((event) => event.type === type);
      if (found) return found as Extract<RealtimeServerEvent, { type: T }>;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no ${type}; got ${events.map((event) => event.type).join(', ')}`);
  };
  await next('session.created', 0);
  rt.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
  await next('session.updated', 0);
  /** Asks for a response of at most `maxTokens`: how it ended, and the rate limits told after it. */
  const respond = async (maxTokens: number): Promise<{ done: Done; limits: Limits }> => {
    const from = events.length;
    rt.send({ type: 'response.create', response: { max_output_tokens: maxTokens } });
    const done = (await next('response.done', from)).response;
    return { done, limits: (await next('rate_limits.updated', from)).rate_limits };
  };
  return { rt, respond };
}

const tokens = (limits: Limits) => limits.find((limit) => limit.name === 'tokens')!;

test('a TPM-limited response ends failed with the 429’s error, and rate_limits.updated reports 0 tokens remaining', async (t) => {
  const sim = await startTestSimulator(t, { tls: true, scenarios: SCENARIOS });
  const hello: RealtimeClientEvent = {
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello' }] },
  };

  // what the prompt is charged at admission, read off a roomy deployment's remaining tokens
  const probe = await session(t, sim, 'roomy');
  probe.rt.send(hello);
  const probed = await probe.respond(1);
  const prompt = 100_000 - 1 - tokens(probed.limits).remaining!;
  t.true(prompt > 0);

  // the first response takes exactly what is left of the tight deployment's minute
  const { rt, respond } = await session(t, sim, 'tight');
  rt.send(hello);
  const first = await respond(1_000 - prompt);
  t.is(first.done.status, 'completed');
  t.like(tokens(first.limits), { name: 'tokens', limit: 1_000, remaining: 0 });
  const requests = first.limits.find((limit) => limit.name === 'requests')!;
  t.like(requests, { name: 'requests', limit: 6, remaining: 5 });
  t.true(requests.reset_seconds! > 0 && requests.reset_seconds! <= 60);

  const second = await respond(1);
  t.is(second.done.status, 'failed');
  const error = (second.done.status_details as { error: { code: string; message: string } }).error;
  t.is(error.code, '429');
  t.regex(error.message, /have exceeded token rate limit/);
  const retryAfter = Number(/retry after (\d+) second/.exec(error.message)![1]);
  t.like(tokens(second.limits), { name: 'tokens', limit: 1_000, remaining: 0, reset_seconds: retryAfter });
  t.is(second.limits.length, 2);
});
