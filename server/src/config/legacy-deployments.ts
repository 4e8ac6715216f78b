import type { Deployment } from '../generated/scenarios.ts';
import { ConfigError } from './config-error.ts';
import { LegacyEnvError } from './legacy-env-error.ts';
import { validateScenariosObject } from './validate-object.ts';

/**
 * The deployments of an aoai-api-simulator deployment file (OPENAI_DEPLOYMENT_CONFIG_PATH): a JSON map of
 * deployment name to `{ model, tokensPerMinute?, requestsPerMinute?, embeddingSize? }`. The quotas become a
 * rate limit (TPM, and RPM when given, else derived from TPM as the service does); a quota of 0 means none,
 * as there. Each is checked as a scenarios file's deployment is; `file` names it in messages.
 *
 * @example deploymentsFromJson('{"gpt-35-turbo-1k-token": {"model": "gpt-3.5-turbo", "tokensPerMinute": 1000}}', 'deployments.json')
 */
export function deploymentsFromJson(text: string, file: string): Record<string, Deployment> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new LegacyEnvError(`${file}: not JSON: ${(error as Error).message}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new LegacyEnvError(`${file}: must be a JSON object mapping each deployment name to { "model": ..., "tokensPerMinute": ... }`);
  const deployments: Record<string, Deployment> = {};
  for (const [name, entry] of Object.entries(data)) deployments[name] = deployment(entry, `${file}: /${name}`);
  try {
    validateScenariosObject({ deployments });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const problems = error.issues.map((issue) => `${file}: ${issue.pointer?.replace(/^\/deployments/, '') ?? ''} ${issue.message}`);
    throw new LegacyEnvError(problems.join('\n'));
  }
  return deployments;
}

function deployment(entry: unknown, where: string): Deployment {
  if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
    throw new LegacyEnvError(`${where} must be an object with a "model"`);
  const { model, tokensPerMinute, requestsPerMinute, embeddingSize } = entry as Record<string, unknown>;
  if (typeof model !== 'string' || model === '') throw new LegacyEnvError(`${where}/model must be the model's name, e.g. "gpt-3.5-turbo"`);
  const tpm = quota(tokensPerMinute, `${where}/tokensPerMinute`);
  const rpm = quota(requestsPerMinute, `${where}/requestsPerMinute`);
  const dimensions = quota(embeddingSize, `${where}/embeddingSize`);
  return {
    model,
    ...(tpm || rpm ? { rateLimit: { ...(tpm ? { tpm } : {}), ...(rpm ? { rpm } : {}) } } : {}),
    ...(dimensions ? { embeddingDimensions: dimensions } : {}),
  };
}

/** A whole number, 0 or more, or undefined; numbers in strings are read as aoai-api-simulator's int() read them. */
function quota(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0)
    throw new LegacyEnvError(`${where} must be a whole number, 0 or more, not ${JSON.stringify(value)}`);
  return number;
}
