/** What `new AzureOpenAI(...)` needs to reach a simulator. */
export interface AzureClientOptions {
  endpoint: string;
  apiKey: string;
  apiVersion: string;
  deployment?: string;
}

/** What `new OpenAI(...)` needs for the /openai/v1/ routes. */
export interface OpenAIV1Options {
  baseURL: string;
  apiKey: string;
}

export function clientOptions(endpoint: string, apiKey: string, apiVersion: string, deployment?: string): AzureClientOptions {
  return { endpoint, apiKey, apiVersion, ...(deployment ? { deployment } : {}) };
}
