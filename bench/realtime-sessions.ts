/**
 * The load side of `npm run bench:realtime`: N realtime sessions over plain `ws:` (the simulator serves WebSocket
 * without --tls, and TLS would spend the load generator's one core on encryption), opened spread over a ramp. Each
 * sends session.update, a user item and response.create, and asks again at each response.done until the run's end.
 * Every delta's arrival is taken with performance.now() as the message comes, with no JSON parse on that path:
 * the type is read from the frame's first bytes and an audio delta's length from its base64 text's length.
 */
import WebSocket, { type RawData } from 'ws';

export type DeltaKind = 'audio' | 'text';

export interface LoadSpec {
  /** `ws://host:port` */
  url: string;
  deployment: string;
  sessions: number;
  /** Sessions open spread over this long. */
  rampMs: number;
  /** How long the sessions stream after the ramp, ms. */
  steadyMs: number;
  kind: DeltaKind;
  /** The deployment's fixed TTFT. */
  ttftMs: number;
  /** What a text delta's gap should be: the deployment's ITL × tokens per chunk. */
  textGapMs: number;
  prompt: string;
}

export interface LoadResult {
  startedAt: number;
  rampEndsAt: number;
  /** Each gap's arrival time and error, ms, in arrival order. */
  gapAt: number[];
  gapError: number[];
  ttftError: number[];
  deltas: number;
  /** Decoded audio received, ms of audio (0 for text). */
  audioMs: number;
  responses: { completed: number; failed: number; other: number };
  opened: number;
  failedSessions: number;
  failures: Map<string, number>;
}

const DELTA_TYPE: Record<DeltaKind, string> = { audio: 'response.output_audio.delta', text: 'response.output_text.delta' };
/** pcm16 at 24 kHz, mono: bytes per millisecond of audio. */
const PCM16_BYTES_PER_MS = 48;
/** The server writes `{"type":"` first (see RealtimeSession#send): the type starts at this byte. */
const TYPE_AT = 9;
const QUOTE = 0x22;
const EQUALS = 0x3d;
const DELTA_KEY = Buffer.from('"delta":"');

function eventType(data: Buffer): string {
  return data.toString('latin1', TYPE_AT, data.indexOf(QUOTE, TYPE_AT));
}

/** The bytes a delta's base64 `delta` field decodes to, from its length and padding alone. */
function base64Bytes(data: Buffer): number {
  const start = data.lastIndexOf(DELTA_KEY) + DELTA_KEY.length;
  const end = data.indexOf(QUOTE, start);
  const padding = (data[end - 1] === EQUALS ? 1 : 0) + (data[end - 2] === EQUALS ? 1 : 0);
  return ((end - start) * 3) / 4 - padding;
}

function sessionUpdate(kind: DeltaKind): Record<string, unknown> {
  if (kind === 'text') return { type: 'realtime', output_modalities: ['text'] };
  return { type: 'realtime', output_modalities: ['audio'], audio: { output: { format: { type: 'audio/pcm', rate: 24000 } } } };
}

/** Opens the sessions, lets them stream until the ramp and steady time are over, closes them, and reports. */
export async function runSessions(spec: LoadSpec): Promise<LoadResult> {
  const startedAt = performance.now();
  const endsAt = startedAt + spec.rampMs + spec.steadyMs;
  const result: LoadResult = {
    startedAt,
    rampEndsAt: startedAt + spec.rampMs,
    gapAt: [],
    gapError: [],
    ttftError: [],
    deltas: 0,
    audioMs: 0,
    responses: { completed: 0, failed: 0, other: 0 },
    opened: 0,
    failedSessions: 0,
    failures: new Map(),
  };
  const deltaType = DELTA_TYPE[spec.kind];
  const sockets: WebSocket[] = [];
  const closed: Array<Promise<void>> = [];
  let ending = false;
  /** Sessions whose handshake has not completed: failed if the run ends first. */
  const unopened = new Set<() => void>();
  const item = {
    type: 'conversation.item.create',
    item: { type: 'message', role: 'user', content: [{ type: 'input_text', text: spec.prompt }] },
  };

  const open = () => {
    const ws = new WebSocket(`${spec.url}/openai/v1/realtime?model=${spec.deployment}`, {
      headers: { 'api-key': 'bench' },
      perMessageDeflate: false,
      skipUTF8Validation: true,
    });
    sockets.push(ws);
    let failed = false;
    let askedAt = 0;
    let previousAt = 0;
    let previousMs = 0;
    const fail = (reason: string) => {
      if (!failed && !ending) {
        failed = true;
        result.failedSessions++;
        result.failures.set(reason, (result.failures.get(reason) ?? 0) + 1);
      }
    };
    const ask = () => {
      ws.send(JSON.stringify(item));
      ws.send('{"type":"response.create"}');
      askedAt = performance.now();
      previousAt = 0;
    };
    const notOpen = () => fail('not open by the end of the run');
    unopened.add(notOpen);
    ws.on('open', () => {
      unopened.delete(notOpen);
      result.opened++;
      ws.send(JSON.stringify({ type: 'session.update', session: sessionUpdate(spec.kind) }));
      ask();
    });
    ws.on('message', (data: RawData) => {
      const now = performance.now();
      const frame = data as Buffer;
      const type = eventType(frame);
      if (type === deltaType) {
        result.deltas++;
        if (previousAt === 0) result.ttftError.push(now - askedAt - spec.ttftMs);
        else {
          result.gapAt.push(now);
          result.gapError.push(now - previousAt - previousMs);
        }
        previousAt = now;
        previousMs = spec.kind === 'audio' ? base64Bytes(frame) / PCM16_BYTES_PER_MS : spec.textGapMs;
        if (spec.kind === 'audio') result.audioMs += previousMs;
      } else if (type === 'response.done') {
        const status = (JSON.parse(frame.toString()) as { response: { status: string } }).response.status;
        if (status === 'completed') result.responses.completed++;
        else if (status === 'failed') result.responses.failed++;
        else result.responses.other++;
        if (status === 'failed') fail('a response failed');
        if (previousAt === 0 && status === 'completed') fail(`a response had no ${deltaType}`);
        if (!ending && performance.now() < endsAt) ask();
      } else if (type === 'error') {
        fail(`error event: ${(JSON.parse(frame.toString()) as { error: { code: string } }).error.code}`);
      }
    });
    ws.on('error', (error) => fail(`socket error: ${error.message}`));
    closed.push(
      new Promise((resolve) =>
        ws.once('close', (code) => {
          if (!ending) fail(`closed by the server (${code})`);
          resolve();
        }),
      ),
    );
  };

  for (let i = 0; i < spec.sessions; i++) {
    const wait = startedAt + (i * spec.rampMs) / spec.sessions - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    open();
  }
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, endsAt - performance.now())));
  for (const notOpen of unopened) notOpen();
  ending = true;
  for (const ws of sockets) ws.close();
  // bounded: sockets that do not finish their closing handshake in 5 s are dropped
  const timeout = new Promise((resolve) => setTimeout(resolve, 5000).unref());
  await Promise.race([Promise.all(closed), timeout]);
  for (const ws of sockets) ws.terminate();
  return result;
}
