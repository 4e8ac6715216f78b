import { createRandom } from '../../generate/random.ts';
import { completionText } from '../../generate/text/completion-text.ts';
import { shapeScriptedText } from '../../scenarios/scripted-text.ts';
import { completionFilterResults, promptFilterList, type AnnotationPolicy, type FilterCategories } from '../../protocol/content-filter.ts';
import { ids } from '../../protocol/ids.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import { splitByTokens } from '../../tokens/split-by-tokens.ts';
import { tokenizerFor, type Tokenizer } from '../../tokens/tokenizer.ts';
import type { OperationHandler, SseEvent } from '../types.ts';
import { parseCompletionsRequest, type CompletionsRequest } from './completions-request.ts';
import { inputTexts } from '../../tokens/input-texts.ts';

/** The service's default when a legacy completions request sets no max_tokens. */
const DEFAULT_MAX_TOKENS = 16;

interface Choice {
  index: number;
  text: string;
  completion: { text: string; tokens: number; finishReason: string };
}

/** What a scenario outcome and the deployment's filter configuration put on the annotations. */
interface Annotations {
  output: FilterCategories | undefined;
  prompt: FilterCategories | undefined;
  policy: AnnotationPolicy | undefined;
}

/** Legacy completions (`prompt` in, `text` out), streamed or not. */
export const completions: OperationHandler = ({ body, deployment, scripted, time }) => {
  const request = parseCompletionsRequest(body);
  const tokenizer = tokenizerFor(deployment.tokenizer);
  const prompts = inputTexts(request.prompt, (tokens) => tokenizer.decode(tokens));
  const counts = prompts.map((prompt) => tokenizer.count(prompt));
  const promptTokens = counts.reduce((sum, count) => sum + count, 0);
  const maxTokens = request.max_tokens ?? DEFAULT_MAX_TOKENS;
  const longest = Math.max(...counts);
  if (longest + maxTokens > deployment.contextWindow) {
    throw serviceErrors.contextLengthExceeded(deployment.contextWindow, longest, request.max_tokens ?? undefined, 'prompt');
  }
  const n = request.n ?? 1;
  const bestOf = Math.max(request.best_of ?? n, n);
  const stop = typeof request.stop === 'string' ? [request.stop] : (request.stop ?? undefined);

  const choices: Choice[] = [];
  let completionTokens = 0;
  prompts.forEach((prompt, promptIndex) => {
    // best_of candidates are all generated (and billed); the first n are returned
    for (let candidate = 0; candidate < bestOf; candidate++) {
      const random = createRandom(`${deployment.model}\u0000${prompt}\u0000${String(request.seed ?? '')}\u0000${candidate}`);
      const completion = scripted
        ? shapeScriptedText(scripted, tokenizer, maxTokens)
        : completionText({ tokenizer, random, prompt, maxTokens, ...(stop ? { stop } : {}) });
      completionTokens += completion.tokens;
      if (candidate < n)
        choices.push({ index: promptIndex * n + candidate, text: request.echo ? prompt + completion.text : completion.text, completion });
    }
  });
  const usage = { completion_tokens: completionTokens, prompt_tokens: promptTokens, total_tokens: promptTokens + completionTokens };
  const head = { id: ids.completion(), object: 'text_completion', created: Math.floor(time / 1000), model: deployment.model };

  const tokens = { promptTokens, completionTokens };
  const filter: Annotations = {
    output: scripted?.outputFilter?.categories,
    prompt: scripted?.promptFilter,
    policy: deployment.contentFilter,
  };
  if (request.stream === true)
    return { kind: 'sse', events: streamEvents(request, choices, head, usage, prompts.length, tokenizer, filter), usage: tokens };
  // the key order of the service's completions bodies (../shared/docs/aoai-protocol.md §5)
  const bodyOut = {
    ...head,
    choices: choices.map((choice) => ({
      text: choice.text,
      index: choice.index,
      finish_reason: choice.completion.finishReason,
      logprobs: request.logprobs != null ? legacyLogprobs(choice.text, tokenizer, request.logprobs) : null,
      content_filter_results: completionFilterResults(filter.output, filter.policy),
    })),
    prompt_filter_results: promptFilterList(prompts.length, filter.prompt),
    usage,
  };
  return { kind: 'json', body: JSON.stringify(bodyOut), usage: tokens };
};

function* streamEvents(
  request: CompletionsRequest,
  choices: readonly Choice[],
  head: Record<string, unknown>,
  usage: Record<string, number>,
  prompts: number,
  tokenizer: Tokenizer,
  filter: Annotations,
): Generator<SseEvent> {
  const includeUsage = request.stream_options?.include_usage === true;
  const tail = includeUsage ? { usage: null } : {};
  yield {
    data: JSON.stringify({
      id: '',
      object: '',
      created: 0,
      model: '',
      prompt_filter_results: promptFilterList(prompts, filter.prompt),
      choices: [],
    }),
  };
  // an annotating outcome's detections ride on the content; a cut's on the chunk that ends the choice
  const annotated = filter.output?.action === 'annotate';
  const contentFilter = completionFilterResults(annotated ? filter.output : undefined, filter.policy);
  const finishFilter = filter.output && !annotated ? completionFilterResults(filter.output, filter.policy) : {};
  for (const choice of choices) {
    for (const piece of splitByTokens(tokenizer, choice.text, 1)) {
      const delta = {
        text: piece.text,
        index: choice.index,
        finish_reason: null,
        logprobs: null,
        content_filter_results: contentFilter,
      };
      yield { data: JSON.stringify({ ...head, choices: [delta], ...tail }), tokens: piece.tokens };
    }
    const finish = {
      text: '',
      index: choice.index,
      finish_reason: choice.completion.finishReason,
      logprobs: null,
      content_filter_results: finishFilter,
    };
    yield { data: JSON.stringify({ ...head, choices: [finish], ...tail }) };
  }
  if (includeUsage) yield { data: JSON.stringify({ ...head, choices: [], usage }) };
}

/** The legacy logprobs object: tokens, their logprobs, the top alternatives and each token's text offset. */
function legacyLogprobs(text: string, tokenizer: Tokenizer, top: number) {
  const random = createRandom(`legacy-logprobs:${text}`);
  const tokens = tokenizer.encode(text).map((id) => tokenizer.decode([id]));
  const offsets: number[] = [];
  let offset = 0;
  for (const token of tokens) {
    offsets.push(offset);
    offset += token.length;
  }
  const logprobs = tokens.map(() => Math.round(-random.next() * 0.6 * 1e6) / 1e6);
  return {
    text_offset: offsets,
    token_logprobs: logprobs,
    tokens,
    top_logprobs: tokens.map((token, i) => (top > 0 ? { [token]: logprobs[i]! } : {})),
  };
}
