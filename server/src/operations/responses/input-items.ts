import { randomBytes } from 'node:crypto';
import { ids } from '../../protocol/ids.ts';
import { requestValidator } from '../../protocol/request-validator.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import type { InputItem } from './responses-request.ts';

/** The prefix of the id the service gives an input item of each type. */
const ID_OF: Record<string, () => string> = {
  message: ids.message,
  function_call: ids.functionCall,
  // not confirmed against the service: its function_call_output items were not seen listed
  function_call_output: () => `fco_${randomBytes(24).toString('hex')}`,
};

/**
 * The conversation's items, each with an id as the service gives them when it stores a response (`msg_…` for a
 * message, `fc_…` for a function call): what `input_items` lists, and the same id on every later turn.
 */
export function withItemIds(items: readonly InputItem[]): InputItem[] {
  return items.map((item) => (item.id ? item : { id: (ID_OF[item.type ?? 'message'] ?? ids.message)(), ...item }));
}

/** An input item as `GET …/responses/{id}/input_items` lists it (openai-node's `ResponseItem`). */
export function listedItem(item: InputItem): Record<string, unknown> {
  const type = item.type ?? 'message';
  if (type !== 'message') return { ...item, type, status: 'completed' };
  const content =
    typeof item.content === 'string'
      ? [{ type: item.role === 'assistant' ? 'output_text' : 'input_text', text: item.content }]
      : item.content;
  return { id: item.id, type, role: item.role ?? 'user', content, status: 'completed' };
}

export interface InputItemsPage {
  object: 'list';
  data: Record<string, unknown>[];
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

const validateQuery = requestValidator('inputItemsQuery', {
  type: 'object',
  properties: {
    after: { type: 'string' },
    limit: { type: 'integer', minimum: 1, maximum: 100 },
    order: { enum: ['asc', 'desc'] },
  },
});

/** The query of `input_items` with `limit` read as the integer it must spell; refused as the service refuses it. */
export function inputItemsQuery(query: Record<string, string | string[] | undefined>): {
  after?: string;
  limit: number;
  order: 'asc' | 'desc';
} {
  const one = (name: string) => (Array.isArray(query[name]) ? query[name].at(-1) : query[name]);
  const limit = one('limit');
  if (limit !== undefined && !/^-?\d+$/.test(limit)) {
    throw serviceErrors.invalidRequest(`Invalid type for 'limit': expected an integer, but got a string instead.`, 'limit', 'invalid_type');
  }
  const parsed = { after: one('after'), limit: limit === undefined ? 20 : Number(limit), order: one('order') ?? 'desc' };
  validateQuery(Object.fromEntries(Object.entries(parsed).filter(([, value]) => value !== undefined)));
  return parsed as { after?: string; limit: number; order: 'asc' | 'desc' };
}

/**
 * One page of a response's input items: newest first unless `order: asc`, starting after the item `after` names
 * (an id not among them starts nowhere: an empty page).
 */
export function inputItemsPage(items: readonly InputItem[], query: ReturnType<typeof inputItemsQuery>): InputItemsPage {
  const ordered = query.order === 'desc' ? [...items].reverse() : items;
  const start = query.after === undefined ? 0 : ordered.findIndex((item) => item.id === query.after) + 1;
  const page = start === 0 && query.after !== undefined ? [] : ordered.slice(start, start + query.limit);
  const data = page.map(listedItem);
  return {
    object: 'list',
    data,
    first_id: (data[0]?.id as string | undefined) ?? null,
    last_id: (data.at(-1)?.id as string | undefined) ?? null,
    has_more: start + page.length < ordered.length && page.length > 0,
  };
}
