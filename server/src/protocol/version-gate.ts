import { PREVIEW_API_VERSIONS, STABLE_API_VERSIONS } from './api-versions.ts';
import { PARAMETER_VERSIONS, type GatedOperation } from './parameter-versions.ts';
import { serviceErrors } from './service-errors.ts';

type RefusedByVersion = ReadonlyMap<string, readonly string[]>;

/**
 * Per operation and known api-version, the parameters that version's spec lacks, worked out once from the table.
 * Versions that lack none are left out, so a request on a current version costs one map lookup and no loop.
 */
const REFUSED: Readonly<Record<GatedOperation, RefusedByVersion>> = {
  chat: refusedByVersion('chat'),
  embeddings: refusedByVersion('embeddings'),
};

function refusedByVersion(operation: GatedOperation): RefusedByVersion {
  const refused = new Map<string, readonly string[]>();
  for (const version of [...STABLE_API_VERSIONS, ...PREVIEW_API_VERSIONS]) {
    const date = version.slice(0, 10);
    const missing = PARAMETER_VERSIONS[operation].filter((row) => date < row.since).map((row) => row.parameter);
    if (missing.length > 0) refused.set(version, missing);
  }
  return refused;
}

/** The parameters `apiVersion` does not have for `operation`, in table order; empty for the v1 routes. */
export function parametersMissingFrom(operation: GatedOperation, apiVersion: string | undefined): readonly string[] {
  return (apiVersion === undefined ? undefined : REFUSED[operation].get(apiVersion)) ?? [];
}

/**
 * Refuses, as the service does, a body naming parameters its api-version's spec does not have: "Unrecognized
 * request argument supplied: tools", or all of them, sorted, when there are several. Versions outside the known
 * list (the `any` policy) and the v1 routes refuse none.
 */
export function checkVersionParameters(operation: GatedOperation, body: Record<string, unknown>, apiVersion: string | undefined): void {
  if (apiVersion === undefined) return;
  const missing = REFUSED[operation].get(apiVersion);
  if (missing === undefined) return;
  let sent: string[] | undefined;
  for (const parameter of missing) if (body[parameter] !== undefined) (sent ??= []).push(parameter);
  if (sent !== undefined) throw serviceErrors.unrecognizedArguments(sent);
}
