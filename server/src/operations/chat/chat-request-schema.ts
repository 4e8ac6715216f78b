import { ESTIMATE_FIELDS } from '../../protocol/estimate-fields.ts';

/**
 * The chat completions request body, as far as the service checks it. Unknown top-level arguments are refused,
 * as the service refuses them ("Unrecognized request argument supplied: …").
 */
const contentPart = {
  type: 'object',
  required: ['type'],
  properties: {
    type: { enum: ['text', 'image_url', 'input_audio', 'file', 'refusal'] },
    text: { type: 'string' },
  },
};

const toolCall = {
  type: 'object',
  required: ['id', 'type', 'function'],
  properties: {
    id: { type: 'string' },
    type: { const: 'function' },
    function: {
      type: 'object',
      required: ['name', 'arguments'],
      properties: { name: { type: 'string' }, arguments: { type: 'string' } },
    },
  },
};

const message = {
  type: 'object',
  required: ['role'],
  properties: {
    role: { enum: ['system', 'developer', 'user', 'assistant', 'tool', 'function'] },
    content: { anyOf: [{ type: 'string' }, { type: 'array', items: contentPart }, { type: 'null' }] },
    name: { type: 'string' },
    tool_calls: { type: 'array', items: toolCall },
    tool_call_id: { type: 'string' },
  },
};

const functionTool = {
  type: 'object',
  required: ['type', 'function'],
  properties: {
    type: { const: 'function' },
    function: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,64}$' },
        description: { type: 'string' },
        parameters: { type: 'object' },
        strict: { type: ['boolean', 'null'] },
      },
    },
  },
};

export const CHAT_REQUEST_SCHEMA = {
  type: 'object',
  required: ['messages'],
  additionalProperties: false,
  properties: {
    messages: { type: 'array', minItems: 1, items: message },
    model: { type: 'string' },
    frequency_penalty: { type: ['number', 'null'], minimum: -2, maximum: 2 },
    presence_penalty: { type: ['number', 'null'], minimum: -2, maximum: 2 },
    logit_bias: { type: ['object', 'null'] },
    logprobs: { type: ['boolean', 'null'] },
    top_logprobs: { type: ['integer', 'null'], minimum: 0, maximum: 20 },
    ...ESTIMATE_FIELDS.chat,
    seed: { type: ['integer', 'null'] },
    stop: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' }, maxItems: 4 }, { type: 'null' }] },
    stream: { type: ['boolean', 'null'] },
    stream_options: { type: ['object', 'null'], properties: { include_usage: { type: 'boolean' } } },
    temperature: { type: ['number', 'null'], minimum: 0, maximum: 2 },
    top_p: { type: ['number', 'null'], minimum: 0, maximum: 1 },
    tools: { type: 'array', maxItems: 128, items: functionTool },
    tool_choice: {
      anyOf: [
        { enum: ['none', 'auto', 'required'] },
        {
          type: 'object',
          required: ['type', 'function'],
          properties: {
            type: { const: 'function' },
            function: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } },
          },
        },
      ],
    },
    parallel_tool_calls: { type: ['boolean', 'null'] },
    response_format: {
      type: 'object',
      required: ['type'],
      properties: {
        type: { enum: ['text', 'json_object', 'json_schema'] },
        json_schema: {
          type: 'object',
          required: ['name'],
          properties: {
            name: { type: 'string', pattern: '^[a-zA-Z0-9_-]{1,64}$' },
            description: { type: 'string' },
            schema: { type: 'object' },
            strict: { type: ['boolean', 'null'] },
          },
        },
      },
    },
    user: { type: 'string' },
    functions: { type: 'array' },
    function_call: { anyOf: [{ enum: ['none', 'auto'] }, { type: 'object' }] },
    data_sources: { type: 'array' },
    store: { type: ['boolean', 'null'] },
    metadata: { type: ['object', 'null'] },
    reasoning_effort: { enum: ['minimal', 'low', 'medium', 'high', null] },
    modalities: { type: ['array', 'null'] },
    audio: { type: ['object', 'null'] },
    prediction: { type: ['object', 'null'] },
    service_tier: { type: ['string', 'null'] },
    verbosity: { enum: ['low', 'medium', 'high', null] },
    web_search_options: { type: 'object' },
    prompt_cache_key: { type: 'string' },
    safety_identifier: { type: 'string' },
    user_security_context: { type: 'object' },
  },
} as const;
