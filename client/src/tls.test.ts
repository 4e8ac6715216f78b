/**
 * TLS through the client's handles, in a container (withTls()) and in this process (tls: true): the options they
 * hand out make the SDKs and the control client trust the simulator's certificate, and `tls.cert` lets openai's
 * realtime client, which always dials wss:, trust it too.
 */
import test, { type ExecutionContext } from 'ava';
import { AzureOpenAI, OpenAI } from 'openai';
import { OpenAIRealtimeWS } from 'openai/realtime/ws';
import type { RealtimeServerEvent } from 'openai/resources/realtime/realtime';
import { AoaiSim, AoaiSimContainer, type AzureClientOptions, type OpenAIV1Options, type Scenarios, type SimulatorTls } from './index.ts';
import { dockerReady, TEST_IMAGE } from './container/docker-available.ts';

interface Handle {
  getEndpoint(): string;
  getClientOptions(deployment?: string): AzureClientOptions;
  getOpenAIV1Options(): OpenAIV1Options;
  readonly tls: SimulatorTls | undefined;
  control: AoaiSim['control'];
  stop(): Promise<unknown>;
}

type Starter = (scenarios: Scenarios) => Promise<Handle>;

const docker = dockerReady();
const inCi = process.env.CI === 'true';

const starters: Array<[string, Starter | undefined]> = [
  ['in-process', (scenarios) => AoaiSim.startInProcess({ scenarios, tls: true })],
  ['container', docker.ready ? (scenarios) => new AoaiSimContainer(TEST_IMAGE).withScenarios(scenarios).withTls().start() : undefined],
];

const SCENARIOS: Scenarios = {
  deployments: {
    chat: { model: 'gpt-4o-2024-08-06', latency: { ttft: 20, itl: 5 } },
    embed: { model: 'text-embedding-3-small' },
    'gpt-realtime': { model: 'gpt-realtime-2025-08-28' },
  },
  scenarios: [
    { name: 'chat hello', match: { operation: 'chat', lastUserMessage: { contains: 'hello' } }, respond: { content: 'Hello over https.' } },
    {
      name: 'voice hello',
      match: { operation: 'realtime', lastUserMessage: { contains: 'hello' } },
      respond: { content: 'Hello over wss.' },
    },
  ],
};

async function started(t: ExecutionContext, start: Starter): Promise<Handle> {
  const handle = await start(SCENARIOS);
  t.teardown(() => handle.stop());
  return handle;
}

/** The text of one realtime turn, through openai's client for Azure trusting `ca`; bounded at 20 s. */
async function realtimeTurn(azure: AzureOpenAI, ca: string, text: string): Promise<{ answer: string; events: string[] }> {
  const rt = await OpenAIRealtimeWS.azure(azure, { options: { ca } });
  const events: string[] = [];
  try {
    const answer = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no response.done within 20 s; got ${events.join(', ')}`)), 20_000);
      let said = '';
      rt.on('error', (error) => reject(error));
      rt.on('event', (event: RealtimeServerEvent) => {
        events.push(event.type);
        if (event.type === 'session.created') {
          rt.send({ type: 'session.update', session: { type: 'realtime', output_modalities: ['text'] } });
          rt.send({ type: 'conversation.item.create', item: { type: 'message', role: 'user', content: [{ type: 'input_text', text }] } });
          rt.send({ type: 'response.create' });
        }
        if (event.type === 'response.output_text.delta') said += event.delta;
        if (event.type === 'response.done') {
          clearTimeout(timer);
          resolve(said);
        }
      });
    });
    return { answer, events };
  } finally {
    rt.close();
  }
}

for (const [name, start] of starters) {
  if (!start) {
    if (inCi)
      test(`${name} with TLS: Docker is required in CI`, (t) => t.fail(`container tests cannot run: ${docker.ready ? '' : docker.reason}`));
    else test.skip(`${name} with TLS: skipped, ${docker.ready ? '' : docker.reason} (CI=true makes this a failure)`, () => {});
    continue;
  }

  test(`${name} with TLS: getClientOptions() and getOpenAIV1Options() give SDK clients that trust its certificate`, async (t) => {
    const sim = await started(t, start);
    t.regex(sim.getEndpoint(), /^https:\/\//);
    t.regex(sim.tls?.cert ?? '', /^-----BEGIN CERTIFICATE-----\n/);
    const azure = new AzureOpenAI({ ...sim.getClientOptions('chat'), maxRetries: 0 });
    const answer = await azure.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hello' }] });
    t.is(answer.choices[0]?.message.content, 'Hello over https.');
    const v1 = new OpenAI({ ...sim.getOpenAIV1Options(), maxRetries: 0 });
    t.is((await v1.embeddings.create({ model: 'embed', input: 'hi' })).object, 'list');
  });

  test(`${name} with TLS: its control API answers over https`, async (t) => {
    const sim = await started(t, start);
    t.true(sim.control.baseUrl.startsWith('https://'));
    t.deepEqual(
      (await sim.control.config()).deployments.map((deployment) => deployment.name),
      ['chat', 'embed', 'gpt-realtime'],
    );
    await sim.control.reset();
    t.is(await sim.control.journalCount(), 0);
  });

  test(`${name} with TLS: openai's realtime client trusting tls.cert runs a text turn over wss`, async (t) => {
    const sim = await started(t, start);
    const azure = new AzureOpenAI(sim.getClientOptions('gpt-realtime'));
    const { answer, events } = await realtimeTurn(azure, sim.tls!.cert, 'hello');
    t.is(answer, 'Hello over wss.');
    t.true(events.includes('response.created'), events.join(', '));
  });
}
