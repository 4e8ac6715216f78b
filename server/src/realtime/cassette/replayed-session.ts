import type { RawData, WebSocket } from 'ws';
import type { JsonValue } from '../../cassettes/index.ts';
import type { Scheduler, SchedulerTimer } from '../../latency/index.ts';
import { serviceId } from '../../protocol/ids.ts';
import { clientEventKey } from './client-event-key.ts';
import { closeLike } from './close-codes.ts';
import { CassetteSession } from './cassette-session.ts';
import type { ReplayCursor } from './replay-cursor.ts';
import { messageOf, type RecordedSessionEvent } from './session-recording.ts';

/** WebSocket.OPEN, without loading ws for a constant. */
const OPEN = 1;

/** A recorded server event, due at a time on the scheduler's clock. */
interface Due {
  at: number;
  line: RecordedSessionEvent;
}

/**
 * A session served from a recording. What the server sent before the client's first event (session.created) goes
 * out on connect; each client event that matches the recording's next one sets off the server events recorded
 * after it, each as long after the client event as it was recorded (or at once, with replay.timing none), in
 * order. The recording's ids go out as recorded, so a client that refers back to an item or a call finds it.
 * A client event that matches nothing gets an `error` event (`no_recording_match`) and the session stays open,
 * still at the same place in its recording.
 */
export class ReplayedSession extends CassetteSession {
  readonly #ws: WebSocket;
  readonly #cursor: ReplayCursor;
  readonly #scheduler: Scheduler;
  readonly #paced: boolean;
  readonly #sanitize: (text: string) => string;
  readonly #queue: Due[] = [];
  readonly #timer: SchedulerTimer;
  /** Told of each miss: the log. */
  onMiss: ((message: string) => void) | undefined;

  /**
   * `sanitize` is what recording did to a client event's text (the secrets, record.sanitize): a client event is
   * matched as it would have been recorded, as an HTTP request is looked up sanitized.
   */
  constructor(
    ws: WebSocket,
    cursor: ReplayCursor,
    options: { scheduler: Scheduler; paced: boolean; sanitize: (text: string) => string },
    openedAt: CassetteSession['openedAt'],
  ) {
    super('replay', cursor.script?.file ?? '', openedAt);
    const { scheduler } = options;
    this.#ws = ws;
    this.#cursor = cursor;
    this.#scheduler = scheduler;
    this.#paced = options.paced;
    this.#sanitize = options.sanitize;
    this.#timer = scheduler.timer(() => this.#pump());
    ws.on('message', (data: RawData, isBinary: boolean) => this.#receive(isBinary ? null : String(data)));
    // a client that goes away mid-write must not become an unhandled 'error' event
    ws.on('error', () => {});
    ws.once('close', () => {
      this.#timer.cancel();
      this.#queue.length = 0;
      this.ended();
    });
    for (const line of cursor.script?.opening ?? []) this.#send(line);
  }

  #receive(text: string | null): void {
    let event: JsonValue | undefined;
    try {
      event = text === null ? null : (JSON.parse(this.#sanitize(text)) as JsonValue);
    } catch {
      event = text;
    }
    const type = event !== null && typeof event === 'object' && !Array.isArray(event) ? event.type : undefined;
    if (type === 'response.create') this.responses++;
    const step = this.#cursor.take(clientEventKey(event ?? null));
    if ('miss' in step) return this.#miss(step.miss, event);
    this.file = this.#cursor.script!.file;
    const now = this.#scheduler.now();
    let at = this.#queue.at(-1)?.at ?? now;
    for (const line of step.follow) {
      at = Math.max(at, this.#paced ? now + line.offsetMs - step.atMs : now);
      this.#queue.push({ at, line });
    }
    this.#pump();
  }

  /** Sends what is due, and wakes for the next. */
  #pump(): void {
    const now = this.#scheduler.now();
    while (this.#queue.length > 0 && this.#queue[0]!.at <= now) this.#send(this.#queue.shift()!.line);
    if (this.#queue.length > 0) this.#timer.set(this.#queue[0]!.at);
  }

  #send(line: RecordedSessionEvent): void {
    if (this.#ws.readyState !== OPEN) return;
    if (line.close) return closeLike(this.#ws, line.close.code, line.close.reason);
    const message = messageOf(line);
    if (message) this.#ws.send(message.data, { binary: message.binary });
  }

  #miss(message: string, event: JsonValue | undefined): void {
    this.misses++;
    this.onMiss?.(message);
    const eventId =
      event !== null && typeof event === 'object' && !Array.isArray(event) && typeof event.event_id === 'string' ? event.event_id : null;
    if (this.#ws.readyState !== OPEN) return;
    this.#ws.send(
      JSON.stringify({
        type: 'error',
        event_id: serviceId('event_', 21),
        error: { type: 'invalid_request_error', code: 'no_recording_match', message, param: null, event_id: eventId },
      }),
    );
  }
}
