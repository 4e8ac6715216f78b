/**
 * The cluster's load balancer: every request goes to the next simulator replica in turn, with its body and its
 * answer streamed through as they come (server-sent events included), the way nginx's default `upstream` does.
 * It runs on the `node:24-bookworm-slim` image the simulator is built on, so the cluster needs no image that
 * cannot be built or pulled beside the simulator's; any balancer in front of the replicas does the same job.
 *
 * Environment: UPSTREAMS, the replicas as `host:port` separated by commas; PORT, where it listens (8080).
 *
 * @example
 *   UPSTREAMS=aoai-sim-1:8080,aoai-sim-2:8080 node round-robin.ts
 */
import { Agent, createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';

const PORT = Number(process.env.PORT ?? 8080);
const UPSTREAMS = (process.env.UPSTREAMS ?? '')
  .split(',')
  .map((upstream) => upstream.trim())
  .filter((upstream) => upstream !== '')
  .map((upstream) => {
    const url = new URL(`http://${upstream}`);
    return { host: url.hostname, port: Number(url.port || 80), name: upstream };
  });
if (UPSTREAMS.length === 0) {
  console.error('round-robin: set UPSTREAMS to the replicas, e.g. UPSTREAMS=aoai-sim-1:8080,aoai-sim-2:8080');
  process.exit(2);
}

// connections to the replicas are reused, as a load test would otherwise spend its time opening them
const agent = new Agent({ keepAlive: true });
let next = 0;

function forward(incoming: IncomingMessage, outgoing: ServerResponse): void {
  const upstream = UPSTREAMS[next++ % UPSTREAMS.length]!;
  const proxied = request(
    { agent, host: upstream.host, port: upstream.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
    (answer) => {
      outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(outgoing);
    },
  );
  // a replica that cannot be reached is a 502, as nginx answers; a request is not sent twice, since it may not be
  // safe to repeat (nginx too retries no POST on another upstream)
  proxied.on('error', (error) => {
    if (outgoing.headersSent) return void outgoing.destroy(error);
    outgoing.writeHead(502, { 'content-type': 'application/json' });
    outgoing.end(
      JSON.stringify({ error: { code: 'BadGateway', message: `The replica ${upstream.name} did not answer: ${error.message}` } }),
    );
  });
  // a client that goes away mid-stream stops the replica's stream too, as it would without a balancer
  outgoing.on('close', () => {
    if (!outgoing.writableFinished) proxied.destroy();
  });
  incoming.pipe(proxied);
}

const server = createServer(forward).listen(PORT, () => {
  console.log(`round-robin: listening on ${PORT}, balancing over ${UPSTREAMS.map((upstream) => upstream.name).join(', ')}`);
});

// PID 1 in a container gets no default SIGTERM handling: stop taking requests, let those in flight finish
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
