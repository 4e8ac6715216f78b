/**
 * Loaded with `--import` into the Portkey gateway's own process (see portkey-gateway.ts), never into a test's.
 *
 * The gateway's bin (`build/start-server.js`, one bundle that starts serving when loaded) takes `--port=` but no
 * host, and listens on every interface. This keeps its one server on loopback, tells the parent which port it got
 * (so the parent can ask for port 0 instead of racing for a free one), and ends the gateway when the parent goes
 * away, so a crashed test run leaves no gateway behind. And it works around a Portkey bug that breaks every streamed
 * call (below).
 */
import { Server, type AddressInfo } from 'node:net';

const listen = Server.prototype.listen;

// @hono/node-server calls `listen(port, hostname, callback)` with hostname undefined.
Server.prototype.listen = function listenOnLoopback(this: Server, ...args: unknown[]): Server {
  const port = typeof args[0] === 'number' ? args[0] : 0;
  const callback = args.find((arg): arg is () => void => typeof arg === 'function');
  this.once('listening', () => process.send?.({ listening: (this.address() as AddressInfo).port }));
  return listen.call(this, { port, host: '127.0.0.1' }, callback);
} as typeof Server.prototype.listen;

process.on('disconnect', () => process.exit(0));

// Portkey-AI/gateway#1389: with @hono/node-server after 1.14.2 (npm installs 1.19 for Portkey 1.15.2), Portkey's
// `new Response(stream, upstream)` shares the upstream fetch response's Headers, which fetch made immutable, and its
// x-portkey-* headers then throw "TypeError: immutable": every streamed call gets a 500 "Something went wrong".
// Upstream responses with headers of their own avoid it. Captured before @hono/node-server replaces Response.
const fetchUpstream = globalThis.fetch;
const UpstreamResponse = globalThis.Response;
globalThis.fetch = async function fetchWithOwnHeaders(...args: Parameters<typeof fetch>): Promise<Response> {
  const response = await fetchUpstream(...args);
  return new UpstreamResponse(response.body, {
    status: response.status,
    statusText: response.statusText,
    headers: new Headers(response.headers),
  });
};
