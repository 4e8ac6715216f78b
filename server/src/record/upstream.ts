import type { Exchange } from '../http/exchange.ts';
import type { RecordedChunk } from '../cassettes/cassette-types.ts';
import { realClock } from '../clock/index.ts';

/** Where record mode forwards to, and with which credential. */
export interface Upstream {
  /** e.g. https://my-resource.openai.azure.com */
  endpoint: string;
  /** The upstream key; when absent, the caller's own api-key or Authorization is passed through. */
  apiKey?: string;
}

export interface CapturedResponse {
  status: number;
  headers: Record<string, string>;
  /** The body, for an answer that is not a stream. */
  body?: Buffer;
  /** The events, for a stream. */
  chunks?: RecordedChunk[];
}

/** Request headers worth forwarding: what shapes the answer, never hop-by-hop or host headers. */
const FORWARDED = ['content-type', 'accept', 'user-agent', 'x-ms-client-request-id', 'openai-beta'];

/**
 * Forwards the request to the real endpoint and answers the client with what comes back, a stream chunk by
 * chunk as it arrives (never buffered first), capturing it all with each chunk's time offset for the cassette.
 * `keep` is given the capture before the answer ends, so that an answer the client has whole is already
 * recorded: a test may stop the simulator and replay as soon as its last call returns.
 */
export async function forwardUpstream(
  exchange: Exchange,
  upstream: Upstream,
  raw: Buffer,
  keep: (captured: CapturedResponse) => Promise<void>,
): Promise<void> {
  const headers: Record<string, string> = {};
  for (const name of FORWARDED) {
    const value = exchange.header(name);
    if (value) headers[name] = value;
  }
  if (upstream.apiKey) headers['api-key'] = upstream.apiKey;
  else if (exchange.header('api-key')) headers['api-key'] = exchange.header('api-key');
  else if (exchange.header('authorization')) headers.authorization = exchange.header('authorization');

  const url = new URL(exchange.url, upstream.endpoint.endsWith('/') ? upstream.endpoint : `${upstream.endpoint}/`);
  const response = await fetch(url, {
    method: exchange.method,
    headers,
    body: raw.length > 0 ? new Uint8Array(raw) : null,
    redirect: 'manual',
  });
  const captured: CapturedResponse = { status: response.status, headers: Object.fromEntries(response.headers) };
  exchange.set(Object.fromEntries([...response.headers].filter(([name]) => !HOP_BY_HOP.has(name))));
  const isStream = (response.headers.get('content-type') ?? '').includes('text/event-stream');
  if (!isStream || !response.body) {
    captured.body = Buffer.from(await response.arrayBuffer());
    await keep(captured);
    exchange.send(response.status, response.headers.get('content-type') ?? undefined, captured.body);
    return;
  }
  captured.chunks = [];
  const res = exchange.handOver();
  res.writeHead(response.status, exchange.responseHeaders);
  // the recording keeps the real service's timing, whatever clock the simulation runs on
  const started = realClock.now();
  const decoder = new TextDecoder();
  let pending = '';
  for await (const bytes of response.body as AsyncIterable<Uint8Array>) {
    res.write(bytes);
    pending += decoder.decode(bytes, { stream: true });
    let end: number;
    while ((end = pending.indexOf('\n\n')) !== -1) {
      const event = parseEvent(pending.slice(0, end), Math.round(realClock.now() - started));
      if (event) captured.chunks.push(event);
      pending = pending.slice(end + 2);
    }
  }
  await keep(captured);
  res.end();
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding', 'upgrade']);

function parseEvent(frame: string, offsetMs: number): RecordedChunk | undefined {
  let data: string | undefined;
  let event: string | undefined;
  for (const line of frame.split('\n')) {
    if (line.startsWith('data: ')) data = data === undefined ? line.slice(6) : `${data}\n${line.slice(6)}`;
    else if (line.startsWith('event: ')) event = line.slice(7);
  }
  if (data === undefined) return undefined;
  return event === undefined ? { offsetMs, data } : { offsetMs, data, event };
}
