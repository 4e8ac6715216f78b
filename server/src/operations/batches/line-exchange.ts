import type { IncomingHttpHeaders, OutgoingHttpHeader } from 'node:http';
import { Readable } from 'node:stream';
import { serviceHeaders } from '../../http/request-id.ts';
import type { Inbound, Reply } from '../../pipeline/index.ts';

/** What a line's answer was: its status (0 for none: a dropped or reset connection) and its body's text. */
export interface LineAnswer {
  status: number;
  requestId: string;
  body: string | undefined;
}

/**
 * One batch line as a turn reads it (Inbound) and where its answer goes (Reply), with no transport: the line's body
 * as a JSON request on the endpoint's v1 route, sent with the credentials and headers of the request that created
 * the batch, and its answer kept in memory for the output or error file. Nothing waits here: a batch line has no
 * latency of its own (the batch's phases have), so a hang fault ends at once, as a connection that closed.
 */
export class LineExchange implements Inbound, Reply {
  readonly method = 'POST';
  readonly path: string;
  readonly url: string;
  readonly query = new URLSearchParams();
  readonly headers: IncomingHttpHeaders;
  readonly mediaType = 'application/json';
  readonly requestId: string;
  sentText: string | undefined = undefined;
  sentBytes: number | undefined = undefined;
  #status = 0;
  #answered = false;
  readonly #json: Buffer;
  readonly #signal = new AbortController().signal;
  #closed = false;
  readonly #closeListeners: Array<() => void> = [];

  constructor(path: string, json: string, headers: IncomingHttpHeaders, region: string) {
    this.path = path;
    this.url = path;
    this.#json = Buffer.from(json);
    this.headers = { ...headers, 'content-type': 'application/json', 'content-length': String(this.#json.length) };
    this.requestId = serviceHeaders(region, '').requestId;
  }

  header(name: string): string {
    const value = this.headers[name];
    return value === undefined ? '' : Array.isArray(value) ? value.join(', ') : value;
  }

  get body(): Readable & { readonly headers: IncomingHttpHeaders } {
    return Object.assign(Readable.from([this.#json]), { headers: this.headers });
  }

  /** What the line was answered, once its turn is over. */
  get answer(): LineAnswer {
    return { status: this.#status, requestId: this.requestId, body: this.sentText };
  }

  set(_headers: Readonly<Record<string, OutgoingHttpHeader>>): void {}

  resetHeaders(): void {}

  send(status: number, _contentType: string | undefined, body: string | Buffer): void {
    this.#status = status;
    this.sentText = typeof body === 'string' ? body : body.toString('utf8');
    this.sentBytes = Buffer.byteLength(this.sentText);
    this.#finish();
  }

  async stream(
    status: number,
    _headers: Readonly<Record<string, string>>,
    frames: Iterable<string> | AsyncIterable<string>,
  ): Promise<void> {
    this.#answered = true;
    let text = '';
    for await (const frame of frames) text += frame;
    this.send(status, 'text/event-stream', text);
  }

  get answered(): boolean {
    return this.#answered;
  }

  get status(): number {
    return this.#status;
  }

  onClose(listener: () => void): void {
    if (this.#closed) listener();
    else this.#closeListeners.push(listener);
  }

  closedSignal(): AbortSignal {
    return this.#signal;
  }

  hold(): Promise<void> {
    return Promise.resolve();
  }

  drop(): void {
    this.#finish();
  }

  reset(): void {
    this.#finish();
  }

  async cut(): Promise<void> {
    this.#finish();
  }

  abort(): void {
    this.#finish();
  }

  #finish(): void {
    this.#answered = true;
    if (this.#closed) return;
    this.#closed = true;
    for (const listener of this.#closeListeners.splice(0)) listener();
  }
}
