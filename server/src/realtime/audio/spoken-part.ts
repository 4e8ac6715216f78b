import type { ConversationItem } from '../conversation.ts';
import type { RealtimeFlavor } from '../realtime-address.ts';
import { itemAudio, noteItemAudio, truncatedTranscript } from './item-audio.ts';
import type { SendAudio, SpokenAudio } from './spoken-audio.ts';

/** Sends one event of the response, by its GA name (the response renames it for the preview). */
type Emit = (type: string, fields: Record<string, unknown>) => void;

/**
 * The audio content part of an assistant message, as the service streams it: `response.content_part.added` with
 * an `audio` part, then per delta `response.output_audio.delta` and the transcript's
 * `response.output_audio_transcript.delta`, and at the end `response.output_audio.done`,
 * `response.output_audio_transcript.done` and `response.content_part.done`. The item's content is the one part,
 * GA `output_audio` or preview `audio`, with its transcript (openai-node's realtime types, the Azure preview spec).
 */
export class SpokenPart {
  readonly #emit: Emit;
  readonly #where: Record<string, unknown>;
  readonly #content: { type: string; transcript: string };
  readonly #item: ConversationItem;
  readonly audio: SpokenAudio;

  constructor(
    flavor: RealtimeFlavor,
    emit: Emit,
    where: Record<string, unknown>,
    item: ConversationItem,
    speak: (send: SendAudio) => SpokenAudio,
  ) {
    this.#emit = emit;
    this.#where = { ...where, content_index: 0 };
    this.#content = { type: flavor === 'ga' ? 'output_audio' : 'audio', transcript: '' };
    this.#item = item;
    this.audio = speak((audio, transcript) => {
      this.#emit('response.output_audio.delta', { ...this.#where, delta: audio });
      if (transcript !== '') this.#emit('response.output_audio_transcript.delta', { ...this.#where, delta: transcript });
    });
    item.content = [this.#content];
    noteItemAudio(item, this.audio);
    this.#emit('response.content_part.added', { ...this.#where, part: { type: 'audio', transcript: '' } });
  }

  /** The `done` events of the part; the item keeps the transcript (cut if the client truncated it meanwhile). */
  done(): void {
    const transcript = this.audio.transcript;
    const truncatedAt = itemAudio(this.#item)?.endMs;
    this.#content.transcript = truncatedAt === undefined ? transcript : truncatedTranscript(transcript, this.audio.sentMs, truncatedAt);
    this.#emit('response.output_audio.done', { ...this.#where });
    this.#emit('response.output_audio_transcript.done', { ...this.#where, transcript });
    this.#emit('response.content_part.done', { ...this.#where, part: { type: 'audio', transcript } });
  }
}
