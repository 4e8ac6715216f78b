import type { ReplicaHandler, ReplicaReply, Replicas } from '../store/replicas.ts';
import { TurnQueue } from '../turn-queue.ts';
import { isOurs, type PrimaryMessage, type StoreCall, type WorkerMessage } from './ipc-messages.ts';
import { PendingCalls } from './pending-calls.ts';
import type { StoreOperation } from './store-operations.ts';

/** How long a store call waits for the primary: it answers from memory, so only a primary that is gone takes this long. */
const CALL_TIMEOUT_MS = 5_000;

/** The IPC channel to the primary: the process's own in a worker. */
export interface PrimaryLine {
  send(message: WorkerMessage): void;
  on(event: 'message', listener: (message: unknown) => void): void;
}

const processLine: PrimaryLine = {
  send: (message) => void process.send!(message),
  on: (event, listener) => void process.on(event, listener),
};

/**
 * A worker's line to its primary process: store calls answered by the primary's store, and questions to and from
 * the other workers, which the primary relays. Also the worker's Replicas for the control API.
 */
export class PrimaryChannel implements Replicas {
  readonly name: string;
  readonly sumsMetrics = true;
  private next = 0;
  private readonly calls = new PendingCalls(CALL_TIMEOUT_MS);
  // the calls of one turn of the event loop (every request that arrived in it) go to the primary as one message
  private readonly outgoing = new TurnQueue<StoreCall>((calls) => this.sendCalls(calls));
  private readonly asks = new Map<number, (answer: { replies: ReplicaReply[]; missing: string[] }) => void>();
  private readonly handlers = new Map<string, ReplicaHandler>();
  private readonly line: PrimaryLine;

  constructor(name: string, line: PrimaryLine = processLine) {
    this.name = name;
    this.line = line;
    line.on('message', (message: unknown) => {
      if (isOurs(message)) void this.receive(message as PrimaryMessage);
    });
  }

  /** Runs a store operation on the primary's store. */
  call<T>(op: StoreOperation, ...args: unknown[]): Promise<T> {
    const id = ++this.next;
    this.outgoing.push({ id, op, args });
    return this.calls.add(id, op) as Promise<T>;
  }

  on(kind: string, handler: ReplicaHandler): void {
    this.handlers.set(kind, handler);
  }

  ask(kind: string, payload: unknown): Promise<{ replies: ReplicaReply[]; missing: string[] }> {
    const id = ++this.next;
    return new Promise((resolve) => {
      this.asks.set(id, resolve);
      this.send({ aoaiSim: 'ask', id, kind, payload });
    });
  }

  private send(message: WorkerMessage): void {
    this.line.send(message);
  }

  /**
   * A call whose arguments cannot be sent (not structured-cloneable) fails alone, as it did when each call was a
   * message of its own, rather than throwing out of the turn's end and taking the worker down.
   */
  private sendCalls(calls: readonly StoreCall[]): void {
    try {
      this.send({ aoaiSim: 'calls', calls });
    } catch {
      for (const call of calls) {
        try {
          this.send({ aoaiSim: 'calls', calls: [call] });
        } catch (error) {
          this.calls.settle(call.id, undefined, (error as Error).message);
        }
      }
    }
  }

  private async receive(message: PrimaryMessage): Promise<void> {
    if (message.aoaiSim === 'answers') {
      for (const { id, value, error } of message.answers) this.calls.settle(id, value, error);
    } else if (message.aoaiSim === 'replies') {
      this.asks.get(message.id)?.({ replies: message.replies, missing: message.missing });
      this.asks.delete(message.id);
    } else {
      const handler = this.handlers.get(message.kind);
      const result = handler ? await handler(message.payload) : undefined;
      this.send({ aoaiSim: 'reply', id: message.id, replica: this.name, result });
    }
  }
}
