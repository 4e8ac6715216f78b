import type { Random } from '../random.ts';

export interface ToolSpec {
  name: string;
  description?: string | null | undefined;
}

/** tool_choice, with a named function reduced to its name. */
export type ToolChoiceMode = 'none' | 'auto' | 'required' | { name: string };

export interface ToolContext {
  /** The last user message, lowercased or not. */
  prompt: string;
  /** The conversation's last turn is a tool result. */
  answeringToolResult: boolean;
  /** parallel_tool_calls is not false. */
  parallel: boolean;
}

/**
 * The tools the model calls, the same way for chat and the Responses API. `none`: none. A named choice: that
 * one. `required`: at least one. `auto` (the default with tools): none when the last turn is a tool result, so
 * a tool loop ends with words; otherwise the tools the prompt talks about (all of them when parallel calls
 * are allowed), or one picked deterministically.
 */
export function chooseTools<T extends ToolSpec>(tools: readonly T[], choice: ToolChoiceMode, context: ToolContext, random: Random): T[] {
  if (tools.length === 0 || choice === 'none') return [];
  if (typeof choice === 'object') return tools.filter((tool) => tool.name === choice.name).slice(0, 1);
  if (choice === 'auto' && context.answeringToolResult) return [];
  const prompt = context.prompt.toLowerCase();
  const named = tools.filter((tool) => mentions(prompt, tool));
  if (context.parallel && named.length > 1) return named;
  return [named[0] ?? random.pick(tools)];
}

const GENERIC_VERBS = new Set(['get', 'set', 'list', 'find', 'fetch', 'search', 'lookup', 'create', 'update', 'delete']);

/** Whether the prompt talks about what the tool does: a word of its name, or two of its description's. */
function mentions(prompt: string, tool: ToolSpec): boolean {
  const nameWords = tool.name
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[_\-\s]+/)
    .filter((word) => word.length > 3 && !GENERIC_VERBS.has(word));
  if (nameWords.some((word) => prompt.includes(word))) return true;
  const descriptionWords = (tool.description ?? '').toLowerCase().match(/[a-z]{5,}/g) ?? [];
  return descriptionWords.filter((word) => prompt.includes(word)).length >= 2;
}
