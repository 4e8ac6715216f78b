import { listPage, readListQuery, type QueryString } from '../../http/cursor-list.ts';
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
  page(query: QueryString) {
    const listing = readListQuery(
      query,
      { defaultLimit: DEFAULT_LIST_LIMIT, maxLimit: MAX_LIST_LIMIT, ordered: false },
      batchErrors.badParameter,
    );
    return listPage([...this.#batches.values()], listing, batchObject);
  }

  #forgetPastBound(): void {
    if (this.#batches.size <= this.#maxKept) return;
    for (const [id, batch] of this.#batches) {
      if (this.#batches.size <= this.#maxKept) return;
      if (FINISHED.has(batch.status)) this.#batches.delete(id);
    }
  }
}
