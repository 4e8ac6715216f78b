// The soak's mix: valid requests of every operation, as a load test sends them, streams and disconnects included.
import type { HttpRequest } from '../send/http-exchange.ts';
import { silentWav } from '../cases/multipart.ts';

/** One request of the mix, and what a good answer is. */
export interface SoakRequest {
  kind: string;
  request: HttpRequest;
  /** The client goes away mid-stream: no status is expected, only that the simulator copes. */
  leaves: boolean;
}

const V = '?api-version=2024-10-21';
const WAV = silentWav(1);
const BOUNDARY = 'soakform';
const FORM = Buffer.concat([
  Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\nContent-Type: audio/wav\r\n\r\n`),
  WAV,
  Buffer.from(`\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="response_format"\r\n\r\nverbose_json\r\n--${BOUNDARY}--\r\n`),
]);

type Maker = (n: number, key: string, storedIds: readonly string[]) => Omit<SoakRequest, 'leaves'> & { leaves?: boolean };

const json = (key: string, target: string, body: unknown, extra: Record<string, string> = {}): HttpRequest => ({
  method: 'POST',
  target,
  headers: { 'api-key': key, 'content-type': 'application/json', ...extra },
  body: Buffer.from(JSON.stringify(body)),
});

// Prompts differ from request to request (n), so that the answer caches fill and evict as in a long test.
const chatBody = (n: number) => ({
  messages: [{ role: 'user', content: `Summarise order ${n} for the customer, please.` }],
  max_tokens: 60,
});

/** The mix, by weight: mostly chat and embeddings, as most load tests are. */
const MIX: ReadonlyArray<readonly [number, Maker]> = [
  [
    28,
    (n, key) => ({
      kind: 'chat',
      request: json(key, `/openai/deployments/gpt-4o/chat/completions${V}`, chatBody(n), { 'x-sim-test-id': `t-${n % 100}` }),
    }),
  ],
  [
    12,
    (n, key) => ({
      kind: 'chat stream',
      request: json(key, `/openai/deployments/gpt-4o-streaming/chat/completions${V}`, {
        ...chatBody(n),
        stream: true,
        stream_options: { include_usage: true },
      }),
    }),
  ],
  [
    6,
    (n, key) => ({
      kind: 'chat stream, client leaves',
      request: {
        ...json(key, `/openai/deployments/gpt-4o-streaming/chat/completions${V}`, { ...chatBody(n), stream: true }),
        leaveAfterBytes: 900 + (n % 7) * 150,
      },
      leaves: true,
    }),
  ],
  [
    5,
    (n, key) => ({
      kind: 'completions',
      request: json(key, `/openai/deployments/gpt-35-turbo-instruct/completions${V}`, { prompt: `Order ${n} is`, max_tokens: 20 }),
    }),
  ],
  [
    16,
    (n, key) => ({
      kind: 'embeddings',
      request: json(key, `/openai/deployments/text-embedding-3-small/embeddings${V}`, {
        input: [`order ${n}`, 'refund policy'],
        encoding_format: n % 2 ? 'base64' : 'float',
      }),
    }),
  ],
  [
    8,
    (n, key) => ({
      kind: 'responses',
      request: json(key, '/openai/v1/responses', { model: 'gpt-4o', input: `Where is order ${n}?`, max_output_tokens: 60 }),
    }),
  ],
  [
    4,
    (n, key) => ({
      kind: 'responses stream',
      request: json(key, '/openai/v1/responses', {
        model: 'gpt-4o-streaming',
        input: `Track order ${n}`,
        stream: true,
        max_output_tokens: 60,
      }),
    }),
  ],
  [
    3,
    (_n, key, ids) => ({
      kind: 'stored response',
      request:
        ids.length > 0
          ? { method: 'GET', target: `/openai/v1/responses/${ids[ids.length - 1]}`, headers: { 'api-key': key } }
          : { method: 'GET', target: '/openai/v1/models', headers: { 'api-key': key } },
    }),
  ],
  [3, (_n, key) => ({ kind: 'models', request: { method: 'GET', target: '/openai/v1/models', headers: { 'api-key': key } } })],
  [
    2,
    (n, key) => ({
      kind: 'images',
      request: json(key, `/openai/deployments/dall-e-3/images/generations${V}`, { prompt: `a parcel, ${n}`, response_format: 'url' }),
    }),
  ],
  [
    3,
    (n, key) => ({
      kind: 'speech',
      request: json(key, `/openai/deployments/tts/audio/speech${V}`, {
        input: `Order ${n} has shipped.`,
        voice: 'alloy',
        response_format: 'wav',
      }),
    }),
  ],
  [
    3,
    (_n, key) => ({
      kind: 'transcription',
      request: {
        method: 'POST',
        target: `/openai/deployments/whisper/audio/transcriptions${V}`,
        headers: { 'api-key': key, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
        body: FORM,
      },
    }),
  ],
];

const TOTAL = MIX.reduce((sum, [weight]) => sum + weight, 0);

/** Request `n` of the soak: the mix is walked in a fixed, spread-out order, so any stretch of it has every kind. */
export function soakRequest(n: number, key: string, storedIds: readonly string[]): SoakRequest {
  let ticket = (n * 7919) % TOTAL;
  for (const [weight, make] of MIX) {
    if (ticket < weight) {
      const made = make(n, key, storedIds);
      return { ...made, leaves: made.leaves ?? false };
    }
    ticket -= weight;
  }
  throw new Error('unreachable: the tickets cover the mix');
}
