import type { RequestView } from '../scenarios/match/index.ts';
import type { UploadedFile } from '../http/body.ts';
import type { Operation } from '../generated/scenarios.ts';
import { serviceErrors } from '../protocol/service-errors.ts';
import type { Inbound } from '../pipeline/inbound.ts';

/** What a view tells of the resource a request reached. */
interface ResourceFacts {
  readonly name: string;
  readonly region: string;
}

/**
 * What the scenario matcher sees of a request: no HTTP types. Headers and query are copied out only when a
 * rule or fault asks for them, which most requests of a load test never do.
 */
class InboundView implements RequestView {
  readonly deployment: string;
  readonly operation: Operation;
  readonly body: Readonly<Record<string, unknown>>;
  readonly testId?: string;
  readonly resource: string;
  readonly region: string;
  readonly #inbound: Inbound;
  #headers: Record<string, string> | undefined;
  #query: Record<string, string> | undefined;

  constructor(
    inbound: Inbound,
    resource: ResourceFacts,
    deployment: string,
    operation: Operation,
    body: Record<string, unknown>,
    testId: string | undefined,
  ) {
    this.#inbound = inbound;
    this.resource = resource.name;
    this.region = resource.region;
    this.deployment = deployment;
    this.operation = operation;
    this.body = body;
    if (testId) this.testId = testId;
  }

  get path(): string {
    return this.#inbound.path;
  }

  get headers(): Readonly<Record<string, string>> {
    if (this.#headers) return this.#headers;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(this.#inbound.headers))
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
    return (this.#headers = headers);
  }

  get query(): Readonly<Record<string, string>> {
    if (this.#query) return this.#query;
    const query: Record<string, string> = {};
    // the first of a repeated parameter, as Koa's ctx.query gave it
    for (const [name, value] of this.#inbound.query) if (!(name in query)) query[name] = value;
    return (this.#query = query);
  }
}

/** What the scenario matcher and the faults see of a request. */
export function requestView(
  inbound: Inbound,
  resource: ResourceFacts,
  deployment: string,
  operation: Operation,
  body: Record<string, unknown>,
  testId: string | undefined,
): RequestView {
  return new InboundView(inbound, resource, deployment, operation, body, testId);
}

/** What the journal keeps of a request body: the fields, with uploads as their digests. */
export function journalBody(fields: Record<string, unknown>, files: Record<string, UploadedFile>): unknown {
  if (Object.keys(files).length === 0) return fields;
  const body: Record<string, unknown> = { ...fields };
  for (const [name, file] of Object.entries(files)) body[name] = { filename: file.filename, size: file.size, sha256: file.sha256 };
  return body;
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
