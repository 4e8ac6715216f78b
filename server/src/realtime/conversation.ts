import { serviceId } from '../protocol/ids.ts';
import type { RealtimeFlavor } from './realtime-address.ts';
import { RealtimeProblem } from './realtime-problem.ts';
import type { RealtimeTool } from './session-config.ts';

/** A conversation item as the service sends it back (`object: realtime.item`, an id, a status). */
export type ConversationItem = Record<string, unknown> & { id: string; type: string };

const ITEM_TYPES = ['message', 'function_call', 'function_call_output'] as const;
const ROLES = ['user', 'assistant', 'system'] as const;

/** A new item id, in the service's shape (`item_` and 21 letters and digits). */
export function itemId(): string {
  return serviceId('item_', 21);
}

/**
 * The item a `conversation.item.create` adds, completed with what the service fills in, or the problem it
 * answers: a missing item, type, role, call id or output. Only text content is taken so far.
 */
export function createdItem(item: unknown): ConversationItem | RealtimeProblem {
  if (item === undefined) return RealtimeProblem.missing('item');
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return RealtimeProblem.invalidType('item', 'an object');
  const fields = item as Record<string, unknown>;
  if (fields.type === undefined) return RealtimeProblem.missing('item.type');
  if (!(ITEM_TYPES as readonly unknown[]).includes(fields.type)) return RealtimeProblem.invalidValue('item.type', fields.type, ITEM_TYPES);
  const id = typeof fields.id === 'string' && fields.id !== '' ? fields.id : itemId();
  const base = { id, object: 'realtime.item', status: 'completed' };
  if (fields.type === 'function_call_output') {
    if (typeof fields.call_id !== 'string') return RealtimeProblem.missing('item.call_id');
    if (typeof fields.output !== 'string') return RealtimeProblem.missing('item.output');
    return { ...base, type: 'function_call_output', call_id: fields.call_id, output: fields.output };
  }
  if (fields.type === 'function_call') {
    if (typeof fields.name !== 'string') return RealtimeProblem.missing('item.name');
    const callId = typeof fields.call_id === 'string' ? fields.call_id : serviceId('call_', 16);
    return { ...base, type: 'function_call', name: fields.name, call_id: callId, arguments: String(fields.arguments ?? '') };
  }
  if (fields.role === undefined) return RealtimeProblem.missing('item.role');
  if (!(ROLES as readonly unknown[]).includes(fields.role)) return RealtimeProblem.invalidValue('item.role', fields.role, ROLES);
  if (!Array.isArray(fields.content)) return RealtimeProblem.missing('item.content');
  return { ...base, type: 'message', role: fields.role, content: fields.content };
}

/** The text of a message item's content parts: typed text, or the transcript of audio. */
function textOf(content: unknown): string {
  if (!Array.isArray(content)) return '';
  return content
    .map((part: { text?: unknown; transcript?: unknown }) =>
      typeof part?.text === 'string' ? part.text : typeof part?.transcript === 'string' ? part.transcript : '',
    )
    .join('');
}

type ChatMessage = Record<string, unknown>;

/**
 * The conversation as the messages of a chat completion, which the turn pipeline (rules, templates, the default
 * generator) reads: the session's instructions as the system message, each message item in its role, function
 * calls as an assistant's tool calls (consecutive ones together) and their outputs as tool messages.
 */
export function chatMessages(items: readonly ConversationItem[], instructions: string): ChatMessage[] {
  const messages: ChatMessage[] = instructions ? [{ role: 'system', content: instructions }] : [];
  for (const item of items) {
    if (item.type === 'message') messages.push({ role: item.role, content: textOf(item.content) });
    else if (item.type === 'function_call_output') messages.push({ role: 'tool', tool_call_id: item.call_id, content: item.output });
    else if (item.type === 'function_call') {
      const call = { id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } };
      const last = messages.at(-1);
      if (last?.role === 'assistant' && Array.isArray(last.tool_calls)) (last.tool_calls as unknown[]).push(call);
      else messages.push({ role: 'assistant', content: null, tool_calls: [call] });
    }
  }
  return messages;
}

/** A session's function tools as a chat completion's. */
export function chatTools(tools: readonly RealtimeTool[]): ChatMessage[] {
  return tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, ...(tool.description ? { description: tool.description } : {}), parameters: tool.parameters ?? {} },
  }));
}

/** The content type of the assistant's text in each flavor: GA `output_text`, preview `text`. */
export function assistantTextType(flavor: RealtimeFlavor): string {
  return flavor === 'ga' ? 'output_text' : 'text';
}
