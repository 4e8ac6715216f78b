import type { FilterCategories } from '../protocol/content-filter.ts';
import type { ScriptedGrounding } from '../operations/chat/on-your-data/index.ts';

/** What a scenario rule answers with, for the operation's handler to shape as the service would. */
export interface ScriptedAnswer {
  rule: string;
  /** The assistant's text (content, a rendered template, or serialised JSON); null with tool calls. */
  text: string | null;
  toolCalls: Array<{ id?: string; name: string; arguments: string }>;
  /** An output cut by the content filter after `afterTokens` tokens, or (without it) annotated, with these categories. */
  outputFilter?: { afterTokens?: number; categories: FilterCategories };
  /** The prompt's annotations, when an annotating prompt outcome detected something without refusing. */
  promptFilter?: FilterCategories;
  /** Citations and intent for a chat request with `data_sources` (On Your Data's `message.context`). */
  grounding?: ScriptedGrounding;
}
