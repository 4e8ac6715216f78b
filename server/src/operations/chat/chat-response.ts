import type { ResolvedDeployment } from '../../config/resolve-config.ts';
import { createRandom } from '../../generate/random.ts';
import { completionFilterResults, promptFilterList, type FilterCategories } from '../../protocol/content-filter.ts';
import { ids, systemFingerprint } from '../../protocol/ids.ts';
import { splitByTokens } from '../../tokens/split-by-tokens.ts';
import type { Tokenizer } from '../../tokens/tokenizer.ts';
import type { SseEvent } from '../types.ts';
import type { ChoiceAnswer } from './chat-answer.ts';
import { contentLogprobs } from './chat-logprobs.ts';
import type { ChatRequest } from './chat-request.ts';
import { ChoiceAnnotations } from './async-filter.ts';
import type { PredictionTokens } from './prediction.ts';
import { audioChunks } from './audio-deltas.ts';
import { audioMessage } from './spoken-answer.ts';

export interface ChatUsage {
  completion_tokens: number;
  completion_tokens_details: {
    accepted_prediction_tokens: number;
    audio_tokens: number;
    reasoning_tokens: number;
    rejected_prediction_tokens: number;
  };
  prompt_tokens: number;
  prompt_tokens_details: { audio_tokens: number; cached_tokens: number };
  total_tokens: number;
}

export interface ChatCompletionParts {
  request: ChatRequest;
  deployment: ResolvedDeployment;
  tokenizer: Tokenizer;
  answers: ChoiceAnswer[];
  promptTokens: number;
  /** Of the prompt tokens, those the prompt cache held (see prompt-cache/). */
  cachedTokens: number;
  /** What the answer made of `prediction`, when one was sent. */
  prediction: PredictionTokens | undefined;
  /** What an annotating scenario outcome detected in the prompt; all clear when absent. */
  promptFilter?: FilterCategories;
  /** Of the prompt tokens, those of its audio. */
  promptAudioTokens?: number;
}

/**
 * Usage as the service reports it: completion tokens of every choice, reasoning included, and the rejected
 * prediction tokens too (OpenAI's usage reference: they are billed and counted as completion tokens).
 */
export function chatUsage(
  answers: readonly ChoiceAnswer[],
  promptTokens: number,
  cachedTokens = 0,
  prediction: PredictionTokens | undefined = undefined,
  promptAudioTokens = 0,
): ChatUsage {
  const reasoning = answers.reduce((sum, answer) => sum + answer.reasoningTokens, 0);
  const rejected = prediction?.rejected ?? 0;
  // a spoken answer counts its transcript's tokens and its audio's (the service's usage: text_tokens + audio_tokens)
  const audio = answers.reduce((sum, answer) => sum + (answer.audio?.tokens ?? 0), 0);
  const completion = answers.reduce((sum, answer) => sum + answer.visibleTokens, 0) + reasoning + rejected + audio;
  return {
    completion_tokens: completion,
    completion_tokens_details: {
      accepted_prediction_tokens: prediction?.accepted ?? 0,
      audio_tokens: audio,
      reasoning_tokens: reasoning,
      rejected_prediction_tokens: rejected,
    },
    prompt_tokens: promptTokens,
    prompt_tokens_details: { audio_tokens: promptAudioTokens, cached_tokens: cachedTokens },
    total_tokens: promptTokens + completion,
  };
}

function logprobsFor(parts: ChatCompletionParts, answer: ChoiceAnswer, index: number) {
  if (parts.request.logprobs !== true || answer.content === null) return null;
  const random = createRandom(`logprobs:${index}:${answer.content}`);
  return { content: contentLogprobs(answer.content, parts.tokenizer, random, parts.request.top_logprobs ?? 0), refusal: null };
}

function toolCallsOf(answer: ChoiceAnswer) {
  return answer.toolCalls.map((call) => ({
    id: call.id,
    type: 'function' as const,
    function: { name: call.name, arguments: call.arguments },
  }));
}

/**
 * An answer's text made once, all of it but what each answer has afresh: its `created` time and its `id`. A load
 * test asks the same question again and again, so the generator renders an answer once and fills it in per
 * request, with the keys already in the service's order (../shared/docs/aoai-protocol.md §3 and §4).
 */
export interface Rendered<T> {
  /** The answer, with its own `created` and `id`. */
  fill(created: number, id: string): T;
  /** About how many bytes the rendering keeps. */
  bytes: number;
}

/** A rendering of text, which knows whether that text is all ASCII. */
export interface RenderedText<T> extends Rendered<T> {
  /** The rendered text is all ASCII; with an ASCII id, so is every answer filled in from it. */
  ascii: boolean;
}

/**
 * A stream rendered once: its events (made as they are read), or, for a stream sent at once, its whole SSE text
 * (`data: [DONE]` included), made by one join of text rendered once rather than by framing each event.
 */
export interface RenderedStream extends RenderedText<Iterable<SseEvent>> {
  text(created: number, id: string): string;
}

/** `created` and `id` as the middle of a JSON object, in key order: `"created":…,"id":"…"`. */
function createdAndId(created: number, id: string): string {
  return `"created":${created},"id":${JSON.stringify(id)}`;
}

/**
 * The non-streaming body. Its `fill` keeps only the texts made here: a kept answer must not keep its request (see
 * the answer cache), and a closure keeps every variable of its function that any closure there uses.
 */
export function chatCompletionBody(parts: ChatCompletionParts): RenderedText<string> {
  const { deployment, answers } = parts;
  const choices = choicesText(parts);
  const rest = JSON.stringify({
    model: deployment.model,
    object: 'chat.completion',
    prompt_filter_results: promptFilterList(1, parts.promptFilter),
    system_fingerprint: systemFingerprint(deployment.model),
    usage: chatUsage(answers, parts.promptTokens, parts.cachedTokens, parts.prediction, parts.promptAudioTokens),
  });
  return {
    fill: (created, id) => `{"choices":${choices},${createdAndId(created, id)},${rest.slice(1)}`,
    bytes: choices.length + rest.length,
    ascii: isAscii(choices) && isAscii(rest),
  };
}

function choicesText(parts: ChatCompletionParts): string {
  const policy = parts.deployment.contentFilter;
  return JSON.stringify(
    parts.answers.map((answer, index) => ({
      content_filter_results: completionFilterResults(answer.filter, policy),
      finish_reason: answer.finishReason,
      index,
      logprobs: logprobsFor(parts, answer, index),
      message: {
        annotations: [],
        ...(answer.audio ? { audio: audioMessage(answer.audio) } : {}),
        content: answer.content,
        refusal: null,
        role: 'assistant',
        ...(answer.toolCalls.length > 0 ? { tool_calls: toolCallsOf(answer) } : {}),
        ...(answer.context ? { context: answer.context } : {}),
      },
    })),
  );
}

/**
 * The stream: the prompt-annotation chunk, then per choice the role chunk, the content (or tool-call) chunks
 * and the finish chunk, then the usage chunk when asked for. Every chunk but the first carries one choice and
 * the answer's `created`, `id`, model and fingerprint.
 */
export function chatCompletionChunks(parts: ChatCompletionParts, tokensPerChunk = 1): RenderedStream {
  const { deployment, answers, request, tokenizer } = parts;
  const includeUsage = request.stream_options?.include_usage === true;
  const policy = deployment.contentFilter;
  const asynchronous = policy?.streaming === 'asynchronous';
  // a chunk of the answer, or (`whole`) one sent as it is, without the answer's created, id and model
  const chunks: StreamChunk[] = [];
  const chunk = (choice: Record<string, unknown>, tokens = 0) => chunks.push({ choice: JSON.stringify(choice), tokens });

  for (const [index, answer] of answers.entries()) {
    const role = { content: answer.toolCalls.length > 0 || answer.audio ? null : '', refusal: null, role: 'assistant' };
    // On Your Data streams its context first, with the role, before any content
    if (answer.context) Object.assign(role, { context: answer.context });
    chunk({ content_filter_results: {}, delta: role, finish_reason: null, index, logprobs: null });
    const annotated = answer.filter?.action === 'annotate';
    // content comes in checked batches, each with its annotations (an annotating outcome's too); under the
    // asynchronous filter it comes unchecked, and the annotations follow it
    const contentFilter = asynchronous ? {} : completionFilterResults(annotated ? answer.filter : undefined, policy);
    const verdict = completionFilterResults(answer.filter, policy);
    const annotations = asynchronous ? new ChoiceAnnotations(index, verdict) : undefined;
    if (answer.content) {
      const logprobs = logprobsFor(parts, answer, index)?.content;
      let start = 0;
      for (const piece of splitByTokens(tokenizer, answer.content, tokensPerChunk)) {
        const chunkLogprobs = logprobs ? { content: logprobs.slice(start, start + piece.tokens), refusal: null } : null;
        start += piece.tokens;
        chunk(
          {
            content_filter_results: contentFilter,
            delta: { content: piece.text },
            finish_reason: null,
            index,
            logprobs: chunkLogprobs,
          },
          piece.tokens,
        );
        const due = annotations?.after(piece.text);
        if (due) chunks.push({ whole: due });
      }
    }
    for (const [callIndex, call] of answer.toolCalls.entries()) {
      const opening = { index: callIndex, id: call.id, type: 'function', function: { name: call.name, arguments: '' } };
      chunk({ content_filter_results: {}, delta: { tool_calls: [opening] }, finish_reason: null, index, logprobs: null });
      for (const piece of splitByTokens(tokenizer, call.arguments, Math.max(tokensPerChunk, 4))) {
        const delta = { tool_calls: [{ index: callIndex, function: { arguments: piece.text } }] };
        chunk({ content_filter_results: {}, delta, finish_reason: null, index, logprobs: null }, piece.tokens);
      }
    }
    if (annotations && answer.finishReason === 'content_filter') {
      chunks.push({ whole: annotations.stop() }); // the filter's verdict ends the choice: no finish chunk of its own
      continue;
    }
    // a content-filter cut says which categories fired on the chunk that ends the choice
    const finishFilter = answer.filter && !annotated ? verdict : {};
    if (answer.audio) {
      const finish = { reason: answer.finishReason, filter: finishFilter };
      for (const { choice, tokens } of audioChunks(answer.audio, index, finish, tokenizer, tokensPerChunk)) chunk(choice, tokens);
      continue;
    }
    chunk({ content_filter_results: finishFilter, delta: {}, finish_reason: answer.finishReason, index, logprobs: null });
    const rest = annotations?.rest();
    if (rest) chunks.push({ whole: rest });
  }
  const prompt = promptFilterList(1, parts.promptFilter);
  const first: SseEvent = {
    data: JSON.stringify({ choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: prompt }),
  };
  const about = JSON.stringify({
    model: deployment.model,
    object: 'chat.completion.chunk',
    system_fingerprint: systemFingerprint(deployment.model),
  });
  const usage = includeUsage
    ? JSON.stringify(chatUsage(answers, parts.promptTokens, parts.cachedTokens, parts.prediction, parts.promptAudioTokens))
    : undefined;
  const headOf = (created: number, id: string) => `${createdAndId(created, id)},${about.slice(1, -1)}`;
  // the whole stream as text, split where each chunk's `created`, `id`, model and fingerprint go
  const pieces: string[] = [];
  let before = `data: ${first.data}\n\n`;
  let wholeBytes = 0;
  for (const entry of chunks) {
    if (entry.whole !== undefined) {
      before += `data: ${entry.whole}\n\n`;
      wholeBytes += entry.whole.length;
      continue;
    }
    pieces.push(`${before}data: {"choices":[${entry.choice}],`);
    before = usage === undefined ? '}\n\n' : ',"usage":null}\n\n';
  }
  if (usage !== undefined) {
    pieces.push(`${before}data: {"choices":[],`);
    before = `,"usage":${usage}}\n\n`;
  }
  pieces.push(`${before}data: [DONE]\n\n`);
  return {
    text: (created, id) => pieces.join(headOf(created, id)),
    fill: (created, id) => ({ [Symbol.iterator]: () => filledEvents(first, chunks, headOf(created, id), usage) }),
    bytes:
      first.data.length +
      chunks.reduce((sum, entry) => sum + (entry.whole === undefined ? entry.choice.length + 32 : 0), 0) +
      wholeBytes +
      about.length +
      (usage?.length ?? 0) +
      pieces.reduce((sum, piece) => sum + piece.length, 0),
    ascii: isAscii(about) && pieces.every(isAscii),
  };
}

/** A chunk of a rendered stream: one choice's JSON and its tokens, or (`whole`) a chunk sent as it is. */
type StreamChunk = { choice: string; tokens: number; whole?: undefined } | { whole: string };

/**
 * A stream's events, each made as it is asked for. A paced stream is open for seconds, and 10,000 of them at
 * once were 10,000 arrays of some 40 events each, made up front: 23 KiB of heap a stream, alive through several
 * young-generation collections and copied by each (scavenges of 40-60 ms at 1,000 streams). Made one at a time,
 * an event lives from its turn to its write.
 */
function* filledEvents(first: SseEvent, chunks: readonly StreamChunk[], head: string, usage: string | undefined): Generator<SseEvent> {
  yield first;
  const end = usage === undefined ? `${head}}` : `${head},"usage":null}`;
  for (const entry of chunks) {
    if (entry.whole !== undefined) yield { data: entry.whole };
    else yield { data: `{"choices":[${entry.choice}],${end}`, tokens: entry.tokens };
  }
  if (usage !== undefined) yield { data: `{"choices":[],${head},"usage":${usage}}` };
}

/** Whether every character is ASCII, so that the text's UTF-8 bytes are its characters, one each. */
export function isAscii(text: string): boolean {
  return ASCII.test(text);
}

const ASCII = /^[\x00-\x7f]*$/;
