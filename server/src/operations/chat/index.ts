import type { ResolvedDeployment } from '../../config/resolve-config.ts';
import { ids } from '../../protocol/ids.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import { chatPromptTokens } from '../../tokens/prompt-tokens.ts';
import { tokenizerFor } from '../../tokens/tokenizer.ts';
import type { OperationHandler } from '../types.ts';
import { answerChoice, scriptedChoice, type ChoiceAnswer } from './chat-answer.ts';
import { parseChatRequest, type ChatRequest } from './chat-request.ts';
import { chatCompletionBody, chatCompletionChunks, chatUsage, type ChatCompletionParts } from './chat-response.ts';

/**
 * The generator is deterministic: the same body on the same model always gets the same answer. Load tests send
 * the same bodies again and again, so answers are remembered (bounded), and only tool-call ids are made afresh.
 */
const remembered = new Map<string, ChoiceAnswer>();
const REMEMBERED_MAX = 5000;

function generatedChoice(body: Record<string, unknown>, request: ChatRequest, deployment: ResolvedDeployment, index: number): ChoiceAnswer {
  const key = `${deployment.model}\u0000${deployment.tokenizer}\u0000${deployment.reasoning}\u0000${index}\u0000${JSON.stringify(body)}`;
  const known = remembered.get(key);
  if (known)
    return known.toolCalls.length === 0 ? known : { ...known, toolCalls: known.toolCalls.map((call) => ({ ...call, id: ids.toolCall() })) };
  const answer = answerChoice(request, deployment, tokenizerFor(deployment.tokenizer), index);
  if (remembered.size >= REMEMBERED_MAX) remembered.clear();
  remembered.set(key, answer);
  return answer;
}

/** Chat completions from the default generator, streamed or not. */
export const chatCompletions: OperationHandler = ({ body, deployment, apiVersion, scripted }) => {
  const request = parseChatRequest(body, deployment, apiVersion);
  const tokenizer = tokenizerFor(deployment.tokenizer);
  const promptTokens = chatPromptTokens(tokenizer, request.messages as unknown as Record<string, unknown>[], request.tools);
  const limit = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  if (promptTokens + (limit ?? 0) > deployment.contextWindow) {
    throw serviceErrors.contextLengthExceeded(deployment.contextWindow, promptTokens, limit);
  }
  const n = request.n ?? 1;
  const answers = Array.from({ length: n }, (_, index) =>
    scripted ? scriptedChoice(scripted, request, tokenizer) : generatedChoice(body, request, deployment, index),
  );
  const parts: ChatCompletionParts = { request, deployment, tokenizer, answers, promptTokens };
  const usage = chatUsage(answers, promptTokens);
  const tokens = { promptTokens, completionTokens: usage.completion_tokens };
  if (request.stream === true)
    return { kind: 'sse', events: chatCompletionChunks(parts, deployment.latency?.tokensPerChunk ?? 1), usage: tokens };
  return { kind: 'json', body: chatCompletionBody(parts), usage: tokens };
};
