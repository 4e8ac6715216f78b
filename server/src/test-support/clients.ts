import { AzureOpenAI, OpenAI } from 'openai';
import type { RunningSimulator } from '../server.ts';

export const API_VERSION = '2024-10-21';
export const PREVIEW_API_VERSION = '2025-04-01-preview';

/** The official Azure client pointed at the simulator, as a user would configure it. */
export function azureClient(
  sim: RunningSimulator,
  options: { deployment?: string; apiVersion?: string; apiKey?: string; maxRetries?: number } = {},
): AzureOpenAI {
  return new AzureOpenAI({
    endpoint: sim.url,
    apiKey: options.apiKey ?? 'test-key',
    apiVersion: options.apiVersion ?? API_VERSION,
    maxRetries: options.maxRetries ?? 0,
    ...(options.deployment ? { deployment: options.deployment } : {}),
  });
}

/** The plain OpenAI client on the v1 routes, with the deployment name as `model`. */
export function v1Client(sim: RunningSimulator, apiKey = 'test-key'): OpenAI {
  return new OpenAI({ baseURL: `${sim.url}/openai/v1/`, apiKey, maxRetries: 0 });
}
