import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Scheduler, SchedulerTimer } from '../latency/index.ts';
import type { Inbound } from '../pipeline/inbound.ts';
import type { Reply } from '../pipeline/reply.ts';
import { endOfTurn } from './end-of-turn.ts';
import { SERVICE_HEADERS, serviceHeaders } from './request-id.ts';

/**
 * One data-plane request and its answer, over Node's own request and response: what a turn reads of its request
 * (Inbound) and where its answer goes (Reply). The data plane is the hot path of a load test, so it does not go
 * through Koa: Koa builds a context, a request and a response object and runs the middleware chain for every
 * request, which alone costs about 40% of a bare node:http server's throughput (measured in bench/perf.ts's
 * notes). This is what the data plane needs of a request and nothing more.
 */
export class Exchange implements Inbound, Reply {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The path without its query, as it arrived (not decoded). */
  readonly path: string;
  /** The `apim-request-id` sent back. */
  readonly requestId: string;
  /** The answer's body when it was sent whole as text, for the journal. */
  sentText: string | undefined;
  /** The answer's size when it was sent whole. */
  sentBytes: number | undefined;
  readonly #search: string;
  #query: URLSearchParams | undefined;
  readonly #headers: OutgoingHttpHeaders;
  #handedOver = false;

  constructor(req: IncomingMessage, res: ServerResponse, path: string, search: string, region: string) {
    this.req = req;
    this.res = res;
    this.path = path;
    this.#search = search;
    const ids = serviceHeaders(region, this.header('x-ms-client-request-id'));
    this.requestId = ids.requestId;
    this.#headers = ids.headers;
    this.sentText = undefined;
    this.sentBytes = undefined;
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

  get headers(): IncomingHttpHeaders {
    return this.req.headers;
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

  get body(): IncomingMessage {
    return this.req;
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
   * `ascii`: every character of every frame is ASCII, so each is counted by its length and written as latin1.
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
    // Node frames each write as an HTTP chunk of four pieces (its size, CRLF, the data, CRLF) and sends them with
    // writev; framed here, a paced frame is one string and one plain write. Only where Node chose chunks (not to
    // an HTTP/1.0 client); the connection's keep-alive was decided by the headers, which say chunked.
    const framed = res.chunkedEncoding;
    if (framed) res.chunkedEncoding = false;
    const encoding = ascii ? 'latin1' : 'utf8';
    let headSent = false;
    for await (const frame of frames) {
      if (res.destroyed) return;
      const data = framed ? httpChunk(frame, ascii) : frame;
      // The head goes out with the first frame, through the response. Later frames go to the socket itself, once
      // the response has it (a pipelined request's answer waits for the ones before it, in the response): each
      // write through the response corked the socket, queued the frame and uncorked it on a nextTick, about a
      // tenth of what the simulator allocated at 1,000 paced streams, to send the same bytes in the same order.
      const socket = headSent ? res.socket : null;
      headSent = true;
      if (socket) {
        if (!socket.write(data, encoding)) await drained(socket);
      } else if (!res.write(data, encoding)) await drained(res);
    }
    res.end(framed ? LAST_CHUNK : undefined);
  }

  onClose(listener: () => void): void {
    this.res.once('close', listener);
  }

  /** Aborted when the client goes away before the answer is complete. */
  closedSignal(): AbortSignal {
    const { res } = this;
    const controller = new AbortController();
    if (res.destroyed) {
      if (!res.writableFinished) controller.abort();
    } else {
      res.once('close', () => {
        if (!res.writableFinished) controller.abort();
      });
    }
    return controller.signal;
  }

  hold(ms: number | undefined, scheduler: Scheduler): Promise<void> {
    return new Promise((resolve) => {
      let timer: SchedulerTimer | undefined;
      const done = () => {
        timer?.cancel();
        this.req.off('close', done);
        resolve();
      };
      if (ms !== undefined) {
        timer = scheduler.timer(done);
        timer.set(scheduler.now() + ms);
      }
      this.req.once('close', done);
    });
  }

  drop(): void {
    this.handOver().socket?.destroy();
  }

  reset(): void {
    this.handOver().socket?.resetAndDestroy();
  }

  async cut(): Promise<void> {
    await flushed(this.res);
    this.res.socket?.destroy();
  }

  abort(): void {
    this.res.destroy();
  }

  /** Hands the response to code that writes it itself (the recording proxy): nothing else will be sent. */
  handOver(): ServerResponse {
    this.#handedOver = true;
    return this.res;
  }

  /** The headers set so far, for code the response is handed over to. */
  get responseHeaders(): Readonly<OutgoingHttpHeaders> {
    return this.#headers;
  }
}

/** The end of a chunked body: a chunk of size 0, and no trailers. */
const LAST_CHUNK = '0\r\n\r\n';

/**
 * `text` as one HTTP/1.1 chunk: its size in bytes, in hex, then the data, each line ended by CRLF. An ASCII text's
 * size is its length, without V8 measuring its UTF-8.
 */
function httpChunk(text: string, ascii: boolean): string {
  return `${(ascii ? text.length : Buffer.byteLength(text)).toString(16)}\r\n${text}\r\n`;
}

/** Resolves when a response or socket whose write returned false can take more, or is closed. */
function drained(stream: ServerResponse | Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
  });
}

/** Waits until what was sent so far has left the process, so a cut comes after the chunks before it. */
async function flushed(res: ServerResponse): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (res.writableLength === 0 && (res.socket?.writableLength ?? 0) === 0) return;
    // real time: the socket drains on the network's time, whatever clock the simulation runs on
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}
