// The four ways the fuzzer starts the simulator: with and without each key.
import { randomBytes } from 'node:crypto';
import type { Secrets } from '../oracle/secrets.ts';

export interface Configuration {
  name: string;
  /** AOAI_SIM_API_KEY is set: the data plane accepts only the harness's key. */
  apiKey: boolean;
  /** AOAI_SIM_ADMIN_KEY is set: the control API needs it. */
  adminKey: boolean;
}

export const CONFIGURATIONS: readonly Configuration[] = [
  { name: 'both-keys', apiKey: true, adminKey: true },
  { name: 'api-key', apiKey: true, adminKey: false },
  { name: 'admin-key', apiKey: false, adminKey: true },
  { name: 'no-keys', apiKey: false, adminKey: false },
];

/** The keys and the planted secret of one run: random, recognisable, and never sent anywhere but their headers. */
export interface RunKeys {
  apiKey: string;
  adminKey: string;
  envSecret: string;
}

export function newRunKeys(): RunKeys {
  const token = () => randomBytes(12).toString('hex');
  return { apiKey: `fuzz-apikey-${token()}`, adminKey: `fuzz-adminkey-${token()}`, envSecret: `fuzz-secret-${token()}` };
}

/** What no answer, header or log line may ever contain. */
export function secretsOf(keys: RunKeys): Secrets {
  return {
    'AZURE_OPENAI_KEY (planted in the environment)': keys.envSecret,
    'the data-plane api key': keys.apiKey,
    'the admin key': keys.adminKey,
  };
}

/** The simulator's environment in `configuration`: its keys, and the real-endpoint key a user's shell would hold. */
export function simEnvironment(configuration: Configuration, keys: RunKeys): Record<string, string> {
  return {
    AZURE_OPENAI_KEY: keys.envSecret,
    ...(configuration.apiKey ? { AOAI_SIM_API_KEY: keys.apiKey } : {}),
    ...(configuration.adminKey ? { AOAI_SIM_ADMIN_KEY: keys.adminKey } : {}),
  };
}
