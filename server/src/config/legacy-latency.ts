import type { LatencyProfile, Operation } from '../generated/scenarios.ts';
import { LegacyEnvError } from './legacy-env-error.ts';

/** The operations aoai-api-simulator adds latency to, and the profiles the environment gives them here. */
export type LegacyLatency = Partial<Record<'chat' | 'completions' | 'embeddings', LatencyProfile>>;

/**
 * aoai-api-simulator's latency variables (LATENCY_OPENAI_<prefix>_MEAN and _STD_DEV, milliseconds), with its
 * defaults for the half not given and what each means: chat and completions per completion token, embeddings
 * per request. Translations are per MB of audio, which has no equivalent here.
 */
const VARIABLES = [
  { prefix: 'CHAT_COMPLETIONS', operation: 'chat', mean: 19, stdDev: 6, per: 'token' },
  { prefix: 'COMPLETIONS', operation: 'completions', mean: 15, stdDev: 2, per: 'token' },
  { prefix: 'EMBEDDINGS', operation: 'embeddings', mean: 100, stdDev: 30, per: 'request' },
] as const;

/**
 * The latency the environment sets, by operation: a normal distribution per completion token (TTFT 0, so that
 * an answer of n tokens takes n × the draw, as there) or per embeddings request. Undefined when no variable is
 * set. `notices` receives what is read but has no equivalent. Throws a LegacyEnvError for a value that is
 * not a number of milliseconds.
 */
export function legacyLatency(env: NodeJS.ProcessEnv, notices: string[]): LegacyLatency | undefined {
  const latency: LegacyLatency = {};
  for (const { prefix, operation, mean, stdDev, per } of VARIABLES) {
    const given = {
      mean: milliseconds(env, `LATENCY_OPENAI_${prefix}_MEAN`),
      stdDev: milliseconds(env, `LATENCY_OPENAI_${prefix}_STD_DEV`),
    };
    if (given.mean === undefined && given.stdDev === undefined) continue;
    const distribution = { distribution: 'normal' as const, mean: given.mean ?? mean, stdDev: given.stdDev ?? stdDev };
    latency[operation] = per === 'token' ? { ttft: 0, itl: distribution } : { perRequest: distribution, perInputToken: 0 };
  }
  for (const name of ['LATENCY_OPENAI_TRANSLATIONS_MEAN', 'LATENCY_OPENAI_TRANSLATIONS_STD_DEV'])
    if (env[name])
      notices.push(
        `${name} is ignored: latency per MB of audio has no equivalent here. A transcription or translation takes the deployment's ttft plus itl per token of its text: set deployments.<name>.latency in a scenarios file.`,
      );
  for (const name of Object.keys(env).filter((key) => key.startsWith('LATENCY_OPEN_AI_')))
    notices.push(
      `${name} is ignored, as aoai-api-simulator ignored it (its docs misspell the name): the variable is ${name.replace('LATENCY_OPEN_AI_', 'LATENCY_OPENAI_')}.`,
    );
  return Object.keys(latency).length > 0 ? latency : undefined;
}

/**
 * The environment's profile for a deployment serving `operations`, or undefined. A profile covers every
 * operation of its deployment, so one serving chat (and the Responses API) takes the chat timing.
 */
export function legacyLatencyFor(operations: ReadonlySet<Operation>, latency: LegacyLatency | undefined): LatencyProfile | undefined {
  if (!latency) return undefined;
  if (operations.has('chat') || operations.has('responses')) return latency.chat;
  if (operations.has('completions')) return latency.completions;
  if (operations.has('embeddings')) return latency.embeddings;
  return undefined;
}

function milliseconds(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const text = env[name]?.trim();
  if (!text) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw new LegacyEnvError(`${name} must be a number of milliseconds, 0 or more, not "${env[name]}"`);
  return value;
}
