import test from 'ava';
import { legacyEnvironment, type LegacyFiles } from '../config/legacy-env.ts';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';

// The Python simulators' settings, observed through the SDK and the control API of a simulator started on the
// embedded default scenarios, as `aoai-sim` starts it with those variables set.

const files = (texts: Record<string, string> = {}): LegacyFiles => ({
  exists: (path) => path in texts,
  readText: (path) => texts[path] ?? '',
});

async function startWith(t: import('ava').ExecutionContext, env: NodeJS.ProcessEnv, texts: Record<string, string> = {}) {
  const { overrides } = legacyEnvironment(env, { scenariosGiven: false, files: files(texts) });
  return startTestSimulator(t, overrides);
}

test('OPENAI_DEPLOYMENT_CONFIG_PATH: its deployments are served, with their quotas, in place of the embedded ones', async (t) => {
  const sim = await startWith(
    t,
    { OPENAI_DEPLOYMENT_CONFIG_PATH: 'deployments.json' },
    {
      'deployments.json': JSON.stringify({
        'gpt-35-turbo-1k-token': { model: 'gpt-3.5-turbo', tokensPerMinute: 1000 },
        embedding: { model: 'text-embedding-ada-002', tokensPerMinute: 10000, embeddingSize: 256 },
      }),
    },
  );
  const chat = azureClient(sim, { deployment: 'gpt-35-turbo-1k-token' });
  const answer = await chat.chat.completions.create({ model: 'x', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] });
  t.is(answer.model, 'gpt-3.5-turbo');
  const vectors = await azureClient(sim, { deployment: 'embedding' }).embeddings.create({ model: 'x', input: 'hello' });
  t.is(vectors.data[0]?.embedding.length, 256);

  const overQuota = await chat.chat.completions
    .create({ model: 'x', max_tokens: 1500, messages: [{ role: 'user', content: 'hi' }] })
    .catch((error: { status: number }) => error);
  t.like(overQuota, { status: 429 }, '1,000 tokens per minute, enforced');
  const gone = await azureClient(sim, { deployment: 'gpt-4o' })
    .chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] })
    .catch((error: { status: number }) => error);
  t.like(gone, { status: 404 }, 'the file defines the deployments, as there');
});

test('ALLOW_UNDEFINED_OPENAI_DEPLOYMENTS=True answers any deployment name with the model aoai-api-simulator used; unset or False, 404', async (t) => {
  const open = await startWith(t, { ALLOW_UNDEFINED_OPENAI_DEPLOYMENTS: 'True' });
  const answer = await azureClient(open, { deployment: 'whatever-we-called-it' }).chat.completions.create({
    model: 'x',
    messages: [{ role: 'user', content: 'hi' }],
  });
  t.is(answer.model, 'gpt-3.5-turbo-0613');
  const vectors = await azureClient(open, { deployment: 'my-embedder' }).embeddings.create({ model: 'x', input: 'hello' });
  t.is(vectors.data[0]?.embedding.length, 1536);

  for (const env of [{}, { ALLOW_UNDEFINED_OPENAI_DEPLOYMENTS: 'False' }]) {
    const closed = await startWith(t, env);
    const refused = await azureClient(closed, { deployment: 'whatever-we-called-it' })
      .chat.completions.create({ model: 'x', messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: { status: number; code: string }) => error);
    t.like(refused, { status: 404, code: 'DeploymentNotFound' }, JSON.stringify(env));
  }
});

test('LATENCY_OPENAI_*: each deployment takes the latency of the operation it serves', async (t) => {
  const sim = await startWith(t, {
    LATENCY_OPENAI_CHAT_COMPLETIONS_MEAN: '25',
    LATENCY_OPENAI_EMBEDDINGS_MEAN: '80',
    LATENCY_OPENAI_EMBEDDINGS_STD_DEV: '0',
  });
  const config = (await (await fetch(`${sim.url}/__sim/config`)).json()) as { deployments: Array<{ name: string; latency?: unknown }> };
  const latency = (name: string) => config.deployments.find((deployment) => deployment.name === name)?.latency;
  t.deepEqual(latency('gpt-4o'), { ttft: 0, itl: { distribution: 'normal', mean: 25, stdDev: 6 } });
  t.deepEqual(latency('text-embedding-3-small'), { perRequest: { distribution: 'normal', mean: 80, stdDev: 0 }, perInputToken: 0 });
  t.is(latency('gpt-35-turbo-instruct'), undefined, 'LATENCY_OPENAI_COMPLETIONS_* was not set');
});
