import type { ResolvedDeployment } from '../../config/resolve-config.ts';
import type { ResponsesOutput } from './responses-output.ts';
import type { ResponsesRequest } from './responses-request.ts';

export interface ResponseUsage {
  input_tokens: number;
  input_tokens_details: { cached_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

/** The Response object, in the shape openai-node's types and @ai-sdk/azure's schemas expect. */
export function responseBody(
  id: string,
  createdAt: number,
  request: ResponsesRequest,
  deployment: ResolvedDeployment,
  state: {
    status: 'in_progress' | 'completed' | 'incomplete';
    output: ResponsesOutput['items'];
    usage: ResponseUsage | null;
    incomplete?: ResponsesOutput['incomplete'];
  },
): Record<string, unknown> {
  const finished = state.status !== 'in_progress';
  return {
    id,
    object: 'response',
    created_at: createdAt,
    status: state.status,
    // made whole at once, so completed in the second it was created
    ...(finished ? { completed_at: createdAt } : {}),
    background: request.background ?? false,
    error: null,
    incomplete_details: state.incomplete ? { reason: state.incomplete } : null,
    instructions: request.instructions ?? null,
    max_output_tokens: request.max_output_tokens ?? null,
    metadata: request.metadata ?? {},
    model: deployment.model,
    output: state.output,
    parallel_tool_calls: request.parallel_tool_calls ?? true,
    previous_response_id: request.previous_response_id ?? null,
    reasoning: { effort: request.reasoning?.effort ?? null, summary: request.reasoning?.summary ?? null },
    service_tier: 'default',
    store: request.store ?? true,
    temperature: request.temperature ?? 1,
    text: { format: request.text?.format ?? { type: 'text' } },
    tool_choice: request.tool_choice ?? 'auto',
    tools: (request.tools ?? []).map((tool) => ({
      type: 'function',
      name: tool.name,
      description: tool.description ?? null,
      parameters: tool.parameters ?? null,
      strict: tool.strict ?? true,
    })),
    top_p: request.top_p ?? 1,
    truncation: request.truncation ?? 'disabled',
    usage: state.usage,
    user: request.user ?? null,
  };
}

export function responseUsage(inputTokens: number, output: ResponsesOutput, cachedTokens = 0): ResponseUsage {
  return {
    input_tokens: inputTokens,
    input_tokens_details: { cached_tokens: cachedTokens },
    output_tokens: output.outputTokens,
    output_tokens_details: { reasoning_tokens: output.reasoningTokens },
    total_tokens: inputTokens + output.outputTokens,
  };
}
