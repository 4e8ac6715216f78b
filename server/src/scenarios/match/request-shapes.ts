import { contentText } from '../../tokens/prompt-tokens.ts';

// What the shorthand conditions read from a body, in the chat shape (`messages`) or the Responses shape (`input`,
// `instructions`). Malformed bodies give absent values, never errors.

type Body = Readonly<Record<string, unknown>>;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Chat: the last user message's text. Responses: a string input, or the last user input item's text. */
export function lastUserText(body: Body, responses: boolean): string | undefined {
  const list = responses ? body.input : body.messages;
  if (responses && typeof list === 'string') return list;
  if (!Array.isArray(list)) return undefined;
  for (let i = list.length - 1; i >= 0; i--) {
    const item: unknown = list[i];
    if (isRecord(item) && item.role === 'user') return contentText(item.content);
  }
  return undefined;
}

/** Chat: the system and developer messages' texts, one per line. Responses: `instructions`, else those input items. */
export function systemText(body: Body, responses: boolean): string | undefined {
  if (responses && typeof body.instructions === 'string') return body.instructions;
  const list = responses ? body.input : body.messages;
  if (!Array.isArray(list)) return undefined;
  let text: string | undefined;
  for (const item of list) {
    if (!isRecord(item) || (item.role !== 'system' && item.role !== 'developer')) continue;
    const part = contentText(item.content);
    text = text === undefined ? part : `${text}\n${part}`;
  }
  return text;
}

/** Whether `tools` is a non-empty array. */
export function offersTools(body: Body): boolean {
  return Array.isArray(body.tools) && body.tools.length > 0;
}

/** The names of the tools offered, in either shape: chat `function.name` (or `custom.name`), Responses `name`. */
export function toolNames(body: Body): string[] {
  const names: string[] = [];
  if (!Array.isArray(body.tools)) return names;
  for (const tool of body.tools) {
    if (!isRecord(tool)) continue;
    const name = nameOf(tool.function) ?? nameOf(tool) ?? nameOf(tool.custom);
    if (name !== undefined) names.push(name);
  }
  return names;
}

function nameOf(value: unknown): string | undefined {
  return isRecord(value) && typeof value.name === 'string' ? value.name : undefined;
}

const RESULT_ITEM_TYPES = new Set<unknown>(['function_call_output', 'custom_tool_call_output']);

/**
 * The call ids of the tool results carried: chat messages of role `tool` (`tool_call_id`), Responses input items of
 * type `function_call_output` or `custom_tool_call_output` (`call_id`). A result without an id counts as ''.
 */
export function toolResultIds(body: Body, responses: boolean): string[] {
  const ids: string[] = [];
  const list = responses ? body.input : body.messages;
  if (!Array.isArray(list)) return ids;
  for (const item of list) {
    if (!isRecord(item) || !(responses ? RESULT_ITEM_TYPES.has(item.type) : item.role === 'tool')) continue;
    const id = responses ? item.call_id : item.tool_call_id;
    ids.push(typeof id === 'string' ? id : '');
  }
  return ids;
}

/** Chat: the number of messages. Responses: the number of input items, 1 for a string input. */
export function turnCount(body: Body, responses: boolean): number | undefined {
  const list = responses ? body.input : body.messages;
  if (Array.isArray(list)) return list.length;
  return responses && typeof list === 'string' ? 1 : undefined;
}
