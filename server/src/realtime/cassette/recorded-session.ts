import type { RawData, WebSocket } from 'ws';
import { closeLike } from './close-codes.ts';
import { CassetteSession } from './cassette-session.ts';
import type { SessionRecorder } from './session-recorder.ts';

/** WebSocket.OPEN, without loading ws for a constant. */
const OPEN = 1;

/**
 * A session forwarded to the upstream's realtime endpoint and recorded: every message either way is relayed
 * unchanged and written down with its time, and a close on either side closes the other with the same code.
 * The upstream may speak before the client's socket is ready (session.created): that waits, in order.
 */
export class RecordedSession extends CassetteSession {
  readonly #upstream: WebSocket;
  readonly #recorder: SessionRecorder;
  #client: WebSocket | undefined;
  readonly #early: Array<{ data: RawData; isBinary: boolean }> = [];
  #upstreamClose: { code: number; reason: string } | undefined;
  #open = 2;
  /** Told once the recording is whole on disk. */
  onRecorded: ((file: string) => void) | undefined;

  constructor(upstream: WebSocket, recorder: SessionRecorder, openedAt: CassetteSession['openedAt']) {
    super('record', recorder.file, openedAt);
    this.#upstream = upstream;
    this.#recorder = recorder;
    upstream.on('message', (data: RawData, isBinary: boolean) => {
      this.#recorder.message('server', data as Buffer, isBinary);
      if (this.#client) this.#client.send(data, { binary: isBinary });
      else this.#early.push({ data, isBinary });
    });
    upstream.once('close', (code: number, reason: Buffer) => {
      this.#recorder.closed('server', code, String(reason));
      this.#upstreamClose = { code, reason: String(reason) };
      if (this.#client?.readyState === OPEN) closeLike(this.#client, code, String(reason));
      this.#closed();
    });
  }

  /** Whether the client's socket is attached: its upgrade is done. */
  get attached(): boolean {
    return this.#client !== undefined;
  }

  /** The client's socket, once its upgrade is done. */
  attach(client: WebSocket): void {
    this.#client = client;
    for (const { data, isBinary } of this.#early.splice(0)) client.send(data, { binary: isBinary });
    client.on('message', (data: RawData, isBinary: boolean) => {
      this.#recorder.message('client', data as Buffer, isBinary);
      if (!isBinary && /"type"\s*:\s*"response\.create"/.test(String(data))) this.responses++;
      if (this.#upstream.readyState === OPEN) this.#upstream.send(data, { binary: isBinary });
    });
    // a client that goes away mid-write must not become an unhandled 'error' event
    client.on('error', () => {});
    client.once('close', (code: number, reason: Buffer) => {
      this.#recorder.closed('client', code, String(reason));
      if (this.#upstream.readyState === OPEN) closeLike(this.#upstream, code, String(reason));
      this.#closed();
    });
    if (this.#upstreamClose) closeLike(client, this.#upstreamClose.code, this.#upstreamClose.reason);
  }

  /** The client went away before its upgrade was done: the session ends with the upstream's close. */
  abandon(): void {
    if (!this.#client) this.#closed();
  }

  #closed(): void {
    if (--this.#open !== 0) return;
    this.#recorder.end();
    // before the journal hears of the end: a test that waits for the entry then finds the recording in force
    this.onRecorded?.(this.#recorder.file);
    this.ended();
  }
}
