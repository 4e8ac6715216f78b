import type { Operation } from '../../generated/scenarios.ts';

/** The endpoints a batch may run, as the service takes them, and the operation each is. */
const ENDPOINTS: ReadonlyMap<string, Operation> = new Map([
  ['/chat/completions', 'chat'],
  ['/embeddings', 'embeddings'],
  ['/responses', 'responses'],
]);

/** The endpoints as a create names them: the Azure guide's form, and the OpenAI SDK's with `/v1`. */
export const BATCH_ENDPOINTS: readonly string[] = [...ENDPOINTS.keys()].flatMap((path) => [path, `/v1${path}`]);

/**
 * The operation of an endpoint or a line's url, or undefined when a batch cannot run it. `/chat/completions` and
 * `/v1/chat/completions` are one endpoint: the Azure guide's files use the first, the OpenAI SDK's types the second.
 */
export function batchOperation(url: string): Operation | undefined {
  return ENDPOINTS.get(endpointPath(url));
}

/** An endpoint or url without its `/v1`: the form two spellings of one endpoint share. */
export function endpointPath(url: string): string {
  return url.startsWith('/v1/') ? url.slice(3) : url;
}
