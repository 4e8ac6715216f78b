import { batchErrors } from './batch-errors.ts';
import { batchObject, FINISHED, type BatchRecord } from './batch-record.ts';

/** The most batches one page lists, and the default: the Batch API's 100 and 20. */
const MAX_LIST_LIMIT = 100;
const DEFAULT_LIST_LIMIT = 20;

/**
 * The batches the simulator keeps, oldest first, for retrieve, list and cancel. Bounded: past `maxKept` the oldest
 * finished batch is forgotten (a running one never is), so no run of creates can exhaust memory.
 */
export class BatchBook {
  readonly #batches = new Map<string, BatchRecord>();
  #maxKept: number;

  constructor(maxKept: number) {
    this.#maxKept = maxKept;
  }

  /** Applies a new bound (a reload), forgetting what it no longer allows. */
  set maxKept(maxKept: number) {
    this.#maxKept = maxKept;
    this.#forgetPastBound();
  }

  add(batch: BatchRecord): void {
    this.#batches.set(batch.id, batch);
    this.#forgetPastBound();
  }

  get(id: string): BatchRecord | undefined {
    return this.#batches.get(id);
  }

  /** Every batch kept, oldest first. */
  all(): IterableIterator<BatchRecord> {
    return this.#batches.values();
  }

  /** One page of the listing, newest first as the service lists them: `limit` batches after the batch `after`. */
  page(query: Readonly<Record<string, string | string[] | undefined>>) {
    const one = (name: string) => {
      const value = query[name];
      return Array.isArray(value) ? value.at(-1) : value;
    };
    const limitText = one('limit');
    const limit = limitText === undefined ? DEFAULT_LIST_LIMIT : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIST_LIMIT)
      throw batchErrors.badParameter(`Invalid 'limit': expected an integer between 1 and ${MAX_LIST_LIMIT}.`, 'limit');
    const newest = [...this.#batches.values()].reverse();
    const after = one('after');
    const at = after === undefined ? -1 : newest.findIndex((batch) => batch.id === after);
    // an `after` no longer kept ends the listing rather than starting it again
    const start = after === undefined ? 0 : at === -1 ? newest.length : at + 1;
    const page = newest.slice(start, start + limit);
    return {
      object: 'list',
      data: page.map(batchObject),
      first_id: page[0]?.id ?? null,
      last_id: page.at(-1)?.id ?? null,
      has_more: start + page.length < newest.length,
    };
  }

  #forgetPastBound(): void {
    if (this.#batches.size <= this.#maxKept) return;
    for (const [id, batch] of this.#batches) {
      if (this.#batches.size <= this.#maxKept) return;
      if (FINISHED.has(batch.status)) this.#batches.delete(id);
    }
  }
}
