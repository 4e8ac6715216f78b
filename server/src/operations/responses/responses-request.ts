import { ESTIMATE_FIELDS } from '../../protocol/estimate-fields.ts';
import { checkResponsesParameters } from '../../protocol/model-gate.ts';
import { requestValidator } from '../../protocol/request-validator.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import { refuseBrokenResponsesSchemas } from '../strict-schemas.ts';

export interface ResponsesFunctionTool {
  type: 'function';
  name: string;
  description?: string | null;
  parameters?: Record<string, unknown> | null;
  strict?: boolean | null;
}

export type ResponsesToolChoice = 'none' | 'auto' | 'required' | { type: 'function'; name: string };

/** An input item, loosely: messages, function calls and their outputs, references to stored items. */
export interface InputItem {
  type?: string;
  role?: string;
  content?: unknown;
  id?: string;
  call_id?: string;
  name?: string;
  arguments?: string;
  output?: unknown;
}

export interface ResponsesRequest {
  model?: string;
  input?: string | InputItem[];
  instructions?: string | null;
  tools?: ResponsesFunctionTool[];
  tool_choice?: ResponsesToolChoice;
  parallel_tool_calls?: boolean | null;
  max_output_tokens?: number | null;
  temperature?: number | null;
  top_p?: number | null;
  stream?: boolean | null;
  previous_response_id?: string | null;
  store?: boolean | null;
  background?: boolean | null;
  include?: string[] | null;
  metadata?: Record<string, string> | null;
  text?: {
    format?: { type: 'text' | 'json_object' | 'json_schema'; name?: string; schema?: Record<string, unknown>; strict?: boolean | null };
  } | null;
  reasoning?: { effort?: string | null; summary?: string | null } | null;
  truncation?: string | null;
  user?: string | null;
}

const SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    model: { type: 'string' },
    input: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'object' } }] },
    instructions: { type: ['string', 'null'] },
    tools: {
      type: 'array',
      items: {
        type: 'object',
        required: ['type'],
        properties: {
          type: { enum: ['function', 'web_search_preview', 'file_search', 'code_interpreter', 'image_generation', 'mcp', 'custom'] },
          name: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,64}$' },
          parameters: { type: ['object', 'null'] },
        },
      },
    },
    tool_choice: { anyOf: [{ enum: ['none', 'auto', 'required'] }, { type: 'object', required: ['type'] }] },
    parallel_tool_calls: { type: ['boolean', 'null'] },
    ...ESTIMATE_FIELDS.responses,
    max_tool_calls: { type: ['integer', 'null'], minimum: 1 },
    temperature: { type: ['number', 'null'], minimum: 0, maximum: 2 },
    top_p: { type: ['number', 'null'], minimum: 0, maximum: 1 },
    top_logprobs: { type: ['integer', 'null'], minimum: 0, maximum: 20 },
    stream: { type: ['boolean', 'null'] },
    stream_options: { type: ['object', 'null'] },
    previous_response_id: { type: ['string', 'null'] },
    store: { type: ['boolean', 'null'] },
    metadata: { type: ['object', 'null'] },
    text: { type: ['object', 'null'] },
    reasoning: { type: ['object', 'null'] },
    truncation: { enum: ['auto', 'disabled', null] },
    user: { type: ['string', 'null'] },
    include: { type: ['array', 'null'] },
    background: { type: ['boolean', 'null'] },
    service_tier: { type: ['string', 'null'] },
    prompt: { type: ['object', 'null'] },
    prompt_cache_key: { type: 'string' },
    safety_identifier: { type: 'string' },
    conversation: { type: ['string', 'object', 'null'] },
  },
} as const;

const validateShape = requestValidator('responses', SCHEMA);

/** Checks a Responses API request as the service does: shape, what the deployment's model takes, then the rest. */
export function parseResponsesRequest(body: Record<string, unknown>, model?: string): ResponsesRequest {
  validateShape(body);
  if (model !== undefined) checkResponsesParameters(model, body);
  const request = body as unknown as ResponsesRequest;
  if (request.input === undefined && !request.previous_response_id) {
    throw serviceErrors.invalidRequest("Missing required parameter: 'input'.", 'input', 'missing_required_parameter');
  }
  request.tools?.forEach((tool, i) => {
    if (tool.type !== 'function') {
      throw serviceErrors.invalidRequest(
        `The tool type '${tool.type}' is not supported by the simulator's default generator; use a scenario rule.`,
        `tools[${i}].type`,
        'invalid_value',
      );
    }
    if (!tool.name)
      throw serviceErrors.invalidRequest(
        `Missing required parameter: 'tools[${i}].name'.`,
        `tools[${i}].name`,
        'missing_required_parameter',
      );
  });
  const choice = request.tool_choice;
  if (typeof choice === 'object' && !request.tools?.some((tool) => tool.name === choice.name)) {
    throw serviceErrors.invalidRequest(`Tool choice '${choice.name}' not found in 'tools' parameter.`, 'tool_choice', null);
  }
  const format = request.text?.format;
  if (format?.type === 'json_schema' && !format.schema) {
    throw serviceErrors.invalidRequest(
      "Missing required parameter: 'text.format.schema'.",
      'text.format.schema',
      'missing_required_parameter',
    );
  }
  refuseBrokenResponsesSchemas(request);
  return request;
}
