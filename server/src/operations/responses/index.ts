import { MIN_CACHED_TOKENS, prefixDigests, responsesPromptSequence, type PromptCache } from '../../prompt-cache/index.ts';
import { DEFAULT_RESOURCE } from '../../config/resolve-resources.ts';
import { ids } from '../../protocol/ids.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import { tokenizerFor } from '../../tokens/tokenizer.ts';
import type { OperationHandler } from '../types.ts';
import { backgroundAnswer, refuseUnstoredBackground } from './background-answer.ts';
import type { BackgroundEnds } from './background-ends.ts';
import { conversationOf, inputTokens } from './conversation.ts';
import { withItemIds } from './input-items.ts';
import { responseBody, responseUsage } from './response-body.ts';
import { responseEvents } from './response-events.ts';
import type { ResponseStore } from './response-store.ts';
import { responsesOutput, scriptedOutput } from './responses-output.ts';
import { parseResponsesRequest, type InputItem } from './responses-request.ts';

/**
 * The Responses API from the default generator, streamed or not, continuing stored conversations; a background
 * one runs on the job clock (`ends`).
 */
export function responsesHandler(store: ResponseStore, prompts: PromptCache, ends: BackgroundEnds): OperationHandler {
  return async ({ body, deployment, deploymentKey, scripted, time: arrival }) => {
    const request = parseResponsesRequest(body, deployment.model);
    refuseUnstoredBackground(request);
    const tokenizer = tokenizerFor(deployment.tokenizer);
    const given = await conversationOf(request, store);
    // ids for input_items to list: a response not stored is never listed
    const conversation = request.store === false ? given : withItemIds(given);
    const promptTokens = inputTokens(tokenizer, request, conversation);
    if (promptTokens + (request.max_output_tokens ?? 0) > deployment.contextWindow) {
      throw serviceErrors.contextLengthExceeded(deployment.contextWindow, promptTokens, request.max_output_tokens ?? undefined, 'input');
    }
    // a scripted answer keeps what it scripts; a short prompt is never cached, and costs nothing more
    const prefixes =
      !scripted && deployment.promptCaching && promptTokens >= MIN_CACHED_TOKENS
        ? prefixDigests(
            responsesPromptSequence(tokenizer, request.instructions, conversation as unknown as Record<string, unknown>[], request.tools),
          )
        : undefined;
    const cacheKey = typeof body.prompt_cache_key === 'string' ? body.prompt_cache_key : undefined;
    const cachedTokens = prefixes ? Math.min(promptTokens, prompts.cachedTokens(deploymentKey ?? deployment.name, cacheKey, prefixes)) : 0;
    const output = scripted ? scriptedOutput(scripted, request, tokenizer) : responsesOutput(request, conversation, deployment, tokenizer);
    const id = ids.response();
    // a background response lives on the job clock, which a test advances to finish it
    const time = request.background === true ? ends.now() : arrival;
    const createdAt = Math.floor(time / 1000);
    const status = output.incomplete ? 'incomplete' : 'completed';
    const finished = responseBody(id, createdAt, request, deployment, {
      status,
      output: output.items,
      usage: responseUsage(promptTokens, output, cachedTokens),
      ...(output.incomplete ? { incomplete: output.incomplete } : {}),
    });
    const usage = { promptTokens, completionTokens: output.outputTokens, cachedTokens };
    const kept = { id, body: finished, conversation: [...conversation, ...(output.items as InputItem[])], inputCount: conversation.length };
    if (request.background === true) {
      const start = { store, ends, time, deployment, resource: resourceOf(deploymentKey), stream: request.stream === true };
      return backgroundAnswer(start, kept, output.items as InputItem[], usage);
    }
    if (request.store !== false) await store.save(kept, output.items as InputItem[]);

    if (request.stream === true) {
      const inProgress = responseBody(id, createdAt, request, deployment, { status: 'in_progress', output: [], usage: null });
      return {
        kind: 'sse',
        usage,
        done: false,
        events: responseEvents(inProgress, finished, output.items, tokenizer, deployment.latency?.tokensPerChunk ?? 1),
      };
    }
    return { kind: 'json', body: JSON.stringify(finished), usage };
  };
}

/** The resource of a deployment key (`resource/deployment`, see quotaKey). */
function resourceOf(deploymentKey: string | undefined): string {
  const slash = deploymentKey?.indexOf('/') ?? -1;
  return slash > 0 ? deploymentKey!.slice(0, slash) : DEFAULT_RESOURCE;
}
