import type { ResolvedDeployment } from '../config/resolve-config.ts';
import type { DataPlaneRequest } from './types.ts';
import { BoundedLru, type MemoryBounds, type StoreUsage } from '../memory/index.ts';

/** An answer kept, with the deployment object it was made for. */
interface Kept {
  deployment: ResolvedDeployment;
  value: unknown;
  bytes: number;
}

/**
 * Answers the default generator made, kept by deployment and request body. The generator is deterministic and a
 * load test sends the same bodies again and again, so what took validating, counting and serializing is kept and
 * handed out again. One budget for every operation (server.memory.answerCache): bounded by entries and by bytes,
 * each key counted at its length, the least recently used forgotten first. An answer counts only for the
 * deployment object it was made for: a reload makes new deployments, so it starts afresh.
 */
export class AnswerCache {
  readonly #kept: BoundedLru<string, Kept>;

  constructor(bounds: MemoryBounds) {
    this.#kept = new BoundedLru(bounds, (kept) => kept.bytes);
  }

  /** The entries and bytes kept (see StoreUsage). */
  get usage(): StoreUsage {
    return this.#kept.usage;
  }

  /** The answer kept under `key` (see {@link answerKey}) for `deployment`. */
  get<T>(deployment: ResolvedDeployment, key: string): T | undefined {
    const kept = this.#kept.get(key);
    return kept?.deployment === deployment ? (kept.value as T) : undefined;
  }

  /** Keeps `value`, about `bytes` large, under `key` for `deployment`. */
  set(deployment: ResolvedDeployment, key: string, value: unknown, bytes: number): void {
    this.#kept.set(key, { deployment, value, bytes });
  }
}

/**
 * What an answer is kept by: what kind of answer it is, the deployment, and the request body (its text as it
 * arrived or its digest: DataPlaneRequest.bodyKey; else its JSON), with what else shapes the answer.
 */
export function answerKey(kind: string, { deployment, apiVersion, body, bodyKey }: DataPlaneRequest): string {
  return `${kind}\u0000${deployment.name}\u0000${apiVersion}\u0000${requestBodyKey(body, bodyKey)}`;
}

/** The request body as a key: DataPlaneRequest.bodyKey, else the body's JSON. */
export function requestBodyKey(body: Record<string, unknown>, bodyKey: string | undefined): string {
  return bodyKey ?? JSON.stringify(body);
}
