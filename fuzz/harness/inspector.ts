// A Chrome DevTools Protocol session with a child Node process, used for one thing: forcing a full collection.

/**
 * A session on a child's inspector (`node --inspect=127.0.0.1:0`). Forcing a full garbage collection before
 * reading RSS turns "how much memory the process holds" into "how much it keeps": without it a heap that has not
 * collected yet looks like a leak, and one that just collected hides one.
 */
export class InspectorSession {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: { error?: { message: string }; result?: unknown }) => void>();

  private readonly socket: WebSocket;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.addEventListener('message', (event) => {
      const reply = JSON.parse(String(event.data)) as { id?: number; error?: { message: string }; result?: unknown };
      if (reply.id !== undefined) this.pending.get(reply.id)?.(reply);
      if (reply.id !== undefined) this.pending.delete(reply.id);
    });
    socket.addEventListener('close', () => {
      for (const resolve of this.pending.values()) resolve({ error: { message: 'the inspector closed' } });
      this.pending.clear();
    });
  }

  static async open(url: string): Promise<InspectorSession> {
    const socket = new WebSocket(url);
    await new Promise<void>((resolve, reject) => {
      socket.addEventListener('open', () => resolve(), { once: true });
      socket.addEventListener('error', () => reject(new Error(`cannot open the inspector at ${url}`)), { once: true });
    });
    return new InspectorSession(socket);
  }

  /** A full, compacting collection in the child; resolves when it is done. */
  async collectGarbage(): Promise<void> {
    await this.call('HeapProfiler.collectGarbage');
  }

  /** The bytes the child's JavaScript heap holds (strings included), as V8 counts them. */
  async heapUsedBytes(): Promise<number> {
    const { usedSize } = (await this.call('Runtime.getHeapUsage')) as { usedSize: number };
    return usedSize;
  }

  close(): void {
    this.socket.close();
  }

  private call(method: string): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, (reply) => (reply.error ? reject(new Error(reply.error.message)) : resolve(reply.result)));
      this.socket.send(JSON.stringify({ id, method }));
    });
  }
}
