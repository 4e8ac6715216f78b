/** One delta's audio as sent (base64 in its format) and where the voice's oscillator was after it. */
export interface CachedDelta {
  readonly audio: string;
  readonly phasor: { sin: number; cos: number };
}

/**
 * Deltas kept: about 13 MB of pcm16 at 100 ms a delta, enough for a few minutes of distinct speech. The one used
 * least lately goes first, so an answer many sessions say stays while others pass through.
 */
const MAX_DELTAS = 2048;

/**
 * The deltas sessions said lately, by format, voice seed and position: sessions that say the same answer (a load
 * test's, a rule's) share the work of making and encoding its audio, which is most of what a spoken response
 * costs. Bounded, so distinct answers cost no more memory than MAX_DELTAS; a session holds none of it.
 */
export class VoiceCache {
  readonly #deltas = new Map<string, CachedDelta>();
  readonly #max: number;

  constructor(max = MAX_DELTAS) {
    this.#max = max;
  }

  get(key: string): CachedDelta | undefined {
    const delta = this.#deltas.get(key);
    if (delta) {
      // a Map keeps insertion order: moved to the end, it is the last to go
      this.#deltas.delete(key);
      this.#deltas.set(key, delta);
    }
    return delta;
  }

  set(key: string, delta: CachedDelta): void {
    if (this.#deltas.size >= this.#max) this.#deltas.delete(this.#deltas.keys().next().value!);
    this.#deltas.set(key, delta);
  }
}

/** The process's cache, which every session's voice shares. */
export const VOICE_CACHE = new VoiceCache();
