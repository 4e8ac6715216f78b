import { approximateBytes } from '../../memory/index.ts';
import { ids } from '../../protocol/ids.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import { chatPromptSequence, MIN_CACHED_TOKENS, prefixDigests, type PromptCache } from '../../prompt-cache/index.ts';
import { chatPromptTokens } from '../../tokens/prompt-tokens.ts';
import { tokenizerFor } from '../../tokens/tokenizer.ts';
import type { DataPlaneRequest, OperationHandler, OperationResult, TokenUsage } from '../types.ts';
import { answerKey, requestBodyKey, type AnswerCache } from '../answer-cache.ts';
import { answerChoice, scriptedChoice, type ChoiceAnswer } from './chat-answer.ts';
import { parseChatRequest, type ChatRequest } from './chat-request.ts';
import { checkPrediction, predictionTokens } from './prediction.ts';
import { groundAnswers } from './on-your-data/index.ts';
import { chatAudio } from './chat-audio.ts';
import { spokenAnswer } from './spoken-answer.ts';
import {
  chatCompletionBody,
  chatCompletionChunks,
  chatUsage,
  isAscii,
  type ChatCompletionParts,
  type Rendered,
  type RenderedStream,
  type RenderedText,
} from './chat-response.ts';

/** An answer rendered once, with what the prompt cache needs to know of its prompt. */
interface ChatRendering extends Rendered<OperationResult> {
  reusable: boolean;
  /** The prompt's prefix digests, when it is long enough to be cached and the deployment caches. */
  prefixes: string[] | undefined;
  promptTokens: number;
  /** The same answer rendered for each count of cached tokens it was asked with (see withCachedTokens). */
  variants: Map<number, ChatRendering> | undefined;
}

/** The most cached-token counts one answer keeps renderings for; a prompt is mostly sent with one or two. */
const MAX_VARIANTS = 4;

/**
 * Chat completions from the default generator, streamed or not. The generator is deterministic: the same body on
 * the same deployment always gets the same answer, so answers are kept in `answers` and handed out again with a
 * new `created` and `id`, and fresh tool-call ids where there are tool calls. A long prompt asks `prompts` how
 * much of it was cached, and gets the rendering made for that count.
 */
export function chatHandler(answers: AnswerCache, prompts: PromptCache): OperationHandler {
  return (request) => {
    const { body, deployment, scripted } = request;
    if (scripted) return render(request, answers, 0).fill(createdOf(request), ids.chatCompletion());
    const key = answerKey('chat', request);
    let rendered = answers.get<ChatRendering>(deployment, key);
    if (!rendered) {
      const made = render(request, answers, 0);
      rendered = made;
      // answers with tool calls are not kept whole: each needs new call ids
      if (made.reusable) answers.set(deployment, key, made, made.bytes);
    }
    if (rendered.prefixes !== undefined) {
      const cacheKey = typeof body.prompt_cache_key === 'string' ? body.prompt_cache_key : undefined;
      const cached = Math.min(
        rendered.promptTokens,
        prompts.cachedTokens(request.deploymentKey ?? deployment.name, cacheKey, rendered.prefixes),
      );
      if (cached > 0) rendered = withCachedTokens(request, answers, key, rendered, cached);
    }
    return rendered.fill(createdOf(request), ids.chatCompletion());
  };
}

/**
 * The rendering of an answer whose prompt had `cached` tokens cached, kept on the answer's own rendering rather
 * than under a key of its own (a key made of a long prompt would cost more to hash than the rest of the request),
 * with its bytes counted against the answer cache's budget.
 */
function withCachedTokens(
  request: DataPlaneRequest,
  answers: AnswerCache,
  key: string,
  base: ChatRendering,
  cached: number,
): ChatRendering {
  const kept = base.variants?.get(cached);
  if (kept) return kept;
  const made = render(request, answers, cached);
  if (made.reusable && base.reusable && (base.variants?.size ?? 0) < MAX_VARIANTS) {
    base.variants ??= new Map();
    base.variants.set(cached, made);
    let bytes = base.bytes;
    for (const variant of base.variants.values()) bytes += variant.bytes;
    answers.set(request.deployment, key, base, bytes);
  }
  return made;
}

function generatedChoice(
  cache: AnswerCache,
  request: ChatRequest,
  { body, bodyKey, deployment }: DataPlaneRequest,
  index: number,
): ChoiceAnswer {
  const key = `choice\u0000${deployment.name}\u0000${index}\u0000${requestBodyKey(body, bodyKey)}`;
  const known = cache.get<ChoiceAnswer>(deployment, key);
  if (known)
    return known.toolCalls.length === 0 ? known : { ...known, toolCalls: known.toolCalls.map((call) => ({ ...call, id: ids.toolCall() })) };
  const answer = answerChoice(request, deployment, tokenizerFor(deployment.tokenizer), index);
  cache.set(deployment, key, answer, approximateBytes(answer));
  return answer;
}

/** The answer to `request`, but for its `created` and `id`; reusable when a second request may get the same. */
function render(dataPlaneRequest: DataPlaneRequest, cache: AnswerCache, cachedTokens: number): ChatRendering {
  const { body, deployment, apiVersion, scripted } = dataPlaneRequest;
  const request = parseChatRequest(body, deployment, apiVersion);
  const prediction = checkPrediction(request, deployment, apiVersion);
  const audio = chatAudio(body, deployment.model, request.stream === true);
  const tokenizer = tokenizerFor(deployment.tokenizer);
  const messages = request.messages as unknown as Record<string, unknown>[];
  const promptTokens = chatPromptTokens(tokenizer, messages, request.tools) + audio.promptAudioTokens;
  // a scripted answer keeps what it scripts; a short prompt is never cached, and costs nothing more
  const prefixes =
    !scripted && deployment.promptCaching && promptTokens >= MIN_CACHED_TOKENS
      ? prefixDigests(chatPromptSequence(tokenizer, messages, request.tools))
      : undefined;
  const limit = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  if (promptTokens + (limit ?? 0) > deployment.contextWindow) {
    throw serviceErrors.contextLengthExceeded(deployment.contextWindow, promptTokens, limit);
  }
  const n = request.n ?? 1;
  const chosen = Array.from({ length: n }, (_, index) =>
    scripted ? scriptedChoice(scripted, request, tokenizer) : generatedChoice(cache, request, dataPlaneRequest, index),
  );
  let answers = request.data_sources == null ? chosen : groundAnswers(chosen, request, tokenizer, scripted?.grounding);
  const { output, promptAudioTokens } = audio;
  if (output) {
    const spokenLimit = limit === undefined ? undefined : { tokenizer, maxTokens: limit };
    answers = answers.map((answer) => spokenAnswer(answer, output, createdOf(dataPlaneRequest), spokenLimit));
  }
  const predicted = prediction && predictionTokens(tokenizer, prediction, answers[0]?.content ?? null);
  const parts: ChatCompletionParts = {
    request,
    deployment,
    tokenizer,
    answers,
    promptTokens,
    cachedTokens,
    prediction: predicted,
    promptAudioTokens,
  };
  if (scripted?.promptFilter) parts.promptFilter = scripted.promptFilter;
  const completionTokens = chatUsage(answers, promptTokens, cachedTokens, predicted, promptAudioTokens).completion_tokens;
  const usage = { promptTokens, completionTokens, cachedTokens };
  // a spoken answer is not kept: its audio id and expiry are each answer's own
  const reusable = !scripted && !output && answers.every((answer) => answer.toolCalls.length === 0);
  const rendered =
    request.stream === true
      ? streamFill(chatCompletionChunks(parts, deployment.latency?.tokensPerChunk ?? 1), usage)
      : bodyFill(chatCompletionBody(parts), usage);
  return { ...rendered, reusable, prefixes, promptTokens, variants: undefined };
}

/*
 * The renderings' `fill`, made here rather than in render: a closure keeps every variable of its function that any
 * closure there uses, and render's closures use the request, whose long prompt a kept answer must not keep.
 */

/** A stream's fill: the events are made only if they are asked for; a stream sent at once is sent as text. */
function streamFill(events: RenderedStream, usage: TokenUsage): Rendered<OperationResult> {
  const fill = (created: number, id: string): OperationResult => ({
    kind: 'sse',
    events: events.fill(created, id),
    text: () => events.text(created, id),
    ascii: events.ascii && isAscii(id),
    usage,
  });
  return { fill, bytes: events.bytes };
}

function bodyFill(completion: RenderedText<string>, usage: TokenUsage): Rendered<OperationResult> {
  const fill = (created: number, id: string): OperationResult => ({
    kind: 'json',
    body: completion.fill(created, id),
    ascii: completion.ascii && isAscii(id),
    usage,
  });
  return { fill, bytes: completion.bytes };
}

/** `created`: the request's arrival, in whole seconds. */
function createdOf(request: DataPlaneRequest): number {
  return Math.floor(request.time / 1000);
}
