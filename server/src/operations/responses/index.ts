import { ids } from '../../protocol/ids.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import { tokenizerFor } from '../../tokens/tokenizer.ts';
import type { OperationHandler } from '../types.ts';
import { backgroundAnswer, refuseUnstoredBackground } from './background-answer.ts';
import { conversationOf, inputTokens } from './conversation.ts';
import { withItemIds } from './input-items.ts';
import { responseBody, responseUsage } from './response-body.ts';
import { responseEvents } from './response-events.ts';
import type { ResponseStore } from './response-store.ts';
import { responsesOutput, scriptedOutput } from './responses-output.ts';
import { parseResponsesRequest, type InputItem } from './responses-request.ts';

/** The Responses API from the default generator, streamed or not, continuing stored conversations. */
export function responsesHandler(store: ResponseStore): OperationHandler {
  return async ({ body, deployment, scripted, time }) => {
    const request = parseResponsesRequest(body);
    refuseUnstoredBackground(request);
    const tokenizer = tokenizerFor(deployment.tokenizer);
    const given = await conversationOf(request, store);
    // ids for input_items to list: a response not stored is never listed
    const conversation = request.store === false ? given : withItemIds(given);
    const promptTokens = inputTokens(tokenizer, request, conversation);
    if (promptTokens + (request.max_output_tokens ?? 0) > deployment.contextWindow) {
      throw serviceErrors.contextLengthExceeded(deployment.contextWindow, promptTokens, request.max_output_tokens ?? undefined, 'input');
    }
    const output = scripted ? scriptedOutput(scripted, request, tokenizer) : responsesOutput(request, conversation, deployment, tokenizer);
    const id = ids.response();
    const createdAt = Math.floor(time / 1000);
    const status = output.incomplete ? 'incomplete' : 'completed';
    const finished = responseBody(id, createdAt, request, deployment, {
      status,
      output: output.items,
      usage: responseUsage(promptTokens, output),
      ...(output.incomplete ? { incomplete: output.incomplete } : {}),
    });
    const usage = { promptTokens, completionTokens: output.outputTokens };
    const kept = { id, body: finished, conversation: [...conversation, ...(output.items as InputItem[])], inputCount: conversation.length };
    if (request.background === true) {
      return backgroundAnswer(store, kept, output.items as InputItem[], deployment, time, request.stream === true, usage);
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
