import { randomUUID } from 'node:crypto';
import { AoaiError } from '../http/aoai-error.ts';
import type { Operation } from '../generated/scenarios.ts';
import { OPERATION_INFO } from './operations.ts';

/** The data plane's errors, with the service's exact bodies (../shared/docs/aoai-protocol.md §6). */
export const serviceErrors = {
  deploymentNotFound: () =>
    new AoaiError(
      404,
      '{"error":{"code":"DeploymentNotFound","message":"The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again."}}',
    ),

  operationNotSupported: (operation: Operation, deployment: string) =>
    new AoaiError(
      400,
      JSON.stringify({
        error: {
          code: 'OperationNotSupported',
          message: `The ${OPERATION_INFO[operation].verb} operation does not work with the specified model, ${deployment}. Please choose different model and try again. You can learn more about which models can be used with each operation here: https://go.microsoft.com/fwlink/?linkid=2197993.`,
        },
      }),
    ),

  /** A dated route without `?api-version=`: the gateway does not find the resource. */
  missingApiVersion: () => AoaiError.resourceNotFound(),

  unsupportedApiVersion: () => new AoaiError(400, '{"error":{"code":"BadRequest","message":"API version not supported"}}'),

  contextLengthExceeded: (contextWindow: number, promptTokens: number, completionTokens: number | undefined, param = 'messages') => {
    const what = param === 'messages' ? 'messages' : 'prompt';
    const message =
      completionTokens === undefined
        ? `This model's maximum context length is ${contextWindow} tokens. However, your ${what} resulted in ${promptTokens} tokens. Please reduce the length of the ${what}.`
        : `This model's maximum context length is ${contextWindow} tokens. However, you requested ${promptTokens + completionTokens} tokens (${promptTokens} in the ${what}, ${completionTokens} in the completion). Please reduce the length of the ${what} or completion.`;
    return AoaiError.openai(400, message, { param, code: 'context_length_exceeded' });
  },

  invalidRequest: (message: string, param: string | null = null, code: string | null = null) =>
    AoaiError.openai(400, message, { param, code }),

  /**
   * On Your Data's validation error: its own body, written by Python's json.dumps (spaces after `:` and `,`,
   * non-ASCII escaped), with a request id and a numeric code, one line per problem.
   */
  onYourDataInvalid: (problems: readonly string[]) =>
    new AoaiError(400, `{"error": {"requestid": "${randomUUID()}", "code": 400, "message": ${asciiJson(problems.join('\n'))}}}`),

  unrecognizedArgument: (name: string) => AoaiError.openai(400, `Unrecognized request argument supplied: ${name}`),

  /** Several unrecognized arguments are named in one message, in alphabetical order, as the service lists them. */
  unrecognizedArguments: (names: readonly string[]) =>
    AoaiError.openai(
      400,
      names.length === 1
        ? `Unrecognized request argument supplied: ${names[0]}`
        : `Unrecognized request arguments supplied: ${[...names].sort().join(', ')}`,
    ),

  /** A model the api-version predates (o-series before 2024-12-01-preview): the gateway's shape, no `type`. */
  modelNeedsNewerApiVersion: (model: string, firstVersion: string) =>
    new AoaiError(
      400,
      JSON.stringify({
        error: { code: 'BadRequest', message: `Model ${model} is enabled only for api versions ${firstVersion} and later` },
      }),
    ),

  malformedJson: () =>
    AoaiError.openai(
      400,
      "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
    ),

  /** A body nesting objects and arrays past what any of the service's requests needs (see MAX_JSON_DEPTH). */
  nestedTooDeep: (levels: number) =>
    AoaiError.openai(400, `The request body nests objects and arrays more than ${levels} levels deep. Send a flatter body.`, {
      code: 'invalid_value',
    }),

  payloadTooLarge: (limitBytes: number) =>
    new AoaiError(
      413,
      JSON.stringify({
        error: {
          code: 'RequestEntityTooLarge',
          message: `The request body is too large. The maximum accepted size is ${limitBytes} bytes.`,
        },
      }),
    ),

  methodNotAllowed: (method: string, allowed: readonly string[]) =>
    new AoaiError(
      405,
      JSON.stringify({
        error: {
          code: 'MethodNotAllowed',
          message: `The HTTP method ${method} is not allowed for this resource. Allowed: ${allowed.join(', ')}.`,
        },
      }),
      { allow: allowed.join(', ') },
    ),

  /** 429 as the service words it: naming the operation, the api-version, and token or call rate limit. */
  rateLimited: (operation: Operation, apiVersion: string | undefined, retryAfterMs: number, limit: 'token' | 'call') => {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    const message = `Requests to the ${OPERATION_INFO[operation].operationId} Operation under Azure OpenAI API version ${apiVersion ?? 'v1'} have exceeded ${limit} rate limit of your current OpenAI S0 pricing tier. Please retry after ${seconds} ${seconds === 1 ? 'second' : 'seconds'}. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`;
    return new AoaiError(429, JSON.stringify({ error: { code: '429', message } }), {
      'retry-after': String(seconds),
      'retry-after-ms': String(Math.max(0, Math.round(retryAfterMs))),
      [limit === 'token' ? 'x-ratelimit-reset-tokens' : 'x-ratelimit-reset-requests']: String(seconds),
    });
  },

  /** 500, naming the request id a user would quote to support. */
  serverError: (requestId: string) => AoaiError.internal(requestId),

  /** 503: the model is overloaded. */
  overloaded: (requestId: string) =>
    AoaiError.openai(
      503,
      `That model is currently overloaded with other requests. You can retry your request, or contact us through an Azure support request at: https://go.microsoft.com/fwlink/?linkid=2213926 if the error persists. (Please include the request ID ${requestId} in your message.)`,
      { type: 'server_error' },
    ),

  /** 400: the prompt tripped the content filter; `results` are the per-category annotations. */
  promptFiltered: (results: Record<string, unknown>) =>
    new AoaiError(
      400,
      JSON.stringify({
        error: {
          message:
            "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
          type: null,
          param: 'prompt',
          code: 'content_filter',
          status: 400,
          innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: results },
        },
      }),
    ),

  /** 415 for a body compressed in a way the service does not read. */
  unsupportedContentEncoding: (encoding: string) =>
    AoaiError.openai(415, `Unsupported content encoding: '${encoding}'. Send the body uncompressed, or as gzip, deflate or br.`, {
      code: 'unsupported_content_encoding',
    }),

  unsupportedMediaType: (contentType: string, expected: string) =>
    AoaiError.openai(
      415,
      `Unsupported content type: '${contentType}'. This API method only accepts '${expected}' requests, but you specified the header 'Content-Type: ${contentType}'. Please try again with a supported content type.`,
      { code: 'unsupported_content_type' },
    ),
};

/** A JSON string as Python's json.dumps writes it: every character past ASCII as a `\u` escape. */
function asciiJson(text: string): string {
  return JSON.stringify(text).replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
