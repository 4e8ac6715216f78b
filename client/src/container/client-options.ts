import type { AoaiSimControl } from '../control/index.ts';
import type { TrustingFetchOptions } from '../tls/certificate-trust.ts';

/** What `new AzureOpenAI(...)` needs to reach a simulator. */
export interface AzureClientOptions {
  endpoint: string;
  apiKey: string;
  apiVersion: string;
  deployment?: string;
  /** With TLS: an agent that trusts the simulator's certificate. */
  fetchOptions?: TrustingFetchOptions;
}

/** What `new OpenAI(...)` needs for the /openai/v1/ routes. */
export interface OpenAIV1Options {
  baseURL: string;
  apiKey: string;
  /** With TLS: an agent that trusts the simulator's certificate. */
  fetchOptions?: TrustingFetchOptions;
}

/** Which of the simulator's resources a client is for (see `resources:`); the simulator's own when absent. */
export interface ResourceChoice {
  /** A resource's name: the endpoint gets its path prefix `/r/{resource}`, which reaches it wherever the simulator runs. */
  resource?: string;
}

/** The simulator's own resource, reached at the root. */
const OWN_RESOURCE = 'default';

/** The endpoint that reaches `resource` on a simulator at `endpoint`. */
export function resourceEndpoint(endpoint: string, resource?: string): string {
  return resource === undefined || resource.toLowerCase() === OWN_RESOURCE ? endpoint : `${endpoint}/r/${encodeURIComponent(resource)}`;
}

/**
 * Every resource's endpoint on a simulator at `endpoint`, by name, from its control API: what a gateway's backend
 * list needs. Each is reached by its path prefix, which works in a container as on loopback.
 */
export async function resourceEndpoints(endpoint: string, control: AoaiSimControl): Promise<Record<string, string>> {
  const resources = await control.resources();
  return Object.fromEntries(resources.map((resource) => [resource.name, `${endpoint}${resource.endpoints.prefix}`]));
}

export function clientOptions(
  endpoint: string,
  apiKey: string,
  apiVersion: string,
  deployment?: string,
  fetchOptions?: TrustingFetchOptions,
): AzureClientOptions {
  return { endpoint, apiKey, apiVersion, ...(deployment ? { deployment } : {}), ...(fetchOptions ? { fetchOptions } : {}) };
}

export function openAIV1Options(endpoint: string, apiKey: string, fetchOptions?: TrustingFetchOptions): OpenAIV1Options {
  return { baseURL: `${endpoint}/openai/v1/`, apiKey, ...(fetchOptions ? { fetchOptions } : {}) };
}
