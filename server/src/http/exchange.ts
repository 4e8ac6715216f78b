import type { IncomingMessage, OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Clock } from '../clock/index.ts';
import type { Identity } from '../pipeline/identity.ts';
import type { RequestNotes } from './observe.ts';
import { endOfTurn } from './end-of-turn.ts';
import { SERVICE_HEADERS, serviceHeaders } from './request-id.ts';

/**
 * One data-plane request and its answer, over Node's own request and response. The data plane is the hot path
 * of a load test, so it does not go through Koa: Koa builds a context, a request and a response object and runs
 * the middleware chain for every request, which alone costs about 40% of a bare node:http server's throughput
 * (measured in bench/perf.ts's notes). This is what the data plane needs of a request and nothing more.
 */
export class Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The path without its query, as it arrived (not decoded). */
  readonly path: string;
  /** The route's parameters, decoded (the deployment). */
  readonly params: Readonly<Record<string, string>>;
  /** The arrival on the clock's monotonic time (Clock.now), which latencies are measured from. */
  readonly startedAt: number;
  /** The arrival time, epoch ms, for the journal (which writes it as ISO 8601 only when asked for the entry). */
  readonly time: number;
  /** The `apim-request-id` sent back. */
  readonly requestId: string;
  /** Who the request is for, as far as it is known: what the journal and the metrics count it under. */
  readonly identity: Identity;
  /** What the pipeline learns about the request, for the log, the journal and the metrics. */
  readonly notes: RequestNotes = {};
  /** The answer's body when it was sent whole as text, for the journal. */
  sentText: string | undefined;
  /** The answer's size when it was sent whole. */
  sentBytes: number | undefined;
  readonly #search: string;
  #query: URLSearchParams | undefined;
  readonly #headers: OutgoingHttpHeaders;
  #handedOver = false;

  constructor(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    search: string,
    params: Readonly<Record<string, string>>,
    identity: Identity,
    clock: Clock,
  ) {
    this.startedAt = clock.now();
    this.time = clock.epochMs();
    this.req = req;
    this.res = res;
    this.path = path;
    this.#search = search;
    this.params = params;
    this.identity = identity;
    const ids = serviceHeaders(identity.resource.region, this.header('x-ms-client-request-id'));
    this.requestId = ids.requestId;
    this.#headers = ids.headers;
  }

  get method(): string {
    return this.req.method ?? 'POST';
  }

  /** The path and query as they arrived (in origin form, also when the client sent a whole URL). */
  get url(): string {
    return this.#search === '' ? this.path : `${this.path}?${this.#search}`;
  }

  /** The query string's parameters, parsed on first use. */
  get query(): URLSearchParams {
    return (this.#query ??= new URLSearchParams(this.#search));
  }

  /** A request header's value, '' when it was not sent (several of one name are joined with ', '). */
  header(name: string): string {
    const value = this.req.headers[name];
    return value === undefined ? '' : Array.isArray(value) ? value.join(', ') : value;
  }

  /** The request's media type without its parameters, lower case: `application/json`. */
  get mediaType(): string {
    const type = this.header('content-type');
    const end = type.indexOf(';');
    return (end === -1 ? type : type.slice(0, end)).trim().toLowerCase();
  }

  /** Adds response headers (lower-case names), kept until the answer is sent. */
  set(headers: Readonly<Record<string, OutgoingHttpHeader>>): void {
    for (const name in headers) this.#headers[name.toLowerCase()] = headers[name]!;
  }

  /** The status sent, or 0 when nothing has been sent (a reset, a hang the client gave up on). */
  get status(): number {
    return this.res.headersSent ? this.res.statusCode : 0;
  }

  /** An answer was sent or started, or the response was handed to code that writes it itself. */
  get answered(): boolean {
    return this.#handedOver || this.res.headersSent;
  }

  /** Drops every header set since the service's own, to answer an error when a set header cannot be sent. */
  resetHeaders(): void {
    for (const name in this.#headers) if (!SERVICE_HEADERS.has(name)) delete this.#headers[name];
  }

  /**
   * Sends a whole answer with the headers set so far; a status that has no body (204, 304, 1xx) is sent without one.
   * `ascii`: the caller knows every character of a text body is ASCII, so it is counted and written as latin1.
   */
  send(status: number, contentType: string | undefined, body: string | Buffer, ascii = false): void {
    if (status === 204 || status === 304 || status < 200) {
      delete this.#headers['content-type'];
      delete this.#headers['content-length'];
      this.res.writeHead(status, this.#headers);
      endOfTurn.end(this.res);
      return;
    }
    if (contentType !== undefined) this.#headers['content-type'] = contentType;
    const bytes = typeof body === 'string' && !ascii ? Buffer.byteLength(body) : body.length;
    this.#headers['content-length'] = bytes;
    if (typeof body === 'string') this.sentText = body;
    this.sentBytes = bytes;
    this.res.writeHead(status, this.#headers);
    endOfTurn.end(this.res, body, ascii ? 'latin1' : 'utf8');
  }

  /**
   * Sends a stream: the headers at once, then the frames. Frames that are all ready (an unpaced stream) go out
   * together in one write (still chunked, as a stream is); paced frames go out as each comes, waiting for the socket to drain when it is full.
   * Ends when the frames do or the client leaves.
   */
  async stream(
    status: number,
    headers: Readonly<Record<string, string>>,
    frames: Iterable<string> | AsyncIterable<string>,
    ascii = false,
  ): Promise<void> {
    this.set(headers);
    // with no content-length, Node frames the answer in chunks, also when the frames go out in one write, as a
    // stream is framed; to an HTTP/1.0 client, which has no chunks, it sends plain text and closes the connection
    const { res } = this;
    res.writeHead(status, this.#headers);
    if (Symbol.iterator in frames) {
      endOfTurn.end(res, Array.from(frames).join(''), ascii ? 'latin1' : 'utf8');
      return;
    }
    for await (const frame of frames) {
      if (res.destroyed) return;
      if (!res.write(frame)) await drained(res);
    }
    res.end();
  }

  /** Hands the response to code that writes it itself (the recording proxy, a fault): nothing else will be sent. */
  handOver(): ServerResponse {
    this.#handedOver = true;
    return this.res;
  }

  /** The headers set so far, for code the response is handed over to. */
  get responseHeaders(): Readonly<OutgoingHttpHeaders> {
    return this.#headers;
  }
}

function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
  });
}
