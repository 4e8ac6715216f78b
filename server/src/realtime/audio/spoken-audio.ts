import { speechDurationMs } from '../../generate/media/speech-duration.ts';
import { SpeechStream } from '../../generate/media/speech-samples.ts';
import { createRandom } from '../../generate/random.ts';
import type { Scheduler, SchedulerTimer } from '../../latency/index.ts';
import { encodeAudio, type AudioFormat } from './audio-format.ts';
import { VOICE_CACHE } from './voice-cache.ts';

/**
 * Audio per `response.output_audio.delta`: 100 ms. The service's own delta size was not found documented; 100 ms
 * is a common frame for streamed speech, and 10 deltas a second per session keep 1,000 sessions cheap.
 */
export const AUDIO_DELTA_MS = 100;

/** How a response speaks: the session's output format, voice and speed. */
export interface Speech {
  format: AudioFormat;
  voice: string;
  speed: number;
}

/** Sends one audio delta (base64, in the output format) with the part of the transcript it says. */
export type SendAudio = (audio: string, transcript: string) => void;

/**
 * The audio of one response, spoken at real time as its text comes: the first delta goes out with the first
 * text, then delta k at (first delta's time + the audio before it), each AUDIO_DELTA_MS long, the last one
 * shorter. The audio lasts speechDurationMs of the transcript at the session's speed, so it grows as text comes;
 * when the audio catches up with the text it waits for more. Nothing but the transcript is held: each delta is
 * made and encoded as it goes out. The voice is seeded by the voice's name and the first text, so the same
 * answer sounds the same.
 */
export class SpokenAudio {
  readonly #speech: Speech;
  readonly #scheduler: Scheduler;
  readonly #send: SendAudio;
  readonly #timer: SchedulerTimer;
  readonly #chunk: number;
  #stream: SpeechStream | undefined;
  /** The voice cache's key of this voice: its format and seed. */
  #voiceKey = '';
  #text = '';
  #textDone = false;
  /** Samples and transcript characters sent so far. */
  #sent = 0;
  #said = 0;
  /** When sample 0 is due on the scheduler's clock: the first delta's time, moved on after a wait for text. */
  #base = 0;
  #waiting = false;
  /** The audio's length in samples for the text so far, and the text's length it was worked out for. */
  #total = 0;
  #totalFor = -1;
  #over = false;
  #ended: (() => void) | undefined;
  readonly #finished: Promise<void>;

  constructor(speech: Speech, scheduler: Scheduler, send: SendAudio) {
    this.#speech = speech;
    this.#scheduler = scheduler;
    this.#send = send;
    this.#timer = scheduler.timer(() => this.#speak());
    this.#chunk = Math.round((speech.format.sampleRate * AUDIO_DELTA_MS) / 1000);
    this.#finished = new Promise((resolve) => (this.#ended = resolve));
  }

  /** The whole transcript received so far. */
  get transcript(): string {
    return this.#text;
  }

  /** Milliseconds of audio sent so far. */
  get sentMs(): number {
    return (this.#sent * 1000) / this.#speech.format.sampleRate;
  }

  /** More of the answer's text, to be spoken. */
  say(text: string): void {
    if (this.#over || text === '') return;
    this.#text += text;
    if (!this.#stream) {
      const seed = createRandom(`${this.#speech.voice}:${text}`).int(0, 0x7fffffff);
      this.#stream = new SpeechStream(this.#speech.format.sampleRate, seed);
      this.#voiceKey = `${this.#speech.format.codec}:${seed}:`;
      this.#base = this.#scheduler.now();
      this.#speak();
    } else if (this.#waiting) this.#resume();
  }

  /** The text is all there: resolves once the last delta has gone out (at once when it was stopped). */
  end(): Promise<void> {
    this.#textDone = true;
    if (!this.#stream) this.#finish();
    else if (this.#waiting) this.#resume();
    return this.#finished;
  }

  /** Stops at once (a cancelled response, a closed socket): no delta goes out after it. */
  stop(): void {
    this.#finish();
  }

  #finish(): void {
    this.#over = true;
    this.#timer.cancel();
    this.#ended?.();
  }

  #resume(): void {
    this.#waiting = false;
    this.#base = this.#scheduler.now() - this.sentMs;
    this.#speak();
  }

  #speak(): void {
    if (this.#over) return;
    const total = this.#length();
    const stream = this.#stream!;
    // Until the text is done the voice stays a fade short of its length so far: the fade-out needs the true end.
    const available = total - this.#sent - (this.#textDone ? 0 : stream.fade);
    const count = this.#textDone ? Math.min(this.#chunk, available) : available >= this.#chunk ? this.#chunk : 0;
    if (count <= 0) {
      if (this.#textDone) this.#finish();
      else this.#waiting = true;
      return;
    }
    const audio = this.#audio(stream, count, total);
    this.#sent += count;
    const last = this.#textDone && this.#sent === total;
    const transcript = this.#transcriptUpTo(last ? this.#text.length : (this.#text.length * this.#sent) / total);
    this.#send(audio, transcript);
    if (last) return this.#finish();
    this.#timer.set(this.#base + this.sentMs);
  }

  #length(): number {
    if (this.#totalFor !== this.#text.length) {
      this.#total = Math.round((speechDurationMs(this.#text, this.#speech.speed) * this.#speech.format.sampleRate) / 1000);
      this.#totalFor = this.#text.length;
    }
    return this.#total;
  }

  /**
   * The next `count` samples, encoded: a whole delta clear of the fade-out is the same for every answer that starts
   * alike, so it comes from the voice cache when another session made it.
   */
  #audio(stream: SpeechStream, count: number, total: number): string {
    if (count !== this.#chunk || this.#sent + count > total - stream.fade)
      return encodeAudio(this.#speech.format, stream.take(count, total)).toString('base64');
    const key = this.#voiceKey + String(this.#sent / this.#chunk);
    const cached = VOICE_CACHE.get(key);
    if (cached) {
      stream.skip(count, cached.phasor);
      return cached.audio;
    }
    const audio = encodeAudio(this.#speech.format, stream.take(count, Number.POSITIVE_INFINITY)).toString('base64');
    VOICE_CACHE.set(key, { audio, phasor: stream.phasor });
    return audio;
  }

  /** The transcript from what was said to `end` (a share of the text, as the audio is of its length). */
  #transcriptUpTo(end: number): string {
    let upTo = Math.max(this.#said, Math.floor(end));
    // never split a surrogate pair between two deltas
    const code = this.#text.charCodeAt(upTo - 1);
    if (upTo < this.#text.length && code >= 0xd800 && code <= 0xdbff) upTo--;
    const piece = this.#text.slice(this.#said, upTo);
    this.#said = Math.max(this.#said, upTo);
    return piece;
  }
}
