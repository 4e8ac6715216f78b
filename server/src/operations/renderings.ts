import type { ResolvedDeployment } from '../config/resolve-config.ts';

/**
 * Answers the default generator rendered once, kept per deployment and request body. The generator is
 * deterministic and a load test sends the same bodies again and again, so what took validating, counting and
 * serializing is kept and handed out again. Per deployment object: a reload makes new deployments, so it starts
 * afresh. Bounded by entries and by an estimate of the bytes kept; cleared whole when either is full, which keeps
 * it simple and bounded.
 */
export class Renderings<T> {
  readonly #byDeployment = new WeakMap<ResolvedDeployment, { entries: Map<string, T>; bytes: number }>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #bytesOf: (value: T) => number;

  /** At most `maxEntries` answers and about `maxBytes` (as `bytesOf` counts them) per deployment. */
  constructor(options: { maxEntries: number; maxBytes: number; bytesOf: (value: T) => number }) {
    this.#maxEntries = options.maxEntries;
    this.#maxBytes = options.maxBytes;
    this.#bytesOf = options.bytesOf;
  }

  get(deployment: ResolvedDeployment, key: string): T | undefined {
    return this.#byDeployment.get(deployment)?.entries.get(key);
  }

  set(deployment: ResolvedDeployment, key: string, value: T): void {
    const bytes = key.length + this.#bytesOf(value);
    if (bytes > this.#maxBytes) return;
    let kept = this.#byDeployment.get(deployment);
    if (!kept) this.#byDeployment.set(deployment, (kept = { entries: new Map(), bytes: 0 }));
    if (kept.entries.size >= this.#maxEntries || kept.bytes + bytes > this.#maxBytes) {
      kept.entries.clear();
      kept.bytes = 0;
    }
    kept.entries.set(key, value);
    kept.bytes += bytes;
  }
}

/** What a request body is kept by: its text as it arrived, or its JSON, with what else shapes the answer. */
export function renderingKey(apiVersion: string | undefined, body: Record<string, unknown>, json: string | undefined): string {
  return `${apiVersion}\u0000${json ?? JSON.stringify(body)}`;
}
