import test from 'ava';
import type { IncomingHttpHeaders, OutgoingHttpHeader } from 'node:http';
import { Readable } from 'node:stream';
import { ManualClock, MANUAL_EPOCH_MS } from '../clock/index.ts';
import { resolveConfig, type SimConfig } from '../config/resolve-config.ts';
import { validateScenariosObject } from '../config/validate-object.ts';
import type { Scenarios } from '../generated/scenarios.ts';
import { AoaiError } from '../http/aoai-error.ts';
import { InFlightCounter, schedulerFor, type Scheduler } from '../latency/index.ts';
import { RateLimiter } from '../limits/index.ts';
import { createLogger } from '../logger.ts';
import { SimMetrics } from '../metrics/index.ts';
import { createOperationHandlers } from '../operations/index.ts';
import { BackgroundEnds } from '../operations/responses/background-ends.ts';
import { cassette, chatInteraction, chatRequest } from '../cassettes/fixtures.ts';
import { MemoryReplayCursors, type ReplayCursors, type ServedPicker } from '../cassettes/index.ts';
import { CassetteRuntime } from '../replay/cassette-runtime.ts';
import { StateHolder } from '../sim-state.ts';
import { MemorySimStore } from '../store/sim-store.ts';
import type { Inbound } from './inbound.ts';
import type { Reply } from './reply.ts';
import { DEFAULT_RESOURCE, Resource } from './resource.ts';
import { serveTurn } from './serve-turn.ts';
import { TargetTable } from './target-table.ts';
import { Turn } from './turn.ts';
import type { TurnRuntime } from './turn-runtime.ts';

/** A request with no socket under it: its headers and its body's bytes. */
class MemoryInbound implements Inbound {
  readonly method = 'POST';
  readonly path: string;
  readonly url: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly body: Readable & { headers: IncomingHttpHeaders };

  constructor(url: string, headers: Record<string, string>, body: unknown) {
    const [path, search = ''] = url.split('?');
    this.path = path!;
    this.url = url;
    this.query = new URLSearchParams(search);
    this.headers = { 'content-type': 'application/json', host: 'memory', ...headers };
    this.body = Object.assign(Readable.from([Buffer.from(JSON.stringify(body))]), { headers: this.headers });
  }

  header(name: string): string {
    const value = this.headers[name];
    return typeof value === 'string' ? value : '';
  }

  get mediaType(): string {
    return this.header('content-type');
  }
}

/** An answer kept in memory: what a Batch line's output will be. */
class MemoryReply implements Reply {
  readonly requestId = 'memory-request';
  readonly headers: Record<string, OutgoingHttpHeader> = {};
  status = 0;
  sentText: string | undefined;
  sentBytes: number | undefined;
  ended: 'sent' | 'dropped' | 'reset' | 'cut' | 'aborted' | undefined;
  readonly #closed: Array<() => void> = [];

  get answered(): boolean {
    return this.ended !== undefined;
  }
  set(headers: Readonly<Record<string, OutgoingHttpHeader>>): void {
    Object.assign(this.headers, headers);
  }
  resetHeaders(): void {
    for (const name of Object.keys(this.headers)) delete this.headers[name];
  }
  send(status: number, contentType: string | undefined, body: string | Buffer): void {
    this.status = status;
    if (contentType) this.headers['content-type'] = contentType;
    this.sentText = body.toString();
    this.sentBytes = Buffer.byteLength(body);
    this.ended = 'sent';
  }
  async stream(status: number, headers: Readonly<Record<string, string>>, frames: Iterable<string> | AsyncIterable<string>): Promise<void> {
    this.set(headers);
    this.status = status;
    let text = '';
    for await (const frame of frames) text += frame;
    this.sentText = text;
    this.ended = 'sent';
  }
  onClose(listener: () => void): void {
    this.#closed.push(listener);
  }
  closedSignal(): AbortSignal {
    return new AbortController().signal;
  }
  async hold(ms: number | undefined, scheduler: Scheduler): Promise<void> {
    if (ms === undefined) return;
    await new Promise<void>((resolve) => scheduler.timer(resolve).set(scheduler.now() + ms));
  }
  drop(): void {
    this.ended = 'dropped';
  }
  reset(): void {
    this.ended = 'reset';
  }
  async cut(): Promise<void> {
    this.ended = 'cut';
  }
  abort(): void {
    this.ended = 'aborted';
  }
  /** Ends the turn as a closed connection would: what waited for the close runs. */
  close(): void {
    for (const listener of this.#closed.splice(0)) listener();
  }
}

const SCENARIOS: Scenarios = {
  server: { auth: { apiKeys: ['the-key'] } },
  deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } },
  scenarios: [{ name: 'greeting', match: { lastUserMessage: { contains: 'hello' } }, respond: { content: 'Hello from a turn.' } }],
  faults: [{ name: 'reset', match: { lastUserMessage: { contains: '[reset]' } }, fault: { kind: 'reset' } }],
};

function configOf(scenarios: Scenarios): SimConfig {
  return resolveConfig(validateScenariosObject(scenarios), { file: 'turn.test', files: [], embeddedDefault: false });
}

function pipeline(state = new StateHolder(configOf(SCENARIOS), undefined, {}, new ManualClock())) {
  const { clock } = state;
  const { config } = state.current;
  const runtime: TurnRuntime = {
    state,
    handlers: createOperationHandlers(
      config.server.memory,
      state.store.responses,
      new BackgroundEnds(state.jobs, state.jobEvents, state.store.responses, 100),
    ).handlers,
    limits: new RateLimiter(undefined, () => clock.epochMs()),
    inFlight: new InFlightCounter(),
    scheduler: schedulerFor(clock),
    metrics: new SimMetrics(),
    logger: createLogger({ level: 'silent', format: 'json' }),
    observe: () => {},
  };
  const targets = new TargetTable(new Resource(DEFAULT_RESOURCE, config.server, clock));
  /** Runs one chat turn to its end, with no socket: the reply it answered and the turn. */
  const chat = async (content: string, headers: Record<string, string> = { 'api-key': 'the-key' }) => {
    const url = '/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21';
    const inbound = new MemoryInbound(url, { 'x-sim-test-id': 'memory', ...headers }, { messages: [{ role: 'user', content }] });
    const reply = new MemoryReply();
    const turn = new Turn(inbound, reply, targets.lookup(inbound.path)!, state.current, clock, runtime.scheduler);
    await serveTurn(turn, runtime);
    reply.close();
    return { reply, turn };
  };
  return { chat, runtime };
}

test('a turn runs through every stage without a socket: a rule’s answer, dated by the clock, with its identity', async (t) => {
  const { chat, runtime } = pipeline();
  const { reply, turn } = await chat('hello there');
  t.is(reply.status, 200);
  t.is(reply.headers['x-ms-deployment-name'], 'gpt-4o');
  const body = JSON.parse(reply.sentText!) as { created: number; choices: Array<{ message: { content: string } }> };
  t.is(body.choices[0]?.message.content, 'Hello from a turn.');
  t.is(body.created, MANUAL_EPOCH_MS / 1000);
  t.like(turn.identity, { deployment: 'gpt-4o', operation: 'chat', testId: 'memory' });
  t.like(turn.notes, { rule: 'greeting', limiter: { decision: 'unlimited' } });
  t.is(runtime.inFlight.current('gpt-4o'), 0, 'the turn left the deployment when its reply closed');
});

test('a refusal is rendered through the Reply, with the identity known so far', async (t) => {
  const { chat } = pipeline();
  const { reply, turn } = await chat('hello there', { 'api-key': 'wrong-key' });
  t.is(reply.status, 401);
  t.is(reply.sentText, AoaiError.invalidApiKey().body);
  t.like(turn.identity, { deployment: undefined, operation: 'chat', testId: 'memory' });
  t.is(turn.notes.errorCode, '401');
});

test('a fault acts through the Reply, never on a socket', async (t) => {
  const { chat } = pipeline();
  const { reply, turn } = await chat('[reset] hello');
  t.is(reply.ended, 'reset');
  t.is(reply.status, 0);
  t.is(turn.notes.fault, 'fault:reset');
});

/** The memory cursors answering a tick later, as a store shared over the network would. */
class LaterCursors implements ReplayCursors<Promise<number>> {
  readonly inner: MemoryReplayCursors;
  constructor(inner: MemoryReplayCursors) {
    this.inner = inner;
  }
  async advance(scope: string | undefined, key: string, picker: ServedPicker): Promise<number> {
    await Promise.resolve();
    return this.inner.advance(scope, key, picker);
  }
  async reset(scope?: string): Promise<void> {
    this.inner.reset(scope);
  }
}

test('a replayed answer waits for a store that answers later, and the sequence keeps its order', async (t) => {
  const config = configOf({ ...SCENARIOS, server: { ...SCENARIOS.server, mode: 'replay' }, replay: { timing: 'none' } });
  const memory = new MemorySimStore(config.server.memory);
  const store = { ...memory, replayCursors: new LaterCursors(memory.replayCursors as MemoryReplayCursors) };
  const cassettes = await CassetteRuntime.load(config, store);
  const recorded = (text: string) => chatInteraction({ ...chatRequest('Roll'), deployment: 'gpt-4o' }, text);
  cassettes.index.addCassette(cassette([recorded('first'), recorded('second')]), 'c.yaml');
  const { chat } = pipeline(new StateHolder(config, cassettes, {}, new ManualClock(), store));
  const contents: string[] = [];
  for (let i = 0; i < 3; i++) {
    const { reply, turn } = await chat('Roll');
    t.is(reply.status, 200);
    t.is(turn.notes.cassette, `c.yaml#${i === 0 ? 0 : 1}`);
    contents.push((JSON.parse(reply.sentText!) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content);
  }
  t.deepEqual(contents, ['first', 'second', 'second']);
});
