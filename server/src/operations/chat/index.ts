import type { ResolvedDeployment } from '../../config/resolve-config.ts';
import { ids } from '../../protocol/ids.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import { chatPromptTokens } from '../../tokens/prompt-tokens.ts';
import { tokenizerFor } from '../../tokens/tokenizer.ts';
import type { DataPlaneRequest, OperationHandler, OperationResult } from '../types.ts';
import { Renderings, renderingKey } from '../renderings.ts';
import { answerChoice, scriptedChoice, type ChoiceAnswer } from './chat-answer.ts';
import { parseChatRequest, type ChatRequest } from './chat-request.ts';
import { chatCompletionBody, chatCompletionChunks, chatUsage, isAscii, type ChatCompletionParts, type Rendered } from './chat-response.ts';

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

/** Answers without tool calls (each of those needs new call ids), but for their `created` and `id`. */
const renderings = new Renderings<Rendered<OperationResult>>({
  maxEntries: 1000,
  maxBytes: 32 * 1024 * 1024,
  bytesOf: (rendered) => rendered.bytes,
});

/** Chat completions from the default generator, streamed or not. */
export const chatCompletions: OperationHandler = (request) => {
  const { body, deployment, apiVersion, scripted, json } = request;
  if (scripted) return render(request).fill(createdNow(), ids.chatCompletion());
  const key = renderingKey(apiVersion, body, json);
  let rendered = renderings.get(deployment, key);
  if (!rendered) {
    const made = render(request);
    rendered = made;
    if (made.reusable) renderings.set(deployment, key, made);
  }
  return rendered.fill(createdNow(), ids.chatCompletion());
};

/** The answer to `request`, but for its `created` and `id`; reusable when a second request may get the same. */
function render({ body, deployment, apiVersion, scripted }: DataPlaneRequest): Rendered<OperationResult> & { reusable: boolean } {
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
  const usage = { promptTokens, completionTokens: chatUsage(answers, promptTokens).completion_tokens };
  const reusable = !scripted && answers.every((answer) => answer.toolCalls.length === 0);
  if (request.stream === true) {
    const events = chatCompletionChunks(parts, deployment.latency?.tokensPerChunk ?? 1);
    // the events are made only if they are asked for: a stream sent at once is sent as text
    const fill = (created: number, id: string): OperationResult => ({
      kind: 'sse',
      events: { [Symbol.iterator]: () => events.fill(created, id)[Symbol.iterator]() },
      text: () => events.text(created, id),
      ascii: events.ascii && isAscii(id),
      usage,
    });
    return { fill, bytes: events.bytes, reusable };
  }
  const completion = chatCompletionBody(parts);
  const fill = (created: number, id: string): OperationResult => ({
    kind: 'json',
    body: completion.fill(created, id),
    ascii: completion.ascii && isAscii(id),
    usage,
  });
  return { fill, bytes: completion.bytes, reusable };
}

function createdNow(): number {
  return Math.floor(Date.now() / 1000);
}
