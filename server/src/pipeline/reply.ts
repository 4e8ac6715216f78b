import type { OutgoingHttpHeader } from 'node:http';
import type { Scheduler } from '../latency/index.ts';

/**
 * Where a turn's answer goes. The HTTP exchange implements it today; a Batch line and a Realtime response will
 * implement it later. A stage never writes an answer itself: it sets the turn's result or throws a service
 * error, and the turn's end writes the one or renders the other through its Reply. Faults act through it too,
 * so that the pipeline never touches a socket.
 */
export interface Reply {
  /** The `apim-request-id` the answer carries. */
  readonly requestId: string;
  /** Adds headers to the answer (lower-case names), kept until it is sent. */
  set(headers: Readonly<Record<string, OutgoingHttpHeader>>): void;
  /** Drops every header set since the service's own, to answer an error when a set header cannot be sent. */
  resetHeaders(): void;
  /** Sends a whole answer; `ascii`: every character of a text body is ASCII. */
  send(status: number, contentType: string | undefined, body: string | Buffer, ascii?: boolean): void;
  /** Sends a stream: the headers at once, then the frames as they come; resolves when they end or the client leaves. */
  stream(
    status: number,
    headers: Readonly<Record<string, string>>,
    frames: Iterable<string> | AsyncIterable<string>,
    ascii?: boolean,
  ): Promise<void>;
  /** An answer was sent or started: an error can no longer be answered, only the answer cut. */
  readonly answered: boolean;
  /** The status sent, 0 while nothing is (or when the answer was a reset or a hang the client gave up on). */
  readonly status: number;
  /** A whole answer's text and size, for the journal; undefined for a stream. */
  readonly sentText: string | undefined;
  readonly sentBytes: number | undefined;
  /** Calls `listener` once, when the answer is finished or the client has gone. */
  onClose(listener: () => void): void;
  /** Aborted when the client goes away before the answer is complete. */
  closedSignal(): AbortSignal;
  /** Waits `ms` on the scheduler's clock, or without it until the client goes away; sooner if the client leaves. */
  hold(ms: number | undefined, scheduler: Scheduler): Promise<void>;
  /** Ends the exchange with nothing sent, as a connection that closes does. */
  drop(): void;
  /** Ends the exchange with nothing sent, as a connection reset does. */
  reset(): void;
  /** Ends an answer under way once what was sent so far has gone out (a stream cut mid-way). */
  cut(): Promise<void>;
  /** Ends an answer under way at once (an error after its headers went out). */
  abort(): void;
}
