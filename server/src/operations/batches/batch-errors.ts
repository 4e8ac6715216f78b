import { AoaiError } from '../../http/aoai-error.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import type { BatchError, BatchStatus } from './batch-record.ts';

/**
 * The Batch API's refusals at the door, in the OpenAI error shape its routes answer in. The wording follows the
 * OpenAI API's parameter errors; the Azure specs give the shape but no messages.
 */
export const batchErrors = {
  missing: (param: string) => serviceErrors.invalidRequest(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter'),

  badValue: (param: string, value: unknown, supported: readonly string[]) =>
    serviceErrors.invalidRequest(
      `Invalid value: '${String(value)}'. Supported values are: ${supported.map((each) => `'${each}'`).join(', ')}.`,
      param,
      'invalid_value',
    ),

  badParameter: (message: string, param: string) => serviceErrors.invalidRequest(message, param, 'invalid_value'),

  /** An input file the Files store does not hold: never uploaded, deleted, expired or evicted. */
  inputFileNotFound: (id: string) => AoaiError.openai(404, `No such File object: ${id}`, { param: 'input_file_id' }),

  inputFileNotBatch: (id: string, purpose: string) =>
    serviceErrors.invalidRequest(
      `The input file ${id} has purpose '${purpose}': a batch takes a file uploaded with purpose 'batch'.`,
      'input_file_id',
    ),

  notFound: (id: string) => AoaiError.openai(404, `No such Batch object: ${id}`, { param: 'batch_id' }),

  cannotCancel: (status: BatchStatus) => AoaiError.openai(409, `Cannot cancel a batch with status '${status}'.`),
};

/**
 * The errors a batch fails validation with, in `errors.data`: the codes and wording of the Azure batch guide's
 * error table ("Troubleshooting"), each naming the line (from 1) and parameter it is about.
 */
export const lineErrors = {
  emptyFile: (): BatchError => ({
    code: 'empty_file',
    message: 'The input file is empty. Please ensure that the batch contains at least one request.',
    line: null,
    param: null,
  }),

  tooManyTasks: (maxLines: number): BatchError => ({
    code: 'too_many_tasks',
    message: `The number of requests in the input file exceeds the maximum allowed value of ${maxLines.toLocaleString('en-US')}.`,
    line: null,
    param: null,
  }),

  invalidJson: (line: number): BatchError => ({
    code: 'invalid_json_line',
    message: 'This line is not parseable as valid JSON.',
    line,
    param: null,
  }),

  invalidRequest: (line: number, message: string, param: string): BatchError => ({ code: 'invalid_request', message, line, param }),

  /** The input file went (deleted, expired, evicted) between the create and the validation. */
  inputFileGone: (id: string): BatchError => ({
    code: 'invalid_request',
    message: `The input file ${id} was not found.`,
    line: null,
    param: 'input_file_id',
  }),

  duplicateCustomId: (line: number, customId: string): BatchError => ({
    code: 'duplicate_custom_id',
    message: `The custom ID '${customId}' for this request is a duplicate of the custom ID in another request.`,
    line,
    param: 'custom_id',
  }),

  urlMismatch: (line: number, url: string, endpoint: string): BatchError => ({
    code: 'url_mismatch',
    message: `The URL '${url}' of this request does not match the batch's endpoint '${endpoint}'.`,
    line,
    param: 'url',
  }),

  modelNotFound: (line: number, model: string): BatchError => ({
    code: 'model_not_found',
    message: `The model deployment '${model}' named in the 'model' property of this request was not found.`,
    line,
    param: 'body.model',
  }),

  notBatchDeployment: (line: number, model: string): BatchError => ({
    code: 'invalid_request',
    message: `The deployment '${model}' is not a batch deployment: the Azure OpenAI deployment SKU must be globalbatch or datazonebatch for batch API requests.`,
    line,
    param: 'body.model',
  }),

  modelMismatch: (line: number, model: string, first: string): BatchError => ({
    code: 'model_mismatch',
    message: `The model deployment '${model}' named in the 'model' property of this request does not match the rest of the file ('${first}').`,
    line,
    param: 'body.model',
  }),

  tokenLimitExceeded: (limit: number, deployment: string): BatchError => ({
    code: 'token_limit_exceeded',
    message: `The number of enqueued tokens has surpassed the configured limit of ${compact(limit)} for the deployment '${deployment}'. Please either increase the limit or try again once the current jobs have finished.`,
    line: null,
    param: null,
  }),
};

/** A token count as the service's message writes it: 30K, 200M, 1B. */
export function compact(count: number): string {
  for (const [size, suffix] of [
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ] as const) {
    if (count >= size) return `${Number((count / size).toFixed(1))}${suffix}`;
  }
  return String(count);
}
