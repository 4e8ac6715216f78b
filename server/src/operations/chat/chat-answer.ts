import type { ResolvedDeployment } from '../../config/resolve-config.ts';
import { createRandom, type Random } from '../../generate/random.ts';
import { anyJsonObject } from '../../generate/structured/index.ts';
import { chooseTools } from '../../generate/tools/choose-tools.ts';
import { completionText, type CompletionText } from '../../generate/text/completion-text.ts';
import { ids } from '../../protocol/ids.ts';
import { contentText } from '../../tokens/prompt-tokens.ts';
import type { Tokenizer } from '../../tokens/tokenizer.ts';
import { budgetedJson, EMPTY_PARAMETERS, schemaOutput, toolCallTokens } from '../schema-output.ts';
import type { ChatRequest, FunctionTool } from './chat-request.ts';
import type { FilterCategories } from '../../protocol/content-filter.ts';
import type { ScriptedAnswer } from '../../scenarios/scripted-answer.ts';
import { shapeScriptedText } from '../../scenarios/scripted-text.ts';
import type { MessageContext } from './on-your-data/index.ts';
import type { SpokenAudio } from './spoken-answer.ts';

export type ChatFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

export interface ToolCallAnswer {
  id: string;
  name: string;
  arguments: string;
}

/** What one choice answers, with its token counts. */
export interface ChoiceAnswer {
  content: string | null;
  /** Categories the content filter flagged (a scripted output filter); all clear when absent. */
  filter?: FilterCategories;
  toolCalls: ToolCallAnswer[];
  finishReason: ChatFinishReason;
  /** Tokens of the visible content or tool calls: equal to a recount of what is returned. */
  visibleTokens: number;
  /** Hidden reasoning tokens (reasoning models only). */
  reasoningTokens: number;
  /** On Your Data's `message.context`, for a request with `data_sources`. */
  context?: MessageContext;
  /** The answer spoken, when the audio modality was asked for; `content` is then null. */
  audio?: SpokenAudio;
}

/** The seed of a choice: the same request, seed and choice index always give the same answer. */
export function choiceSeed(deployment: ResolvedDeployment, body: Record<string, unknown>, index: number): string {
  return `${deployment.model}\u0000${JSON.stringify(body.messages)}\u0000${JSON.stringify(body.tools ?? null)}\u0000${String(body.seed ?? '')}\u0000${index}`;
}

/**
 * The default generator's answer for one choice: a tool call when tools are offered and the conversation is
 * not already answering one (or tool_choice requires it), a structured output when a JSON response format is
 * asked for, otherwise plausible text; cut at the token limit as the service cuts it.
 */
export function answerChoice(request: ChatRequest, deployment: ResolvedDeployment, tokenizer: Tokenizer, index: number): ChoiceAnswer {
  const random = createRandom(choiceSeed(deployment, request as unknown as Record<string, unknown>, index));
  const limit = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  const reasoningTokens = deployment.reasoning ? Math.min(limit ?? Infinity, random.int(64, 448)) : 0;
  const budget = limit === undefined ? undefined : limit - reasoningTokens;
  if (budget !== undefined && budget <= 0) {
    return { content: '', toolCalls: [], finishReason: 'length', visibleTokens: 0, reasoningTokens };
  }

  const tools = toolsToCall(request, random);
  if (tools.length > 0) {
    const toolCalls = tools.map((tool, i) => ({
      id: ids.toolCall(),
      name: tool.function.name,
      arguments: schemaOutput(tool.function.parameters ?? EMPTY_PARAMETERS, `${random.next()}:${i}`, {
        label: `function '${tool.function.name}'`,
        param: `tools[${request.tools!.indexOf(tool)}].function.parameters`,
        name: tool.function.name,
      }),
    }));
    const visibleTokens = toolCallTokens(toolCalls, tokenizer);
    // A named tool_choice forces the call, and the service then reports `stop`.
    const finishReason = typeof request.tool_choice === 'object' ? 'stop' : 'tool_calls';
    return { content: null, toolCalls, finishReason, visibleTokens, reasoningTokens };
  }

  const text = answerText(request, tokenizer, random, budget);
  return { content: text.text, toolCalls: [], finishReason: text.finishReason, visibleTokens: text.tokens, reasoningTokens };
}

function answerText(request: ChatRequest, tokenizer: Tokenizer, random: Random, budget: number | undefined): CompletionText {
  const format = request.response_format;
  if (format?.type === 'json_schema' || format?.type === 'json_object') {
    const name = format.json_schema?.name ?? 'response';
    const json =
      format.type === 'json_schema'
        ? schemaOutput(format.json_schema?.schema ?? {}, random.next(), {
            label: `response_format '${name}'`,
            param: 'response_format',
            name,
          })
        : anyJsonObject(random.next()).json;
    const { text, tokens, cut } = budgetedJson(json, tokenizer, budget);
    return { text, tokens, finishReason: cut ? 'length' : 'stop' };
  }
  const stop = typeof request.stop === 'string' ? [request.stop] : (request.stop ?? undefined);
  return completionText({
    tokenizer,
    random,
    prompt: lastUserText(request),
    ...(budget === undefined ? {} : { maxTokens: budget }),
    ...(stop ? { stop } : {}),
  });
}

/** A choice answering with what a scenario rule scripted, cut as the service would cut it. */
export function scriptedChoice(answer: ScriptedAnswer, request: ChatRequest, tokenizer: Tokenizer): ChoiceAnswer {
  if (answer.toolCalls.length > 0) {
    const toolCalls = answer.toolCalls.map((call) => ({ id: call.id ?? ids.toolCall(), name: call.name, arguments: call.arguments }));
    const visibleTokens = toolCallTokens(toolCalls, tokenizer);
    return { content: answer.text, toolCalls, finishReason: 'tool_calls', visibleTokens, reasoningTokens: 0 };
  }
  const shaped = shapeScriptedText(answer, tokenizer, request.max_completion_tokens ?? request.max_tokens ?? undefined);
  const choice: ChoiceAnswer = {
    content: shaped.text,
    toolCalls: [],
    finishReason: shaped.finishReason,
    visibleTokens: shaped.tokens,
    reasoningTokens: 0,
  };
  if (answer.outputFilter) choice.filter = answer.outputFilter.categories;
  return choice;
}

/** The tools this choice calls, by the shared rules. */
function toolsToCall(request: ChatRequest, random: Random): FunctionTool[] {
  const tools = request.tools ?? [];
  const choice = request.tool_choice ?? 'auto';
  const mode = typeof choice === 'object' ? { name: choice.function.name } : choice;
  const specs = tools.map((tool) => ({ name: tool.function.name, description: tool.function.description, tool }));
  const context = {
    prompt: lastUserText(request),
    answeringToolResult: request.messages[request.messages.length - 1]?.role === 'tool',
    parallel: request.parallel_tool_calls !== false,
  };
  return chooseTools(specs, mode, context, random).map((spec) => spec.tool);
}

function lastUserText(request: ChatRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const message = request.messages[i]!;
    if (message.role === 'user') return contentText(message.content);
  }
  return '';
}
