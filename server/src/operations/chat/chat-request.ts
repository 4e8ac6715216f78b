import type { ResolvedDeployment } from '../../config/resolve-config.ts';
import { firstVersionWith, supports } from '../../protocol/api-versions.ts';
import { checkModelApiVersion, checkModelParameters } from '../../protocol/model-gate.ts';
import { requestValidator } from '../../protocol/request-validator.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import { checkVersionParameters } from '../../protocol/version-gate.ts';
import { contentText } from '../../tokens/prompt-tokens.ts';
import { refuseBrokenChatSchemas } from '../strict-schemas.ts';
import { CHAT_REQUEST_SCHEMA } from './chat-request-schema.ts';
import { checkDataSources } from './on-your-data/index.ts';

export interface ChatMessage {
  role: 'system' | 'developer' | 'user' | 'assistant' | 'tool' | 'function';
  content?: unknown;
  name?: string;
  tool_calls?: Array<{ id: string; type: 'function'; function: { name: string; arguments: string } }>;
  tool_call_id?: string;
}

export interface FunctionTool {
  type: 'function';
  function: { name: string; description?: string; parameters?: Record<string, unknown>; strict?: boolean | null };
}

export type ToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; function: { name: string } };

/** A chat completions request body that passed the service's checks. */
export interface ChatRequest {
  messages: ChatMessage[];
  n?: number | null;
  max_tokens?: number | null;
  max_completion_tokens?: number | null;
  stop?: string | string[] | null;
  seed?: number | null;
  logprobs?: boolean | null;
  top_logprobs?: number | null;
  stream?: boolean | null;
  stream_options?: { include_usage?: boolean } | null;
  tools?: FunctionTool[];
  tool_choice?: ToolChoice;
  parallel_tool_calls?: boolean | null;
  response_format?: {
    type: 'text' | 'json_object' | 'json_schema';
    json_schema?: { name: string; schema?: Record<string, unknown>; strict?: boolean | null };
  };
  temperature?: number | null;
  user?: string;
  /** On Your Data sources (checked by on-your-data/): the answer is grounded in them. */
  data_sources?: unknown[] | null;
}

const validateShape = requestValidator('chat', CHAT_REQUEST_SCHEMA);

/**
 * Checks a chat request as the service does, in its order: whether the api-version serves the model, shape and
 * types, what the api-version allows, what the model allows, and the rules between fields. Throws the service's 400.
 */
export function parseChatRequest(
  body: Record<string, unknown>,
  deployment: ResolvedDeployment,
  apiVersion: string | undefined,
): ChatRequest {
  checkModelApiVersion(deployment.model, apiVersion);
  validateShape(body);
  const request = body as unknown as ChatRequest;
  checkVersionParameters('chat', body, apiVersion);
  checkDataSources(body, apiVersion);
  if (request.response_format?.type === 'json_schema') {
    if (!supports(apiVersion, 'json_schema')) {
      throw serviceErrors.invalidRequest(
        `response_format value as json_schema is enabled only for api versions ${firstVersionWith('json_schema')}-preview and later`,
        'response_format',
        'BadRequest',
      );
    }
    if (!request.response_format.json_schema)
      throw serviceErrors.invalidRequest(
        "Missing required parameter: 'response_format.json_schema'.",
        'response_format.json_schema',
        'missing_required_parameter',
      );
    if (!request.response_format.json_schema.schema) {
      throw serviceErrors.invalidRequest(
        "Missing required parameter: 'response_format.json_schema.schema'.",
        'response_format.json_schema.schema',
        'missing_required_parameter',
      );
    }
  }

  checkModelParameters(deployment.model, body);
  if (request.max_tokens != null && request.max_completion_tokens != null) {
    throw serviceErrors.invalidRequest(
      'max_tokens and max_completion_tokens cannot both be set. Please use max_completion_tokens.',
      'max_tokens',
      'invalid_value',
    );
  }
  const limit = request.max_completion_tokens ?? request.max_tokens;
  if (limit != null && limit > deployment.maxOutputTokens) {
    const param = request.max_completion_tokens != null ? 'max_completion_tokens' : 'max_tokens';
    throw serviceErrors.invalidRequest(
      `${param} is too large: ${limit}. This model supports at most ${deployment.maxOutputTokens} completion tokens, whereas you provided ${limit}.`,
      param,
      'invalid_value',
    );
  }
  if (request.stream_options != null && request.stream !== true) {
    throw serviceErrors.invalidRequest(
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      'stream_options',
      'invalid_value',
    );
  }
  if (request.top_logprobs != null && request.logprobs !== true) {
    throw serviceErrors.invalidRequest(
      "Invalid value for 'top_logprobs': 'logprobs' must be set to true to use 'top_logprobs'.",
      'top_logprobs',
      'invalid_value',
    );
  }
  checkToolRules(request);
  if (request.response_format?.type === 'json_object' && !request.messages.some((message) => /json/i.test(contentText(message.content)))) {
    throw serviceErrors.invalidRequest(
      "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
      'messages',
      null,
    );
  }
  refuseBrokenChatSchemas(request);
  return request;
}

function checkToolRules(request: ChatRequest): void {
  const answered = new Set<string>();
  request.messages.forEach((message, i) => {
    if (message.role === 'assistant') message.tool_calls?.forEach((call) => answered.add(call.id));
    if (message.role === 'tool') {
      if (message.tool_call_id === undefined) {
        throw serviceErrors.invalidRequest(
          `Missing required parameter: 'messages[${i}].tool_call_id'.`,
          `messages[${i}].tool_call_id`,
          'missing_required_parameter',
        );
      }
      if (!answered.has(message.tool_call_id)) {
        throw serviceErrors.invalidRequest(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `messages.[${i}].role`,
          null,
        );
      }
    }
  });
  const choice = request.tool_choice;
  if (choice !== undefined && choice !== 'none' && (!request.tools || request.tools.length === 0)) {
    throw serviceErrors.invalidRequest(
      "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.",
      'tool_choice',
      null,
    );
  }
  if (typeof choice === 'object' && !request.tools?.some((tool) => tool.function.name === choice.function.name)) {
    throw serviceErrors.invalidRequest(
      `Invalid value for 'tool_choice': no function named '${choice.function.name}' was specified in the 'tools' parameter.`,
      'tool_choice',
      null,
    );
  }
}
