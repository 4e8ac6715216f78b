import { serviceId } from '../protocol/ids.ts';
import type { RealtimeFlavor } from './realtime-address.ts';
import { assistantTextType, itemId, type ConversationItem } from './conversation.ts';
import { outputAudioTokens } from './audio/audio-tokens.ts';
import type { SendAudio, SpokenAudio } from './audio/spoken-audio.ts';
import { SpokenPart } from './audio/spoken-part.ts';

/** Sends one server event; the session adds its `event_id`. */
export type SendEvent = (type: string, fields: Record<string, unknown>) => void;

/** The preview's names where the GA renamed an event; null: the preview has no such event. */
const PREVIEW_NAMES: Readonly<Record<string, string | null>> = {
  'conversation.item.added': 'conversation.item.created',
  'conversation.item.done': null,
  'response.output_text.delta': 'response.text.delta',
  'response.output_text.done': 'response.text.done',
  'response.output_audio.delta': 'response.audio.delta',
  'response.output_audio.done': 'response.audio.done',
  'response.output_audio_transcript.delta': 'response.audio_transcript.delta',
  'response.output_audio_transcript.done': 'response.audio_transcript.done',
};

/** An event's name in a flavor, or null when the flavor has no such event. */
export function eventName(flavor: RealtimeFlavor, type: string): string | null {
  return flavor === 'preview' && type in PREVIEW_NAMES ? PREVIEW_NAMES[type]! : type;
}

export type ResponseStatus = 'completed' | 'cancelled' | 'failed' | 'incomplete';

/** The token counts a response reports, from the chat completion's usage. */
export interface ResponseUsage {
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  /** Tokens of the audio the response spoke, by its length. */
  outputAudioTokens?: number;
}

interface OpenItem {
  item: ConversationItem;
  outputIndex: number;
  /** The text so far, or the arguments so far of a function call. */
  text: string;
}

/**
 * The events of one response, in the service's order, from the chunks of the chat completion that answers it:
 * `response.created`; per output item `response.output_item.added` and the conversation's `added` (`created` on
 * the preview), then for text `response.content_part.added` and a text delta per chunk, for a function call an
 * arguments delta per chunk; at the end each item's `done` events, then `response.done` with the usage. The
 * shapes are openai-node's (resources/realtime/realtime.ts) for GA and the Azure preview spec's.
 */
export class ResponseEvents {
  readonly id = serviceId('resp_', 21);
  readonly #flavor: RealtimeFlavor;
  readonly #send: SendEvent;
  readonly #summary: Record<string, unknown>;
  readonly #output: ConversationItem[] = [];
  /** Told of each item the response adds, so that the conversation holds it. */
  readonly #addItem: (item: ConversationItem) => void;
  #text: OpenItem | undefined;
  readonly #calls = new Map<number, OpenItem>();
  #usage: ResponseUsage | undefined;
  /** Makes the voice of a response that speaks; undefined for text only. */
  readonly #speak: ((send: SendAudio) => SpokenAudio) | undefined;
  #spoken: SpokenPart | undefined;

  constructor(
    flavor: RealtimeFlavor,
    send: SendEvent,
    summary: Record<string, unknown>,
    addItem: (item: ConversationItem) => void,
    speak?: (send: SendAudio) => SpokenAudio,
  ) {
    this.#flavor = flavor;
    this.#send = send;
    this.#summary = summary;
    this.#addItem = addItem;
    this.#speak = speak;
  }

  /** Milliseconds of audio sent so far. */
  get audioSentMs(): number {
    return this.#spoken?.audio.sentMs ?? 0;
  }

  /** The text is all there: resolves once its audio has all gone out (at once when there is none). */
  spoken(): Promise<void> {
    return this.#spoken?.audio.end() ?? Promise.resolve();
  }

  /** Stops the audio at once: a cancelled or failed response. */
  silence(): void {
    this.#spoken?.audio.stop();
  }

  #emit(type: string, fields: Record<string, unknown>): void {
    const name = eventName(this.#flavor, type);
    if (name !== null) this.#send(name, fields);
  }

  #response(status: string, details: unknown, usage: unknown): Record<string, unknown> {
    return { object: 'realtime.response', id: this.id, status, status_details: details, output: this.#output, ...this.#summary, usage };
  }

  created(): void {
    this.#emit('response.created', { response: this.#response('in_progress', null, null) });
  }

  /** One chunk of the chat completion: text, tool-call pieces, or the usage at the end. */
  chunk(chunk: Record<string, unknown>): void {
    const usage = chunk.usage as {
      prompt_tokens?: number;
      completion_tokens?: number;
      prompt_tokens_details?: { cached_tokens?: number };
    } | null;
    if (usage)
      this.#usage = {
        inputTokens: usage.prompt_tokens ?? 0,
        outputTokens: usage.completion_tokens ?? 0,
        cachedTokens: usage.prompt_tokens_details?.cached_tokens ?? 0,
      };
    const choice = (chunk.choices as Array<{ delta?: Record<string, unknown> }> | undefined)?.[0];
    const delta = choice?.delta;
    if (!delta) return;
    if (typeof delta.content === 'string' && delta.content !== '') this.#textDelta(delta.content);
    if (Array.isArray(delta.tool_calls))
      for (const call of delta.tool_calls as Array<{ index?: number; id?: string; function?: { name?: string; arguments?: string } }>)
        this.#callDelta(call.index ?? 0, call.id, call.function?.name, call.function?.arguments ?? '');
  }

  #open(item: ConversationItem): OpenItem {
    const open = { item, outputIndex: this.#output.length, text: '' };
    this.#output.push(item);
    this.#emit('response.output_item.added', { response_id: this.id, output_index: open.outputIndex, item });
    this.#addItem(item);
    this.#emit('conversation.item.added', { previous_item_id: null, item });
    return open;
  }

  #textDelta(text: string): void {
    if (!this.#text) {
      const item = {
        id: itemId(),
        object: 'realtime.item',
        type: 'message',
        status: 'in_progress',
        role: 'assistant',
        content: [] as unknown[],
      };
      this.#text = this.#open(item);
      if (this.#speak)
        this.#spoken = new SpokenPart(this.#flavor, (type, fields) => this.#emit(type, fields), this.#where(this.#text), item, this.#speak);
      else this.#emit('response.content_part.added', { ...this.#where(this.#text), content_index: 0, part: { type: 'text', text: '' } });
    }
    this.#text.text += text;
    if (this.#spoken) return this.#spoken.audio.say(text);
    this.#emit('response.output_text.delta', { ...this.#where(this.#text), content_index: 0, delta: text });
  }

  #callDelta(index: number, callId: string | undefined, name: string | undefined, args: string): void {
    let open = this.#calls.get(index);
    if (!open) {
      const item = {
        id: itemId(),
        object: 'realtime.item',
        type: 'function_call',
        status: 'in_progress',
        name: name ?? '',
        call_id: callId ?? serviceId('call_', 16),
        arguments: '',
      };
      open = this.#open(item);
      this.#calls.set(index, open);
    }
    if (args === '') return;
    open.text += args;
    this.#emit('response.function_call_arguments.delta', { ...this.#where(open), call_id: open.item.call_id, delta: args });
  }

  #where(open: OpenItem): Record<string, unknown> {
    return { response_id: this.id, item_id: open.item.id, output_index: open.outputIndex };
  }

  /** Ends the response: each open item's `done` events, then `response.done`; the usage it reports. */
  done(status: ResponseStatus, details: Record<string, unknown> | null): ResponseUsage {
    const itemStatus = status === 'completed' ? 'completed' : 'incomplete';
    if (this.#text && this.#spoken) {
      this.#spoken.done();
      this.#text.item.status = itemStatus;
      this.#itemDone(this.#text);
    } else if (this.#text) {
      const open = this.#text;
      const where = { ...this.#where(open), content_index: 0 };
      this.#emit('response.output_text.done', { ...where, text: open.text });
      this.#emit('response.content_part.done', { ...where, part: { type: 'text', text: open.text } });
      Object.assign(open.item, { status: itemStatus, content: [{ type: assistantTextType(this.#flavor), text: open.text }] });
      this.#itemDone(open);
    }
    for (const open of this.#calls.values()) {
      Object.assign(open.item, { status: itemStatus, arguments: open.text });
      if (status === 'completed')
        this.#emit('response.function_call_arguments.done', {
          ...this.#where(open),
          call_id: open.item.call_id,
          name: open.item.name,
          arguments: open.text,
        });
      this.#itemDone(open);
    }
    const usage = {
      ...(this.#usage ?? { inputTokens: 0, outputTokens: 0, cachedTokens: 0 }),
      outputAudioTokens: outputAudioTokens(this.audioSentMs),
    };
    this.#emit('response.done', { response: this.#response(status, details, realtimeUsage(usage)) });
    return usage;
  }

  #itemDone(open: OpenItem): void {
    this.#emit('response.output_item.done', { response_id: this.id, output_index: open.outputIndex, item: open.item });
    this.#emit('conversation.item.done', { previous_item_id: null, item: open.item });
  }
}

/** The usage of `response.done`: text tokens, and the tokens of the audio spoken (no audio in so far). */
function realtimeUsage(usage: ResponseUsage): Record<string, unknown> {
  const audioOut = usage.outputAudioTokens ?? 0;
  return {
    total_tokens: usage.inputTokens + usage.outputTokens + audioOut,
    input_tokens: usage.inputTokens,
    output_tokens: usage.outputTokens + audioOut,
    input_token_details: {
      text_tokens: usage.inputTokens,
      audio_tokens: 0,
      cached_tokens: usage.cachedTokens,
      cached_tokens_details: { text_tokens: usage.cachedTokens, audio_tokens: 0 },
    },
    output_token_details: { text_tokens: usage.outputTokens, audio_tokens: audioOut },
  };
}
