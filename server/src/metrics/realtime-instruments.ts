import { Counter, type Registry } from 'prom-client';
import { BoundedSeries } from './bounded-series.ts';
import { METRIC_NAMES } from './metric-names.ts';
import { PendingCounts, type PendingCount } from './pending-counts.ts';

/** Who sent a Realtime API event: the client, or the service (the simulator). */
export type RealtimeEventDirection = 'client' | 'server';

/** Which way audio went: `in` from the client, `out` from the service. */
export type RealtimeAudioDirection = 'in' | 'out';

/** More `type` values than the protocol has: past it, every new value is counted as `other`. */
const MAX_EVENT_TYPES = 128;

/**
 * The Realtime API's traffic: its events by direction and type, and its audio seconds in and out. An audio
 * session sends an event every few tens of milliseconds, so each is counted in a plain number and handed to
 * prom-client when the registry is read (see PendingCounts), as the per-request counters are.
 */
export class RealtimeTallies {
  readonly #pending = new PendingCounts();
  readonly #counters: Counter[];
  readonly #events: Record<RealtimeEventDirection, BoundedSeries<string, PendingCount>>;
  readonly #audio: Record<RealtimeAudioDirection, PendingCount>;

  constructor(registry: Registry) {
    const registers = [registry];
    const flush = () => this.#pending.flush();
    const events = new Counter({
      name: METRIC_NAMES.realtimeEvents,
      help: 'Realtime API events, by direction (client: sent by the client, server: sent by the simulator) and type ("other": not an event of the protocol).',
      labelNames: ['direction', 'type'] as const,
      registers,
      collect: flush,
    });
    const audio = new Counter({
      name: METRIC_NAMES.realtimeAudioSeconds,
      help: 'Seconds of Realtime API audio: in, appended by clients (input_audio_buffer.append); out, sent in audio deltas.',
      labelNames: ['direction'] as const,
      registers,
      collect: flush,
    });
    this.#counters = [events, audio];
    const series = (direction: RealtimeEventDirection) =>
      new BoundedSeries<string, PendingCount>(MAX_EVENT_TYPES, (type) => this.#pending.add(events.labels(direction, type)), 'other');
    this.#events = { client: series('client'), server: series('server') };
    this.#audio = { in: this.#pending.add(audio.labels('in')), out: this.#pending.add(audio.labels('out')) };
  }

  /** Counts one event of `type`; the caller names types of the protocol only (see realtime/event-types.ts). */
  event(direction: RealtimeEventDirection, type: string): void {
    this.#events[direction].get(type).inc();
  }

  /** Counts `seconds` of audio; figures that are not finite and positive are skipped. */
  audio(direction: RealtimeAudioDirection, seconds: number): void {
    if (Number.isFinite(seconds) && seconds > 0) this.#audio[direction].inc(seconds);
  }

  /** Zeroes both counters, with what was counted since the last read. */
  reset(): void {
    this.#pending.drop();
    for (const counter of this.#counters) counter.reset();
  }
}
