import { serviceErrors } from '../../protocol/service-errors.ts';
import { chatPromptTokens } from '../../tokens/prompt-tokens.ts';
import { tokenizerFor } from '../../tokens/tokenizer.ts';
import type { OperationHandler } from '../types.ts';
import { answerChoice, scriptedChoice } from './chat-answer.ts';
import { parseChatRequest } from './chat-request.ts';
import { chatCompletionBody, chatCompletionChunks, chatUsage, type ChatCompletionParts } from './chat-response.ts';

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
    scripted ? scriptedChoice(scripted, request, tokenizer) : answerChoice(request, deployment, tokenizer, index),
  );
  const parts: ChatCompletionParts = { request, deployment, tokenizer, answers, promptTokens };
  const usage = chatUsage(answers, promptTokens);
  const tokens = { promptTokens, completionTokens: usage.completion_tokens };
  if (request.stream === true)
    return { kind: 'sse', events: chatCompletionChunks(parts, deployment.latency?.tokensPerChunk ?? 1), usage: tokens };
  return { kind: 'json', body: chatCompletionBody(parts), usage: tokens };
};
