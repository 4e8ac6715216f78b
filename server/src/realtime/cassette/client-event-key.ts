import type { JsonValue } from '../../cassettes/index.ts';

/**
 * What a client event is matched on in replay: its type and, for a conversation item, what the item says (its
 * type and role, the text of its content, a tool call's name and arguments, a tool output). Ids (`event_id`, the
 * item's `id`, `call_id`) are left out, as are audio bytes and session settings: a client makes new ids on each
 * run, and the same app may chunk its audio or phrase its settings differently without changing the conversation.
 *
 * @example clientEventKey({ type: 'response.create', event_id: 'evt_1' }) === '{"type":"response.create"}'
 */
export function clientEventKey(event: JsonValue | undefined): string {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) return JSON.stringify({ type: null });
  const type = typeof event.type === 'string' ? event.type : null;
  const item = event.item;
  if (item === null || typeof item !== 'object' || Array.isArray(item)) return JSON.stringify({ type });
  return JSON.stringify({ type, item: itemSays(item) });
}

/** A short description of a key, for a miss's message. */
export function describeKey(key: string): string {
  const { type, item } = JSON.parse(key) as { type: string | null; item?: { text?: string[]; output?: string } };
  const said = item?.text?.join(' ') || item?.output;
  return said ? `${type ?? 'an event without a type'} "${said.length > 60 ? `${said.slice(0, 57)}...` : said}"` : `${type}`;
}

function itemSays(item: { [key: string]: JsonValue }): Record<string, JsonValue> {
  const says: Record<string, JsonValue> = {};
  for (const field of ['type', 'role', 'name', 'arguments', 'output'] as const) if (item[field] !== undefined) says[field] = item[field];
  if (Array.isArray(item.content)) {
    const text: string[] = [];
    for (const part of item.content) {
      if (part === null || typeof part !== 'object' || Array.isArray(part)) continue;
      const said = typeof part.text === 'string' ? part.text : typeof part.transcript === 'string' ? part.transcript : undefined;
      if (said !== undefined) text.push(said);
    }
    says.text = text;
  }
  return says;
}
