import { tokenizerFor } from '../tokens/tokenizer.ts';
import { audioMs, decodeAudio, type AudioFormat } from './audio/audio-format.ts';
import { VoiceActivity, type VadEvent } from './audio/voice-activity.ts';
import { unknownField, type ClientEvent } from './client-events.ts';
import { itemId, type ConversationItem } from './conversation.ts';
import { inputFormat, transcriptionModel, turnDetection, type TurnDetection } from './input-settings.ts';
import type { RealtimeFlavor } from './realtime-address.ts';
import { RealtimeProblem } from './realtime-problem.ts';
import type { SendEvent } from './response-events.ts';
import type { SessionObject } from './session-config.ts';

/** The most an append may carry: the service's limit is 15 MiB of audio (openai-node: InputAudioBufferAppendEvent). */
const MAX_APPEND_CHARS = Math.ceil((15 * 1024 * 1024 * 4) / 3);
/** The least a commit takes: the service refuses less than 100 ms of audio. */
const MIN_COMMIT_MS = 100;

/** What the input audio needs of its session. */
export interface InputAudioHost {
  readonly flavor: RealtimeFlavor;
  session(): SessionObject;
  send: SendEvent;
  /** The last item of the conversation, the new one's `previous_item_id`. */
  lastItemId(): string | null;
  /** Adds a user item and announces it as a created one. */
  add(item: ConversationItem): void;
  /** Cancels the response under way, if any: speech interrupts it. */
  interrupt(): void;
  /** Asks for a response, as `response.create` does. */
  respond(): void;
  /** What the user said in the session's `turn`-th committed audio. */
  utterance(turn: number, audioMs: number): string;
}

/**
 * A session's input audio buffer: appends decoded in the session's input format, commits into user items with
 * an `input_audio` part, and server VAD deciding the turns from the audio itself. No sample is kept: the buffer is
 * a span of the session's audio (where it starts, how long it is), the VAD keeps the sums of one 20 ms frame, and
 * the transcript is scripted (see userUtterance), so memory stays bounded however long the session talks.
 */
export class InputAudio {
  readonly #host: InputAudioHost;
  /** Ms of audio appended since the session's first append; where the uncommitted buffer begins. */
  #sessionMs = 0;
  #bufferStartMs = 0;
  #vad: { detector: VoiceActivity; key: string } | undefined;
  /** The item the speech under way will become, announced in speech_started. */
  #speechItem: string | undefined;
  #commits = 0;
  /** Ms of audio of each committed item, for the response's audio tokens. */
  readonly #itemAudioMs = new Map<string, number>();

  constructor(host: InputAudioHost) {
    this.#host = host;
  }

  /** Answers `input_audio_buffer.append`, `commit` or `clear`; the problem to refuse it with, if any. */
  answer(event: ClientEvent): RealtimeProblem | undefined {
    const unknown = unknownField(event.fields, event.type === 'input_audio_buffer.append' ? ['audio'] : []);
    if (unknown) return unknown;
    if (event.type === 'input_audio_buffer.append') return this.#append(event.fields.audio);
    if (event.type === 'input_audio_buffer.clear') {
      this.#bufferStartMs = this.#sessionMs;
      this.#speechItem = undefined;
      this.#vad?.detector.reset();
      this.#host.send('input_audio_buffer.cleared', {});
      return undefined;
    }
    const buffered = this.#sessionMs - this.#bufferStartMs;
    if (buffered < MIN_COMMIT_MS)
      return new RealtimeProblem(
        'input_audio_buffer_commit_empty',
        `Error committing input audio buffer: buffer too small. Expected at least ${MIN_COMMIT_MS}ms of audio, but buffer only has ${buffered.toFixed(2)}ms of audio.`,
      );
    this.#vad?.detector.reset();
    this.#commit(this.#speechItem ?? itemId(), buffered);
    this.#bufferStartMs = this.#sessionMs;
    return undefined;
  }

  #append(audio: unknown): RealtimeProblem | undefined {
    if (audio === undefined) return RealtimeProblem.missing('audio');
    if (typeof audio !== 'string') return RealtimeProblem.invalidType('audio', 'a string');
    const format = inputFormat(this.#host.flavor, this.#host.session());
    const bytes = audio.length > MAX_APPEND_CHARS ? undefined : base64Bytes(audio);
    if (bytes === undefined)
      return new RealtimeProblem(
        'invalid_value',
        `Invalid 'audio'. Expected base64-encoded audio bytes (${describe(format)}) but got an invalid value.`,
        'audio',
      );
    const samples = decodeAudio(format, bytes);
    const detection = turnDetection(this.#host.flavor, this.#host.session());
    const detector = detection && this.#detector(detection, format);
    this.#sessionMs += audioMs(format, samples.length * format.bytesPerSample);
    if (detection && detector) for (const turn of detector.feed(samples)) this.#turn(turn, detection);
    return undefined;
  }

  /** The VAD for the current settings and format; a new one, from this point of the audio, when they change. */
  #detector(detection: TurnDetection, format: AudioFormat): VoiceActivity {
    const key = `${format.sampleRate}:${detection.threshold}:${detection.prefixPaddingMs}:${detection.silenceDurationMs}`;
    if (this.#vad?.key !== key) this.#vad = { detector: new VoiceActivity(detection, format.sampleRate, this.#sessionMs), key };
    return this.#vad.detector;
  }

  #turn(turn: VadEvent, detection: TurnDetection): void {
    if (turn.kind === 'started') {
      this.#speechItem = itemId();
      const audioStartMs = Math.max(Math.round(this.#bufferStartMs), turn.audioStartMs);
      this.#bufferStartMs = audioStartMs;
      this.#host.send('input_audio_buffer.speech_started', { audio_start_ms: audioStartMs, item_id: this.#speechItem });
      if (detection.interruptResponse) this.#host.interrupt();
      return;
    }
    const item = this.#speechItem ?? itemId();
    this.#speechItem = undefined;
    this.#host.send('input_audio_buffer.speech_stopped', { audio_end_ms: turn.audioEndMs, item_id: item });
    this.#commit(item, turn.audioEndMs - this.#bufferStartMs);
    this.#bufferStartMs = turn.audioEndMs;
    if (detection.createResponse) this.#host.respond();
  }

  /**
   * The buffer becomes a user item: `committed`, the item announced (its transcript null, as the service's
   * transcription comes after), then the scripted transcript set on it and, when the session asks for input
   * transcription, reported in its events.
   */
  #commit(id: string, ms: number): void {
    const { flavor } = this.#host;
    this.#host.send('input_audio_buffer.committed', { previous_item_id: this.#host.lastItemId(), item_id: id });
    const part: { type: string; transcript: string | null } = { type: 'input_audio', transcript: null };
    const item = { id, object: 'realtime.item', type: 'message', status: 'completed', role: 'user', content: [part] };
    this.#host.add(item);
    const transcript = this.#host.utterance(this.#commits++, ms);
    part.transcript = transcript;
    this.#itemAudioMs.set(id, ms);
    const model = transcriptionModel(flavor, this.#host.session());
    if (model === undefined) return;
    const where = { item_id: id, content_index: 0 };
    if (flavor === 'preview') {
      this.#host.send('conversation.item.input_audio_transcription.completed', { ...where, transcript });
      return;
    }
    this.#host.send('conversation.item.input_audio_transcription.delta', { ...where, delta: transcript });
    this.#host.send('conversation.item.input_audio_transcription.completed', {
      ...where,
      transcript,
      usage: transcriptionUsage(model, ms, transcript),
    });
  }

  /** Ms of audio in the conversation's items that came from the input buffer. */
  conversationAudioMs(items: readonly ConversationItem[]): number {
    let total = 0;
    for (const item of items) total += this.#itemAudioMs.get(item.id) ?? 0;
    return total;
  }
}

/**
 * The bytes of a base64 text, or undefined when it is not base64. Node's decoder skips what is not base64 and
 * stops at a misplaced `=`, so a text is base64 when it decodes to every byte its length promises; a regular
 * expression would overflow the stack on the megabytes an append may carry.
 */
function base64Bytes(text: string): Buffer | undefined {
  if (text.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(text, 'base64');
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return bytes.length === (text.length / 4) * 3 - padding ? bytes : undefined;
}

function describe(format: AudioFormat): string {
  if (format.codec === 'pcm16') return 'mono PCM16 at 24kHz';
  return `mono G.711 ${format.codec === 'g711_ulaw' ? 'u-law' : 'A-law'} at 8kHz`;
}

/**
 * The transcription's usage as openai-node's GA event gives it: whisper-1 is billed by the audio's duration,
 * the gpt-4o transcribe models by tokens (the audio's at the realtime rate, the transcript's text).
 */
function transcriptionUsage(model: string, ms: number, transcript: string): Record<string, unknown> {
  if (model.startsWith('whisper')) return { type: 'duration', seconds: Math.round(ms) / 1000 };
  const input = inputAudioTokens(ms);
  const output = tokenizerFor('o200k_base').encode(transcript).length;
  return {
    type: 'tokens',
    input_tokens: input,
    output_tokens: output,
    total_tokens: input + output,
    input_token_details: { audio_tokens: input, text_tokens: 0 },
  };
}

/** Audio tokens of `ms` of user audio: the realtime models count one token per 100 ms of input audio. */
export function inputAudioTokens(ms: number): number {
  return Math.ceil(ms / 100);
}
