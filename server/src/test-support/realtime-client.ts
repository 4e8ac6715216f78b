import { once } from 'node:events';
import WebSocket from 'ws';
import { realClock } from '../clock/index.ts';

/** A raw WebSocket client of the Realtime API that keeps every server event, for the tests to wait on. */
export class RawRealtimeClient {
  readonly socket: WebSocket;
  readonly events: Array<Record<string, unknown> & { type: string }> = [];
  #waiters: Array<() => void> = [];

  constructor(url: string, options: WebSocket.ClientOptions = {}) {
    this.socket = new WebSocket(url, options);
    this.socket.on('message', (data) => {
      this.events.push(JSON.parse(String(data)) as Record<string, unknown> & { type: string });
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  send(event: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(event));
  }

  /** The first event of `type` after the first `from` events (all of them by default); waits up to 30 s, as a loaded CI machine may need. */
  async next(type: string, from = 0): Promise<Record<string, unknown> & { type: string }> {
    const deadline = realClock.now() + 30_000;
    for (;;) {
      const found = this.events.slice(from).find((event) => event.type === type);
      if (found) return found;
      if (realClock.now() > deadline) throw new Error(`no ${type} event; got ${this.events.map((event) => event.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = realClock.setTimeout(resolve, 1000);
        this.#waiters.push(() => {
          realClock.clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  types(from = 0): string[] {
    return this.events.slice(from).map((event) => event.type);
  }

  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    this.socket.close();
    await once(this.socket, 'close');
  }
}

/** The status and body of an upgrade the server refused. */
export function refusedUpgrade(url: string, options: WebSocket.ClientOptions = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options);
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    socket.on('open', () => reject(new Error('the upgrade was accepted')));
    socket.on('error', () => {});
  });
}
