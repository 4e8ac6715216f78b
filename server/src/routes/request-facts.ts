import type { Context } from 'koa';
import type { RequestView } from '../scenarios/match/index.ts';
import type { UploadedFile } from '../http/body.ts';
import type { Operation } from '../generated/scenarios.ts';
import { serviceErrors } from '../protocol/service-errors.ts';

/** What the data plane reads off a request before answering it. */
/** What the scenario matcher sees of a request: no HTTP types. */
export function requestView(
  ctx: Context,
  deployment: string,
  operation: Operation,
  body: Record<string, unknown>,
  testIdHeader: string,
): RequestView {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.headers))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  const query: Record<string, string> = {};
  for (const [name, value] of Object.entries(ctx.query))
    if (value !== undefined) query[name] = Array.isArray(value) ? (value[0] ?? '') : value;
  const testId = headers[testIdHeader];
  return { deployment, operation, path: ctx.path, headers, query, body, ...(testId ? { testId } : {}) };
}

/** What the journal keeps of a request body: the fields, with uploads as their digests. */
export function journalBody(fields: Record<string, unknown>, files: Record<string, UploadedFile>): unknown {
  if (Object.keys(files).length === 0) return fields;
  const body: Record<string, unknown> = { ...fields };
  for (const [name, file] of Object.entries(files)) body[name] = { filename: file.filename, size: file.size, sha256: file.sha256 };
  return body;
}

/** Aborted when the client goes away before the answer is complete. */
export function closedSignal(ctx: Context): AbortSignal {
  const controller = new AbortController();
  ctx.res.once('close', () => {
    if (!ctx.res.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** The deployment named by a v1 request's `model` field. */
export function modelOf(fields: Record<string, unknown>): string {
  const model = fields.model;
  if (model === undefined || model === null || model === '')
    throw serviceErrors.invalidRequest('you must provide a model parameter', 'model', null);
  if (typeof model !== 'string')
    throw serviceErrors.invalidRequest(
      `Invalid type for 'model': expected a string, but got ${typeof model} instead.`,
      'model',
      'invalid_type',
    );
  return model;
}
