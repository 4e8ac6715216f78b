import type { IncomingHttpHeaders, OutgoingHttpHeader } from 'node:http';
import { Readable } from 'node:stream';
import { serviceHeaders } from '../http/request-id.ts';
import type { Scheduler, SchedulerTimer } from '../latency/index.ts';
import type { Inbound } from '../pipeline/inbound.ts';
import type { Reply } from '../pipeline/reply.ts';

/** What becomes of a realtime response's answer, told as it comes. */
export interface RealtimeListener {
  /** Each chunk of the streamed chat completion, parsed, as its pacing lets it out. */
  chunk(chunk: Record<string, unknown>): void;
}

/**
 * One realtime response as a turn of the data plane sees it: a streamed chat completion asked of the
 * deployment (Inbound: the JSON body made from the conversation, the session's credentials), whose answer
 * (Reply) is read chunk by chunk as the pacing lets it out, for the session to turn into its events. An error the
 * pipeline answers is kept (`status`, `sentText`) for the response to end `failed` with it.
 */
export class RealtimeExchange implements Inbound, Reply {
  readonly method = 'POST';
  readonly path: string;
  readonly url: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  readonly mediaType = 'application/json';
  readonly body: Readable & { readonly headers: IncomingHttpHeaders };
  readonly requestId: string;
  status = 0;
  answered = false;
  sentText: string | undefined = undefined;
  sentBytes: number | undefined = undefined;
  /** The answer was cut or reset by a fault rather than finished. */
  broken = false;
  readonly #listener: RealtimeListener;
  readonly #closed = new AbortController();
  readonly #onClose: Array<() => void> = [];

  constructor(path: string, headers: IncomingHttpHeaders, json: string, region: string, listener: RealtimeListener) {
    this.path = path;
    this.url = path;
    this.query = new URLSearchParams();
    const bytes = Buffer.from(json);
    this.headers = { ...headers, 'content-type': 'application/json', 'content-length': String(bytes.length) };
    this.body = Object.assign(Readable.from([bytes]), { headers: this.headers });
    this.requestId = serviceHeaders(region, '').requestId;
    this.#listener = listener;
  }

  header(name: string): string {
    const value = this.headers[name];
    return Array.isArray(value) ? value.join(', ') : (value ?? '');
  }

  /** The headers the answer would carry over HTTP: the rate-limit figures `rate_limits.updated` reports. */
  readonly answerHeaders: Record<string, OutgoingHttpHeader> = {};

  set(headers: Readonly<Record<string, OutgoingHttpHeader>>): void {
    Object.assign(this.answerHeaders, headers);
  }

  resetHeaders(): void {
    for (const name of Object.keys(this.answerHeaders)) delete this.answerHeaders[name];
  }

  send(status: number, _contentType: string | undefined, body: string | Buffer): void {
    this.answered = true;
    this.status = status;
    this.sentText = typeof body === 'string' ? body : body.toString('utf8');
    this.sentBytes = Buffer.byteLength(this.sentText);
  }

  async stream(
    status: number,
    _headers: Readonly<Record<string, string>>,
    frames: Iterable<string> | AsyncIterable<string>,
  ): Promise<void> {
    this.answered = true;
    this.status = status;
    for await (const frame of frames) {
      if (this.#closed.signal.aborted) break;
      for (const chunk of sseChunks(frame)) this.#listener.chunk(chunk);
    }
  }

  onClose(listener: () => void): void {
    this.#onClose.push(listener);
  }

  closedSignal(): AbortSignal {
    return this.#closed.signal;
  }

  /** Stops the answer (a cancelled response, a closed session): pacing and waits end at once. */
  cancel(): void {
    this.#closed.abort();
  }

  get cancelled(): boolean {
    return this.#closed.signal.aborted;
  }

  /** The response is over: what waited for its end (the in-flight count) is told. */
  finish(): void {
    for (const listener of this.#onClose.splice(0)) listener();
  }

  hold(ms: number | undefined, scheduler: Scheduler): Promise<void> {
    return new Promise((resolve) => {
      let timer: SchedulerTimer | undefined;
      const done = () => {
        timer?.cancel();
        this.#closed.signal.removeEventListener('abort', done);
        resolve();
      };
      if (ms !== undefined) {
        timer = scheduler.timer(done);
        timer.set(scheduler.now() + ms);
      }
      this.#closed.signal.addEventListener('abort', done, { once: true });
    });
  }

  drop(): void {
    this.broken = true;
  }

  reset(): void {
    this.broken = true;
  }

  async cut(): Promise<void> {
    this.broken = true;
    this.#closed.abort();
  }

  abort(): void {
    this.broken = true;
    this.#closed.abort();
  }
}

/** The JSON chunks of an SSE text (one frame, or a whole stream sent at once), without `[DONE]`. */
function* sseChunks(text: string): Generator<Record<string, unknown>> {
  for (const line of text.split('\n')) {
    if (!line.startsWith('data:')) continue;
    const data = line.slice(5).trim();
    if (data === '' || data === '[DONE]') continue;
    try {
      yield JSON.parse(data) as Record<string, unknown>;
    } catch {
      // a malformed chunk (a fault's): skipped, as a client's parser would fail on it; the response goes on
    }
  }
}
