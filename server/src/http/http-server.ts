import { createServer, STATUS_CODES, maxHeaderSize, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import { realClock } from '../clock/index.ts';
import type { Logger } from '../logger.ts';
import type { ResolvedServer } from '../config/resolve-config.ts';
import type { AoaiError } from './aoai-error.ts';
import { clientErrorAnswer, expectationFailed, missingHost } from './client-errors.ts';
import { serviceHeaders } from './request-id.ts';

/** Serves one HTTP request. */
type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** Node checks the request timeouts on an interval of its own (30 s by default): often enough to honour small ones. */
const MAX_CHECK_INTERVAL_MS = 1000;
/** A dropped connection is logged at most this often, so a flood past the cap does not flood the log. */
const DROP_LOG_INTERVAL_MS = 10_000;
/**
 * How long a connection answered with an error stays open for the client to read the answer and close. Closing
 * at once while the client is still sending (a slow client usually is) makes the kernel reset the connection,
 * and a reset can discard the answer before the client reads it.
 */
const LINGER_MS = 2000;

/**
 * The simulator's HTTP server: `listener` behind the connection limits of `server.http` (request, header and
 * keep-alive timeouts, a cap on open connections), and the service's JSON error shape, with its ids, on the
 * answers Node would otherwise give bare: a request its parser refuses (400, 431, 408) and an `Expect` other
 * than 100-continue (417). With `tls` (a PEM certificate and key) it serves HTTPS instead, every route the same.
 */
export function createHttpServer(
  listener: RequestListener,
  settings: Pick<ResolvedServer, 'http' | 'region'>,
  logger: Logger,
  tls?: { cert: string; key: string },
): Server {
  const { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs, maxConnections } = settings.http;
  const options = {
    headersTimeout: headersTimeoutMs,
    requestTimeout: requestTimeoutMs,
    keepAliveTimeout: keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(10, Math.min(MAX_CHECK_INTERVAL_MS, Math.floor(headersTimeoutMs / 4))),
    // Node's own refusal of an HTTP/1.1 request without Host is a bare 400: it is answered below instead
    requireHostHeader: false,
    // only a WebSocket upgrade goes to the 'upgrade' listener (the Realtime API); any other Upgrade header
    // (curl --http2's h2c) is a request like another, as it was before there was a listener
    shouldUpgradeCallback: isWebSocketUpgrade,
  };
  const serve: RequestListener = (req, res) => {
    if (req.headers.host === undefined && req.httpVersionMajor === 1 && req.httpVersionMinor === 1) {
      res.shouldKeepAlive = false;
      return void answer(req, res, missingHost(), settings.region);
    }
    listener(req, res);
  };
  // an https.Server is an http.Server underneath: the same options, events and limits apply
  const server: Server = tls === undefined ? createServer(options, serve) : createHttpsServer({ ...options, ...tls }, serve);
  server.maxConnections = maxConnections;
  const limits = { headersTimeoutMs, requestTimeoutMs, maxHeaderBytes: maxHeaderSize };
  // the parser, and the timeout check, report the same connection again while it lingers
  const answered = new WeakSet<Socket>();

  server.on('clientError', (error: NodeJS.ErrnoException & { reason?: string }, socket: Socket) => {
    if (answered.has(socket)) return;
    logger.debug({ err: error }, 'client error');
    if (!canAnswer(socket)) return void socket.destroy();
    answered.add(socket);
    socket.end(rawAnswer(clientErrorAnswer(error.code, error.reason, limits), settings.region));
    // real time: a socket's linger is the network's, whatever clock the simulation runs on
    const linger = setTimeout(() => socket.destroy(), LINGER_MS);
    socket.once('close', () => clearTimeout(linger));
  });
  server.on('checkExpectation', (req, res: ServerResponse) => {
    answer(req, res, expectationFailed(String(req.headers.expect ?? '')), settings.region);
  });

  let lastDropLog = Number.NEGATIVE_INFINITY;
  let dropped = 0;
  server.on('drop', () => {
    dropped++;
    const now = realClock.now();
    if (now - lastDropLog < DROP_LOG_INTERVAL_MS) return;
    lastDropLog = now;
    logger.warn({ maxConnections, dropped }, 'a new connection was closed: server.http.maxConnections connections are open');
  });
  return server;
}

function isWebSocketUpgrade(req: IncomingMessage): boolean {
  return req.headers.upgrade?.toLowerCase() === 'websocket';
}

/** `error` as the answer to `req`, with the service's ids. */
function answer(req: IncomingMessage, res: ServerResponse, error: AoaiError, region: string): void {
  const { headers } = serviceHeaders(region, headerValue(req.headers['x-ms-client-request-id']));
  res.writeHead(error.status, {
    ...headers,
    ...error.headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(error.body),
  });
  res.end(error.body);
}

/**
 * Whether an error can still be answered on this socket: nothing of a response has been sent on it, as Node's
 * own check has it (a response under way would be corrupted by a second status line).
 */
function canAnswer(socket: Socket): boolean {
  const response = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  return socket.writable && !response?.headersSent;
}

/** A whole HTTP/1.1 response for `error`, written straight to the socket, which closes after it. */
export function rawAnswer(error: AoaiError, region: string): string {
  const { headers } = serviceHeaders(region, '');
  const lines = [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? ''}`,
    'content-type: application/json',
    `content-length: ${Buffer.byteLength(error.body)}`,
    ...Object.entries({ ...headers, ...error.headers }).map(([name, value]) => `${name}: ${value}`),
    'connection: close',
  ];
  return `${lines.join('\r\n')}\r\n\r\n${error.body}`;
}

function headerValue(value: string | string[] | undefined): string {
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
}
