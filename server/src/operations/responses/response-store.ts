import type { InputItem } from './responses-request.ts';

/** A stored response: what `previous_response_id` continues from and `item_reference` points into. */
export interface StoredResponse {
  id: string;
  body: Record<string, unknown>;
  /** The whole conversation up to and including this response's output, as input items. */
  conversation: InputItem[];
}

/**
 * Responses kept for `previous_response_id`, `item_reference` and `GET /openai/responses/{id}`: a bounded
 * map, oldest dropped first, so a long load test does not grow the heap.
 */
export class ResponseStore {
  private readonly responses = new Map<string, StoredResponse>();
  private readonly items = new Map<string, InputItem>();
  private readonly capacity: number;

  constructor(capacity = 2000) {
    this.capacity = capacity;
  }

  save(response: StoredResponse, outputItems: readonly InputItem[]): void {
    this.responses.set(response.id, response);
    for (const item of outputItems) if (item.id) this.items.set(item.id, item);
    while (this.responses.size > this.capacity) {
      const oldest = this.responses.keys().next().value as string;
      this.responses.delete(oldest);
    }
    while (this.items.size > this.capacity * 4) this.items.delete(this.items.keys().next().value as string);
  }

  response(id: string): StoredResponse | undefined {
    return this.responses.get(id);
  }

  item(id: string): InputItem | undefined {
    return this.items.get(id);
  }

  delete(id: string): boolean {
    return this.responses.delete(id);
  }
}
