import { closestName, didYouMean } from '../config/did-you-mean.ts';
import type { Operation } from '../generated/scenarios.ts';
import type { AoaiError } from '../http/aoai-error.ts';
import { firstVersionWith, PREVIEW_API_VERSIONS, STABLE_API_VERSIONS, V1_API_VERSIONS } from './api-versions.ts';

/*
 * What the log says about a request the service would refuse. The client gets the service's exact body, which
 * names nothing it could fix; the person reading the log gets the deployments there are, the nearest name, the
 * accepted api-versions, the header the key goes in. Built only for a refused request, never for one that passes.
 */

/** At most this many names in one hint: a long list hides the nearest name. */
const MAX_NAMES = 20;

/** `error`, with `hint` to be logged at warn beside it (see asServiceError). */
export function withHint(error: AoaiError, hint: string): AoaiError {
  error.logNote = hint;
  return error;
}

export function unknownDeploymentHint(name: string, deployments: Iterable<string>): string {
  const known = [...deployments];
  if (known.length === 0) return `no deployment "${name}": the scenarios define no deployments (add one under deployments:)`;
  const nearest = closestName(name, known);
  return `no deployment "${name}"${nearest === undefined ? '' : `; did you mean "${nearest}"?`} The deployments are ${list(known)}.`;
}

export function unsupportedOperationHint(operation: Operation, deployment: string, model: string, served: Iterable<string>): string {
  return `deployment "${deployment}" (model ${model}) does not serve ${operation}; it serves ${list([...served]) || 'nothing'}. Call a deployment whose model serves ${operation}, or list it in deployments.${deployment}.operations.`;
}

export function missingApiVersionHint(): string {
  return `no api-version: a /openai/deployments/ route needs ?api-version=… (the /openai/v1/ routes do not). ${acceptedApiVersions()}`;
}

export function unsupportedApiVersionHint(version: string, route: 'dated' | 'v1'): string {
  if (route === 'v1') return `api-version "${version}" on a /openai/v1/ route, which takes ${V1_API_VERSIONS.join(' or ')}, or none.`;
  const known = [...STABLE_API_VERSIONS, ...PREVIEW_API_VERSIONS];
  return `api-version "${version}" is not one the service knows${didYouMean(version, known)} ${acceptedApiVersions()} server.apiVersionPolicy: any accepts every version.`;
}

export function responsesApiVersionHint(version: string | undefined): string {
  return `the Responses API needs api-version ${firstVersionWith('responses')}-preview or later, not ${version ?? 'none'}.`;
}

/** Why a credential was refused; never the credential itself (a refused Entra token: see tokenRefusalHint). */
export function credentialHint(refusal: 'missing' | 'key-refused' | 'keys-off' | 'bearer-off', auth: { keys: number }): string {
  if (refusal === 'missing')
    return 'no credential: send the key in the api-key header (AzureOpenAI({ apiKey }) does), or an Entra token as Authorization: Bearer <token>.';
  if (refusal === 'keys-off') return 'an api key was sent, but server.auth.modes does not include api-key: send an Entra bearer token.';
  if (refusal === 'bearer-off')
    return 'a bearer token was sent, but server.auth.modes does not include bearer: send the key in the api-key header.';
  return `the api key sent (in the api-key header, or as the bearer token on a /openai/v1/ route) is not one of the ${auth.keys} configured in server.auth.apiKeys (or AOAI_SIM_API_KEY, which replaces them).`;
}

/** A path under /openai/ that no route serves: the nearest operation path, with the caller's deployment in it. */
export function unknownPathHint(method: string, path: string, routes: readonly string[]): string {
  const deployment = /^\/openai\/(?:v1\/)?deployments\/([^/]+)\//i.exec(path)?.[1];
  const candidates = routes.map((route) => (deployment === undefined ? route : route.replace(':deployment', deployment)));
  const nearest = closestName(path, candidates);
  const prefix = '/openai/deployments/:deployment/';
  const operations = routes.filter((route) => route.startsWith(prefix)).map((route) => route.slice(prefix.length));
  return `no route for ${method} ${path}${nearest === undefined ? '' : `; did you mean ${nearest}?`} The operations are POST /openai/deployments/{deployment}/ ${operations.join(', ')}, and the same under /openai/v1/.`;
}

function acceptedApiVersions(): string {
  return `The accepted api-versions are ${STABLE_API_VERSIONS.join(', ')} (stable) and ${PREVIEW_API_VERSIONS.join(', ')}.`;
}

function list(names: readonly string[]): string {
  const shown = names.slice(0, MAX_NAMES).join(', ');
  return names.length > MAX_NAMES ? `${shown} and ${names.length - MAX_NAMES} more` : shown;
}

/** A path prefix `/r/{name}` that names no resource the simulator plays. */
export function unknownResourceHint(path: string, resources: readonly string[]): string {
  const name = path.split('/')[2] ?? '';
  const nearest = closestName(name, resources);
  return `no resource "${name}"${nearest === undefined ? '' : `; did you mean "${nearest}"?`} The resources are ${list(resources)}.`;
}
