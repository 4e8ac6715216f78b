import type { ConversationItem } from '../conversation.ts';
import { RealtimeProblem } from '../realtime-problem.ts';
import { itemAudio, itemAudioMs, truncatedTranscript } from './item-audio.ts';

/** What `conversation.item.truncated` answers. */
export interface Truncation {
  item_id: string;
  content_index: number;
  audio_end_ms: number;
}

/**
 * `conversation.item.truncate`: cuts an assistant item's audio at `audio_end_ms` (what the client played) and its
 * transcript by the same share, so that the conversation holds no text the user did not hear; or the problem the
 * service answers. openai-node's ConversationItemTruncateEvent gives the rules (assistant audio items only,
 * `audio_end_ms` no longer than the audio). The texts: `item_not_found` is the one the service gives for
 * retrieve and delete (its truncate wording unconfirmed); "Only model output audio messages can be truncated"
 * with `unsupported_content_type` and "Audio content of Xms is already shorter than Yms" are the service's as
 * client projects quote them (livekit/agents#6158, openclaw#125502), the latter's code (`invalid_value`) unconfirmed.
 */
export function truncateItem(items: readonly ConversationItem[], fields: Readonly<Record<string, unknown>>): Truncation | RealtimeProblem {
  const { item_id: id, content_index: index, audio_end_ms: endMs } = fields;
  if (id === undefined) return RealtimeProblem.missing('item_id');
  if (index === undefined) return RealtimeProblem.missing('content_index');
  if (endMs === undefined) return RealtimeProblem.missing('audio_end_ms');
  if (typeof id !== 'string') return RealtimeProblem.invalidType('item_id', 'a string');
  if (!Number.isInteger(index) || (index as number) < 0) return RealtimeProblem.invalidType('content_index', 'a non-negative integer');
  if (!Number.isInteger(endMs) || (endMs as number) < 0) return RealtimeProblem.invalidType('audio_end_ms', 'a non-negative integer');
  const item = items.find((each) => each.id === id);
  if (!item) return new RealtimeProblem('item_not_found', `Item with item_id not found: ${id}`, 'item_id');
  const record = itemAudio(item);
  const part = (item.content as Array<{ transcript?: string }> | undefined)?.[index as number];
  if (!record || item.role !== 'assistant' || index !== 0 || !part)
    return new RealtimeProblem('unsupported_content_type', 'Only model output audio messages can be truncated', 'item_id');
  const audioMs = Math.floor(itemAudioMs(record));
  if ((endMs as number) > audioMs)
    return new RealtimeProblem(
      'invalid_value',
      `Audio content of ${audioMs}ms is already shorter than ${endMs as number}ms`,
      'audio_end_ms',
    );
  part.transcript = truncatedTranscript(part.transcript ?? '', itemAudioMs(record), endMs as number);
  record.endMs = endMs as number;
  return { item_id: id, content_index: index, audio_end_ms: endMs as number };
}
