import type { ConversationItem } from '../conversation.ts';
import type { SpokenAudio } from './spoken-audio.ts';

/** The audio behind an assistant item's audio part: what was sent of it, and where a client truncated it. */
export interface ItemAudio {
  readonly audio: SpokenAudio;
  /** Where `conversation.item.truncate` cut it, in ms; undefined while it was not. */
  endMs: number | undefined;
}

// Kept beside the item rather than in it, since the item goes out as JSON in events as it is.
const ITEM_AUDIO = new WeakMap<ConversationItem, ItemAudio>();

export function noteItemAudio(item: ConversationItem, audio: SpokenAudio): void {
  ITEM_AUDIO.set(item, { audio, endMs: undefined });
}

export function itemAudio(item: ConversationItem): ItemAudio | undefined {
  return ITEM_AUDIO.get(item);
}

/** Milliseconds of audio an item has: what was sent, or less once truncated. */
export function itemAudioMs(record: ItemAudio): number {
  return record.endMs ?? record.audio.sentMs;
}

/** The transcript of the first `endMs` of `audioMs` of audio: the same share of its text, on a character boundary. */
export function truncatedTranscript(transcript: string, audioMs: number, endMs: number): string {
  if (audioMs <= 0) return '';
  if (endMs >= audioMs) return transcript;
  let end = Math.floor((transcript.length * endMs) / audioMs);
  const code = transcript.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return transcript.slice(0, end);
}
