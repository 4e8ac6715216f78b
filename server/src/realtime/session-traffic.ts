import type { RealtimeTallies } from '../metrics/index.ts';
import { audioFormat, audioMs } from './audio/audio-format.ts';
import type { ClientEvent } from './client-events.ts';
import { CLIENT_EVENT_NAMES, OTHER_EVENT, SERVER_EVENT_NAMES } from './event-types.ts';
import type { RealtimeFlavor } from './realtime-address.ts';
import type { RealtimeProblem } from './realtime-problem.ts';
import type { SessionObject } from './session-config.ts';

/** The audio deltas the service sends, GA and preview names. */
const AUDIO_DELTAS: ReadonlySet<string> = new Set(['response.output_audio.delta', 'response.audio.delta']);

/** What a session's journal entry says of its traffic. */
export interface TrafficSummary {
  audio: { inSeconds: number; outSeconds: number };
  /** Events by direction and type. */
  events: { client: Record<string, number>; server: Record<string, number> };
}

/**
 * One session's traffic, observed at its send and receive points: each event counted by direction and type, and
 * the audio in (`input_audio_buffer.append`'s `audio`, in the session's input format) and out (the audio deltas'
 * `delta`, in its output format) in seconds, from the base64 text's length without decoding it. It tells the
 * simulator's metrics as events pass, and keeps the session's own totals for its journal entry.
 */
export class SessionTraffic {
  readonly #flavor: RealtimeFlavor;
  readonly #tallies: RealtimeTallies | undefined;
  readonly #client: Record<string, number> = {};
  readonly #server: Record<string, number> = {};
  #inMs = 0;
  #outMs = 0;

  constructor(flavor: RealtimeFlavor, tallies: RealtimeTallies | undefined) {
    this.#flavor = flavor;
    this.#tallies = tallies;
  }

  /** A client event as parsed: an event of a type the simulator answers, or the problem that refused it. */
  received(event: ClientEvent | RealtimeProblem, session: SessionObject): void {
    const type: string = 'fields' in event && CLIENT_EVENT_NAMES.has(event.type) ? event.type : OTHER_EVENT;
    this.#count('client', this.#client, type);
    if (type !== 'input_audio_buffer.append') return;
    const audio = (event as ClientEvent).fields.audio;
    if (typeof audio !== 'string') return;
    const ms = this.#ms(this.#flavor === 'ga' ? audioSetting(session, 'input') : session.input_audio_format, audio);
    this.#inMs += ms;
    this.#tallies?.audio('in', ms / 1000);
  }

  /** An event the session sent. */
  sent(type: string, fields: Readonly<Record<string, unknown>>, session: SessionObject): void {
    this.#count('server', this.#server, SERVER_EVENT_NAMES.has(type) ? type : OTHER_EVENT);
    if (!AUDIO_DELTAS.has(type) || typeof fields.delta !== 'string') return;
    const ms = this.#ms(this.#flavor === 'ga' ? audioSetting(session, 'output') : session.output_audio_format, fields.delta);
    this.#outMs += ms;
    this.#tallies?.audio('out', ms / 1000);
  }

  summary(): TrafficSummary {
    return {
      audio: { inSeconds: this.#inMs / 1000, outSeconds: this.#outMs / 1000 },
      events: { client: { ...this.#client }, server: { ...this.#server } },
    };
  }

  #count(direction: 'client' | 'server', counts: Record<string, number>, type: string): void {
    counts[type] = (counts[type] ?? 0) + 1;
    this.#tallies?.event(direction, type);
  }

  /** Milliseconds of base64 audio in a format setting; a format the flavor does not know counts as none. */
  #ms(setting: unknown, base64: string): number {
    const format = audioFormat(this.#flavor, setting);
    return format === undefined ? 0 : audioMs(format, Buffer.byteLength(base64, 'base64'));
  }
}

/** The GA session's `audio.input.format` or `audio.output.format`. */
function audioSetting(session: SessionObject, direction: 'input' | 'output'): unknown {
  const audio = session.audio as Record<string, { format?: unknown } | undefined> | undefined;
  return audio?.[direction]?.format;
}
