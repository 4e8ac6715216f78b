import type { ResolvedDeployment } from '../../config/resolve-config.ts';
import type { Operation } from '../../generated/scenarios.ts';
import { batchOperation, endpointPath } from './batch-endpoint.ts';
import { lineErrors } from './batch-errors.ts';
import type { BatchError } from './batch-record.ts';

/** One request of a batch file, checked. */
export interface BatchLine {
  /** Its line in the file, from 1, as errors name it. */
  line: number;
  customId: string;
  /** The request body (without `stream`: a batch answers whole). */
  body: Record<string, unknown>;
}

/** A batch file that passed validation: its requests, the deployment they all name, and the operation they run. */
export interface ValidBatchInput {
  lines: BatchLine[];
  deployment: ResolvedDeployment;
  operation: Operation;
}

/** What validating a batch file found: the batch to run, or the errors it fails with. */
export type BatchValidation = { ok: true; input: ValidBatchInput } | { ok: false; errors: BatchError[] };

/** The most errors one failed batch lists: a file of bad lines reports its first ones, as enough to fix it by. */
const MAX_ERRORS = 100;

/**
 * Validates a batch file as the service does at `validating`: each line JSON with a unique custom_id, method POST,
 * a url that is the batch's endpoint, and a body whose `model` is a batch deployment (GlobalBatch or DataZoneBatch)
 * serving the endpoint, the same on every line; at most `maxLines` requests. Blank lines are skipped.
 */
export function validateBatchInput(
  text: string,
  endpoint: string,
  maxLines: number,
  deploymentNamed: (name: string) => ResolvedDeployment | undefined,
): BatchValidation {
  const operation = batchOperation(endpoint)!;
  const rows = text.split('\n');
  const requests = rows.reduce((count, row) => (row.trim() === '' ? count : count + 1), 0);
  if (requests === 0) return { ok: false, errors: [lineErrors.emptyFile()] };
  if (requests > maxLines) return { ok: false, errors: [lineErrors.tooManyTasks(maxLines)] };

  const errors: BatchError[] = [];
  const lines: BatchLine[] = [];
  const seen = new Set<string>();
  let first: ResolvedDeployment | undefined;
  for (let index = 0; index < rows.length && errors.length < MAX_ERRORS; index++) {
    const row = rows[index]!;
    if (row.trim() === '') continue;
    const line = index + 1;
    const checked = checkLine(row, line, endpoint, operation, seen, deploymentNamed);
    if ('code' in checked) {
      errors.push(checked);
      continue;
    }
    first ??= checked.deployment;
    if (checked.deployment !== first) {
      errors.push(lineErrors.modelMismatch(line, checked.deployment.name, first.name));
      continue;
    }
    lines.push(checked.request);
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, input: { lines, deployment: first!, operation } };
}

function checkLine(
  row: string,
  line: number,
  endpoint: string,
  operation: Operation,
  seen: Set<string>,
  deploymentNamed: (name: string) => ResolvedDeployment | undefined,
): BatchError | { request: BatchLine; deployment: ResolvedDeployment } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(row);
  } catch {
    return lineErrors.invalidJson(line);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return lineErrors.invalidJson(line);
  const { custom_id: customId, method, url, body } = parsed as Record<string, unknown>;
  if (typeof customId !== 'string' || customId === '')
    return lineErrors.invalidRequest(line, "Missing required parameter: 'custom_id'.", 'custom_id');
  if (seen.has(customId)) return lineErrors.duplicateCustomId(line, customId);
  seen.add(customId);
  if (method !== 'POST')
    return lineErrors.invalidRequest(line, `Invalid value: '${String(method)}'. Supported values are: 'POST'.`, 'method');
  if (typeof url !== 'string') return lineErrors.invalidRequest(line, "Missing required parameter: 'url'.", 'url');
  if (endpointPath(url) !== endpointPath(endpoint) || batchOperation(url) !== operation) return lineErrors.urlMismatch(line, url, endpoint);
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    return lineErrors.invalidRequest(line, "Missing required parameter: 'body'.", 'body');
  const model = (body as Record<string, unknown>)['model'];
  if (typeof model !== 'string' || model === '') return lineErrors.modelNotFound(line, String(model ?? ''));
  const deployment = deploymentNamed(model);
  if (!deployment) return lineErrors.modelNotFound(line, model);
  if (!deployment.batch || !deployment.operations.has(operation)) return lineErrors.notBatchDeployment(line, model);
  const { stream: _stream, stream_options: _options, ...whole } = body as Record<string, unknown>;
  return { request: { line, customId, body: whole }, deployment };
}
