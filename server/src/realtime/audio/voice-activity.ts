/** What server VAD is set to: the session's `turn_detection` (GA `audio.input.turn_detection`). */
export interface VadSettings {
  /** 0..1: how loud a frame must be to count as speech (see speechLevel). */
  threshold: number;
  /** Audio kept before the detected start: `audio_start_ms` is that much earlier. */
  prefixPaddingMs: number;
  /** Silence that ends the speech: `audio_end_ms` is the last speech plus that much. */
  silenceDurationMs: number;
}

/** A turn boundary the VAD found, in ms of audio since the session's first append. */
export type VadEvent = { kind: 'started'; audioStartMs: number } | { kind: 'stopped'; audioEndMs: number };

/** The VAD judges the audio in frames of 20 ms, as WebRTC's VAD and Silero do (10–30 ms). */
export const FRAME_MS = 20;

/**
 * The frame RMS (16-bit full scale 32768) from which a frame counts as speech: the threshold mapped linearly
 * on a decibel scale, 0 → -80 dBFS (anything but digital silence), 0.5 → -50 dBFS (RMS about 104), 1 → -20 dBFS
 * (RMS about 3277, only loud speech). The speech generator (peak 3200) is speech at the default 0.5, zeros are not.
 */
export function speechLevel(threshold: number): number {
  const clamped = Math.min(1, Math.max(0, threshold));
  return 32768 * 10 ** ((clamped * 60 - 80) / 20);
}

/**
 * Voice activity detection over appended audio, decided on the samples alone (never on wall-clock time), so the
 * same audio gives the same events: each 20 ms frame is speech when its RMS reaches the threshold's level.
 * Speech starts at the first speech frame (`audio_start_ms` is that minus the prefix padding); it stops once `silence_duration_ms` of frames have had no speech (`audio_end_ms` is the end of
 * that silence, as the service's includes it). No sample is kept: only the running sums of the frame under way.
 */
export class VoiceActivity {
  readonly #level: number;
  readonly #settings: VadSettings;
  readonly #frameSamples: number;
  readonly #msPerSample: number;
  /** Where this detector's audio begins in the session (a detector is remade when the settings change). */
  readonly #originMs: number;
  /** Samples seen since the session's first append, and the partial frame's sum of squares and length. */
  #samples = 0;
  #frameSquares = 0;
  #frameLength = 0;
  #speaking = false;
  /** Where the current silence began (ms), while speaking. */
  #silenceFromMs: number | undefined;

  constructor(settings: VadSettings, sampleRate: number, originMs = 0) {
    this.#settings = settings;
    this.#originMs = originMs;
    this.#level = speechLevel(settings.threshold);
    this.#frameSamples = Math.round((sampleRate * FRAME_MS) / 1000);
    this.#msPerSample = 1000 / sampleRate;
  }

  get speaking(): boolean {
    return this.#speaking;
  }

  /** The turn boundaries in `samples`, in order. */
  feed(samples: Int16Array): VadEvent[] {
    const events: VadEvent[] = [];
    const level2 = this.#level * this.#level;
    for (let i = 0; i < samples.length; i++) {
      const sample = samples[i]!;
      this.#frameSquares += sample * sample;
      this.#frameLength++;
      if (this.#frameLength < this.#frameSamples) continue;
      const frameEnd = this.#samples + i + 1;
      const frameEndMs = this.#originMs + frameEnd * this.#msPerSample;
      const frameStartMs = this.#originMs + (frameEnd - this.#frameLength) * this.#msPerSample;
      const speech = this.#frameSquares / this.#frameLength >= level2;
      this.#frameSquares = 0;
      this.#frameLength = 0;
      const event = this.#judge(speech, frameStartMs, frameEndMs);
      if (event) events.push(event);
    }
    this.#samples += samples.length;
    return events;
  }

  #judge(speech: boolean, startMs: number, endMs: number): VadEvent | undefined {
    if (speech) {
      this.#silenceFromMs = undefined;
      if (this.#speaking) return undefined;
      this.#speaking = true;
      return { kind: 'started', audioStartMs: Math.round(Math.max(0, startMs - this.#settings.prefixPaddingMs)) };
    }
    if (!this.#speaking) return undefined;
    this.#silenceFromMs ??= startMs;
    if (endMs - this.#silenceFromMs < this.#settings.silenceDurationMs) return undefined;
    this.#speaking = false;
    this.#silenceFromMs = undefined;
    return { kind: 'stopped', audioEndMs: Math.round(endMs) };
  }

  /** A commit or a clear ends the speech under way: the next speech starts a new turn. */
  reset(): void {
    this.#speaking = false;
    this.#silenceFromMs = undefined;
  }

  /** Ms of audio since the session's first append. */
  get audioMs(): number {
    return this.#originMs + this.#samples * this.#msPerSample;
  }
}
