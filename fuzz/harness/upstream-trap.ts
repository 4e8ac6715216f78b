// A stand-in for "somewhere else": the upstream a hostile control-API call would point recording at.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What reached the trap: nothing ever should. */
export interface TrappedRequest {
  method: string;
  url: string;
  /** The request's headers, values cut short. */
  headers: Record<string, string>;
  /** Which planted secrets it carried, in headers or body. */
  carried: string[];
}

/**
 * An HTTP server on a free loopback port that records every request it gets and answers 503. The fuzzer points a
 * control-API `record.upstream` at it: a request arriving here means the control API could redirect the traffic,
 * and with it the real key, to a host of the caller's choosing.
 */
export class UpstreamTrap {
  readonly requests: TrappedRequest[] = [];
  readonly url: string;
  private readonly server: Server;

  private constructor(server: Server, url: string) {
    this.server = server;
    this.url = url;
  }

  static async start(secrets: Record<string, string>): Promise<UpstreamTrap> {
    let trap: UpstreamTrap | undefined;
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        if (size < 64 * 1024) chunks.push(chunk);
        size += chunk.length;
      });
      req.on('end', () => {
        const text = `${JSON.stringify(req.headers)}\n${Buffer.concat(chunks).toString('latin1')}`;
        const headers = Object.fromEntries(Object.entries(req.headers).map(([name, value]) => [name, String(value).slice(0, 80)]));
        const carried = Object.entries(secrets)
          .filter(([, secret]) => text.includes(secret))
          .map(([name]) => name);
        if ((trap?.requests.length ?? 0) < 100) trap?.requests.push({ method: req.method ?? '', url: req.url ?? '', headers, carried });
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"code":"trap","message":"the fuzzer\'s upstream trap"}}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    trap = new UpstreamTrap(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    return trap;
  }

  /** The requests that arrived since the last call. */
  take(): TrappedRequest[] {
    return this.requests.splice(0);
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
