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
  const samples = new Int16Array(sampleCount);
  const random = createRandom(seed).next;
  const basePitch = 100 + random() * 120;
  const fade = Math.max(1, Math.round(FADE_SECONDS * sampleRate));
  // The oscillator is a unit phasor (sin, cos) turned by a fixed step each sample: no trigonometry per sample,
  // which makes this several times faster than calling Math.sin.
  let sin = 0;
  let cos = 1;
  let stepSin = 0;
  let stepCos = 1;
  let syllableStart = 0;
  let syllableLength = 0;
  let inverseLength = 0;
  let syllableGain = 0;
  for (let i = 0; i < sampleCount; i++) {
    if (i >= syllableStart + syllableLength) {
      syllableStart = i;
      syllableLength = Math.round(sampleRate * (0.12 + random() * 0.2));
      inverseLength = 1 / syllableLength;
      // One syllable in five is a pause between words.
      syllableGain = random() < 0.2 ? 0 : 0.4 + random() * 0.6;
      const step = (2 * Math.PI * basePitch * (0.85 + random() * 0.3)) / sampleRate;
      stepSin = Math.sin(step);
      stepCos = Math.cos(step);
      // Rounding error would slowly change the phasor's length; renormalising once a syllable removes it.
      const length = Math.hypot(sin, cos);
      sin /= length;
      cos /= length;
    }
    const within = (i - syllableStart) * inverseLength;
    // 16w²(1-w)² rises and falls as smoothly as a Hann window.
    const envelope = 16 * within * within * (1 - within) * (1 - within) * syllableGain;
    const edge = i >= fade && i < sampleCount - fade ? 1 : Math.min(i, sampleCount - 1 - i) / fade;
    const nextSin = sin * stepCos + cos * stepSin;
    cos = cos * stepCos - sin * stepSin;
    sin = nextSin;
    // Three harmonics with falling weights read as a voice rather than a test tone; the second and third come
    // from the double- and triple-angle identities.
    const wave = (sin + sin * cos + 0.25 * sin * (3 - 4 * sin * sin)) / 1.75;
    samples[i] = Math.round(PEAK * envelope * edge * wave);
  }
  return samples;
}
