import { approximateBytes, BoundedLru, type MemoryBounds, type StoreUsage } from '../../memory/index.ts';
import type { BackgroundRun } from './background-run.ts';
import type { InputItem } from './responses-request.ts';

/** A stored response: what `previous_response_id` continues from and `item_reference` points into. */
export interface StoredResponse {
  id: string;
  body: Record<string, unknown>;
  /** The whole conversation up to and including this response's output, as input items. */
  conversation: InputItem[];
  /** How many of the conversation's first items were this response's input: what `input_items` lists. */
  inputCount: number;
  /** A background response's run: what its status is at any time. */
  background?: BackgroundRun;
}

/** A stored response with the ids of its output items, which leave with it. */
interface Kept {
  response: StoredResponse;
  itemIds: string[];
  bytes: number;
}

/**
 * Responses kept for `previous_response_id`, `item_reference` and `GET /openai/responses/{id}`: part of the
 * simulator's store (SimStore), so that a store shared by several simulators can keep them. Asynchronous, as a
 * shared store is; each call is one round trip.
 */
export interface ResponseStore {
  /** Keeps a response and finds its output items by id while it is kept. */
  save(response: StoredResponse, outputItems: readonly InputItem[]): Promise<void>;
  response(id: string): Promise<StoredResponse | undefined>;
  /** An output item of a response still kept. */
  item(id: string): Promise<InputItem | undefined>;
  /**
   * Changes a kept response at once (a cancel racing a retrieve): `change` is given it and returns it changed,
   * or undefined to leave it. `change` is pure, as a store that retries on conflict may call it again. Answers
   * the response as kept afterwards; undefined when it is not kept.
   */
  update(id: string, change: (response: StoredResponse) => StoredResponse | undefined): Promise<StoredResponse | undefined>;
  /** Forgets a response and its items; false when it was not kept. */
  delete(id: string): Promise<boolean>;
}

/**
 * The responses of a single simulator, bounded by count
 * and by bytes (each response with its whole conversation, so a body with a huge field counts in full), the least
 * recently used forgotten first, so that neither a long load test nor a few huge requests grow the heap without
 * end. A response's output items are found by id while the response is kept.
 */
export class MemoryResponseStore implements ResponseStore {
  private readonly responses: BoundedLru<string, Kept>;
  private readonly items = new Map<string, InputItem>();

  constructor(bounds: MemoryBounds) {
    this.responses = new BoundedLru<string, Kept>(
      bounds,
      (kept) => kept.bytes,
      (kept) => {
        for (const id of kept.itemIds) this.items.delete(id);
      },
    );
  }

  /** The entries and bytes kept (see StoreUsage). */
  get usage(): StoreUsage {
    return this.responses.usage;
  }

  async save(response: StoredResponse, outputItems: readonly InputItem[]): Promise<void> {
    const itemIds = outputItems.flatMap((item) => (item.id ? [item.id] : []));
    const bytes = approximateBytes(response.body) + approximateBytes(response.conversation);
    this.responses.set(response.id, { response, itemIds, bytes });
    // a response too large to keep is not kept: nor are its items
    if (this.responses.peek(response.id) === undefined) return;
    for (const item of outputItems) if (item.id) this.items.set(item.id, item);
  }

  async response(id: string): Promise<StoredResponse | undefined> {
    return this.responses.get(id)?.response;
  }

  async item(id: string): Promise<InputItem | undefined> {
    return this.items.get(id);
  }

  async update(id: string, change: (response: StoredResponse) => StoredResponse | undefined): Promise<StoredResponse | undefined> {
    const kept = this.responses.get(id);
    if (!kept) return undefined;
    const changed = change(kept.response);
    // a change keeps the response's size and items: it only moves its run
    if (changed) kept.response = changed;
    return kept.response;
  }

  async delete(id: string): Promise<boolean> {
    return this.responses.delete(id);
  }
}
