import { createRandom } from '../random.ts';

/** Peak level of the voice, about -20 dBFS: audible in a player without startling anyone. */
const PEAK = 3200;
/** Fades at both ends, so playback neither starts nor stops with a click. */
const FADE_SECONDS = 0.01;

/**
 * Deterministic speech-like mono audio: a buzzy tone at a seed-chosen pitch, shaped into syllables with short
 * pauses between words. It is meant to sound like "someone talking" in a player, not to be intelligible.
 */
export function speechSamples(sampleCount: number, sampleRate: number, seed: number): Int16Array {
  return new SpeechStream(sampleRate, seed).take(sampleCount, sampleCount);
}

/**
 * The same voice as speechSamples, a piece at a time, for audio that goes out while its length is still growing
 * (a realtime response speaks as its text comes). The samples do not depend on how they are cut into pieces: only
 * the fade at the end needs the total, and a piece that ends within FADE of the end must be taken knowing it.
 */
export class SpeechStream {
  readonly #rate: number;
  readonly #random: () => number;
  readonly #basePitch: number;
  /** Samples of each fade. */
  readonly fade: number;
  #i = 0;
  // The oscillator is a unit phasor (sin, cos) turned by a fixed step each sample: no trigonometry per sample,
  // which makes this several times faster than calling Math.sin.
  #sin = 0;
  #cos = 1;
  #stepSin = 0;
  #stepCos = 1;
  #syllableStart = 0;
  #syllableLength = 0;
  #inverseLength = 0;
  #syllableGain = 0;

  constructor(sampleRate: number, seed: number) {
    this.#rate = sampleRate;
    this.#random = createRandom(seed).next;
    this.#basePitch = 100 + this.#random() * 120;
    this.fade = Math.max(1, Math.round(FADE_SECONDS * sampleRate));
  }

  #startSyllable(i: number): void {
    const random = this.#random;
    this.#syllableStart = i;
    this.#syllableLength = Math.round(this.#rate * (0.12 + random() * 0.2));
    this.#inverseLength = 1 / this.#syllableLength;
    // One syllable in five is a pause between words.
    this.#syllableGain = random() < 0.2 ? 0 : 0.4 + random() * 0.6;
    const step = (2 * Math.PI * this.#basePitch * (0.85 + random() * 0.3)) / this.#rate;
    this.#stepSin = Math.sin(step);
    this.#stepCos = Math.cos(step);
  }

  /** Where the oscillator is after the samples taken so far: what skip needs to go on from a piece taken before. */
  get phasor(): { sin: number; cos: number } {
    return { sin: this.#sin, cos: this.#cos };
  }

  /**
   * Moves on `count` samples without making them, to go on as if they had been taken: `phasor` is the oscillator
   * after them, as a stream with this seed gave it when it took them. Only the syllables are drawn, which is cheap,
   * so a piece many sessions say alike is made once (see the realtime voice cache).
   */
  skip(count: number, phasor: { sin: number; cos: number }): void {
    const end = this.#i + count;
    while (this.#syllableStart + this.#syllableLength < end) this.#startSyllable(this.#syllableStart + this.#syllableLength);
    this.#sin = phasor.sin;
    this.#cos = phasor.cos;
    this.#i = end;
  }

  /** Samples taken so far. */
  get taken(): number {
    return this.#i;
  }

  /**
   * The next `count` samples of a voice `total` samples long. For a piece that ends more than a fade before the
   * end any larger bound gives the same samples (Infinity will do).
   */
  take(count: number, total: number): Int16Array {
    const samples = new Int16Array(count);
    const fade = this.fade;
    // the state in locals for the loop, written back after it: V8 keeps locals in registers, not fields
    let sin = this.#sin;
    let cos = this.#cos;
    let stepSin = this.#stepSin;
    let stepCos = this.#stepCos;
    let syllableStart = this.#syllableStart;
    let syllableLength = this.#syllableLength;
    let inverseLength = this.#inverseLength;
    let syllableGain = this.#syllableGain;
    const start = this.#i;
    const end = start + count;
    for (let i = start; i < end; i++) {
      if (i >= syllableStart + syllableLength) {
        this.#startSyllable(i);
        syllableStart = i;
        syllableLength = this.#syllableLength;
        inverseLength = this.#inverseLength;
        syllableGain = this.#syllableGain;
        stepSin = this.#stepSin;
        stepCos = this.#stepCos;
        // Rounding error would slowly change the phasor's length; renormalising once a syllable removes it.
        const length = Math.hypot(sin, cos);
        sin /= length;
        cos /= length;
      }
      const within = (i - syllableStart) * inverseLength;
      // 16w²(1-w)² rises and falls as smoothly as a Hann window.
      const envelope = 16 * within * within * (1 - within) * (1 - within) * syllableGain;
      const edge = i >= fade && i < total - fade ? 1 : Math.min(i, total - 1 - i) / fade;
      const nextSin = sin * stepCos + cos * stepSin;
      cos = cos * stepCos - sin * stepSin;
      sin = nextSin;
      // Three harmonics with falling weights read as a voice rather than a test tone; the second and third come
      // from the double- and triple-angle identities.
      const wave = (sin + sin * cos + 0.25 * sin * (3 - 4 * sin * sin)) / 1.75;
      samples[i - start] = Math.round(PEAK * envelope * edge * wave);
    }
    this.#sin = sin;
    this.#cos = cos;
    this.#i = end;
    return samples;
  }
}
