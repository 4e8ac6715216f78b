import type { ResolvedDeployment } from '../../config/resolve-config.ts';
import { createRandom, type Random } from '../../generate/random.ts';
import { anyJsonObject } from '../../generate/structured/index.ts';
import { completionText } from '../../generate/text/completion-text.ts';
import { chooseTools } from '../../generate/tools/choose-tools.ts';
import { ids } from '../../protocol/ids.ts';
import type { Tokenizer } from '../../tokens/tokenizer.ts';
import { budgetedJson, EMPTY_PARAMETERS, schemaOutput, toolCallTokens } from '../schema-output.ts';
import { lastUserText } from './conversation.ts';
import type { ScriptedAnswer } from '../../scenarios/scripted-answer.ts';
import { shapeScriptedText } from '../../scenarios/scripted-text.ts';
import { reasoningItem, type ReasoningItem } from './reasoning-item.ts';
import type { InputItem, ResponsesFunctionTool, ResponsesRequest } from './responses-request.ts';

export interface MessageItem {
  id: string;
  type: 'message';
  status: 'completed' | 'incomplete';
  role: 'assistant';
  content: Array<{ type: 'output_text'; text: string; annotations: []; logprobs: [] }>;
}

export interface FunctionCallItem {
  id: string;
  type: 'function_call';
  status: 'completed';
  arguments: string;
  call_id: string;
  name: string;
}

export type OutputItem = MessageItem | FunctionCallItem | ReasoningItem;

export interface ResponsesOutput {
  items: OutputItem[];
  outputTokens: number;
  reasoningTokens: number;
  /** Why the response stopped short, if it did. */
  incomplete?: 'max_output_tokens' | 'content_filter';
}

/** The output a scenario rule scripted, shaped as the service would return it. */
export function scriptedOutput(answer: ScriptedAnswer, request: ResponsesRequest, tokenizer: Tokenizer): ResponsesOutput {
  if (answer.toolCalls.length > 0) {
    const items = answer.toolCalls.map((call): FunctionCallItem => ({
      id: ids.functionCall(),
      type: 'function_call',
      status: 'completed',
      arguments: call.arguments,
      call_id: call.id ?? ids.toolCall(),
      name: call.name,
    }));
    return {
      items,
      outputTokens: toolCallTokens(items, tokenizer),
      reasoningTokens: 0,
    };
  }
  const shaped = shapeScriptedText(answer, tokenizer, request.max_output_tokens ?? undefined);
  const incomplete = shaped.finishReason === 'stop' ? undefined : shaped.finishReason === 'length' ? 'max_output_tokens' : 'content_filter';
  return {
    items: [messageItem(shaped.text, incomplete !== undefined)],
    outputTokens: shaped.tokens,
    reasoningTokens: 0,
    ...(incomplete ? { incomplete } : {}),
  };
}

function messageItem(text: string, incomplete: boolean): MessageItem {
  return {
    id: ids.message(),
    type: 'message',
    status: incomplete ? 'incomplete' : 'completed',
    role: 'assistant',
    content: [{ type: 'output_text', text, annotations: [], logprobs: [] }],
  };
}

/**
 * The default generator's output: function calls when tools are offered and the conversation is not answering
 * one (or tool_choice requires them), else a message of text or structured JSON, cut at max_output_tokens.
 */
export function responsesOutput(
  request: ResponsesRequest,
  conversation: readonly InputItem[],
  deployment: ResolvedDeployment,
  tokenizer: Tokenizer,
): ResponsesOutput {
  // seeded by what was said, not by the ids the simulator gave the items, which are new on every request
  const said = JSON.stringify(conversation, withoutIds);
  const random = createRandom(`${deployment.model}\u0000${said}\u0000${request.instructions ?? ''}`);
  const limit = request.max_output_tokens ?? undefined;
  const reasoningTokens = deployment.reasoning ? Math.min(limit ?? Infinity, random.int(64, 448)) : 0;
  const budget = limit === undefined ? undefined : limit - reasoningTokens;
  // a reasoning model's output starts with what it reasoned (hidden but for a summary, when asked)
  const reasoning = deployment.reasoning ? [reasoningItem(request, deployment.model, tokenizer, lastUserText(conversation))] : [];

  const tools = toolsToCall(request, conversation, random);
  if (tools.length > 0) {
    const items = tools.map((tool, i): FunctionCallItem => ({
      id: ids.functionCall(),
      type: 'function_call',
      status: 'completed',
      arguments: schemaOutput(tool.parameters ?? EMPTY_PARAMETERS, `${random.next()}:${i}`, {
        label: `function '${tool.name}'`,
        param: `tools[${request.tools!.indexOf(tool)}].parameters`,
        name: tool.name,
      }),
      call_id: ids.toolCall(),
      name: tool.name,
    }));
    const outputTokens = toolCallTokens(items, tokenizer) + reasoningTokens;
    return { items: [...reasoning, ...items], outputTokens, reasoningTokens };
  }

  const { text, tokens, cut } = messageText(request, conversation, tokenizer, random, budget);
  return {
    items: [...reasoning, messageItem(text, cut)],
    outputTokens: tokens + reasoningTokens,
    reasoningTokens,
    ...(cut ? { incomplete: 'max_output_tokens' as const } : {}),
  };
}

function messageText(
  request: ResponsesRequest,
  conversation: readonly InputItem[],
  tokenizer: Tokenizer,
  random: Random,
  budget: number | undefined,
) {
  if (budget !== undefined && budget <= 0) return { text: '', tokens: 0, cut: true };
  const format = request.text?.format;
  if (format?.type === 'json_schema' || format?.type === 'json_object') {
    const name = format.name ?? 'response';
    const json =
      format.type === 'json_schema'
        ? schemaOutput(format.schema ?? {}, random.next(), { label: `text.format '${name}'`, param: 'text.format.schema', name })
        : anyJsonObject(random.next()).json;
    return budgetedJson(json, tokenizer, budget);
  }
  const completion = completionText({
    tokenizer,
    random,
    prompt: lastUserText(conversation),
    ...(budget === undefined ? {} : { maxTokens: budget }),
  });
  return { text: completion.text, tokens: completion.tokens, cut: completion.finishReason === 'length' };
}

function toolsToCall(request: ResponsesRequest, conversation: readonly InputItem[], random: Random): ResponsesFunctionTool[] {
  const choice = request.tool_choice ?? 'auto';
  const context = {
    prompt: lastUserText(conversation),
    answeringToolResult: conversation[conversation.length - 1]?.type === 'function_call_output',
    parallel: request.parallel_tool_calls !== false,
  };
  return chooseTools(request.tools ?? [], typeof choice === 'object' ? { name: choice.name } : choice, context, random);
}

function withoutIds(key: string, value: unknown): unknown {
  return key === 'id' ? undefined : value;
}
