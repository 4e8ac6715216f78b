import { ids } from '../protocol/ids.ts';
import { randomBytes } from 'node:crypto';
import type { EndpointChanges } from './endpoint-request.ts';
import type { DeliveryEndpoint } from './webhook-deliveries.ts';

/** An endpoint registered through the webhook_endpoints routes, with its signing secret. */
export interface RegisteredEndpoint {
  id: string;
  name: string;
  url: string;
  eventTypes: string[];
  secret: string;
  /** The secret before the last rotation, while it still signs too (until `untilMs`, epoch ms on the job clock). */
  previousSecret?: { secret: string; untilMs: number };
  /** Epoch seconds. */
  createdAt: number;
  updatedAt: number;
}

/** The most endpoints registered at once: the service publishes no such limit; this one bounds the memory. */
export const MAX_REGISTERED_ENDPOINTS = 100;

/** A signing secret as the service issues one: `whsec_` and the base64 of 32 random bytes. */
export const newSigningSecret = (): string => `whsec_${randomBytes(32).toString('base64')}`;

/**
 * The webhook endpoints registered at run time, kept in memory, at most `cap` of them, in the order created.
 * The service keeps them as resource settings, so a reset of the simulator's state leaves them: DELETE forgets one.
 */
export class RegisteredEndpoints {
  readonly #endpoints = new Map<string, RegisteredEndpoint>();
  readonly cap: number;
  /** What deliveries read, rebuilt on each change so that an event costs no copy. */
  #inForce: DeliveryEndpoint[] = [];

  constructor(cap: number) {
    this.cap = cap;
  }

  get size(): number {
    return this.#endpoints.size;
  }

  /** Registers an endpoint with a new secret; undefined when `cap` are registered already. */
  create(request: EndpointChanges & { url: string; eventTypes: string[] }, nowSeconds: number): RegisteredEndpoint | undefined {
    if (this.#endpoints.size >= this.cap) return undefined;
    const endpoint: RegisteredEndpoint = {
      id: ids.webhookEndpoint(),
      name: request.name ?? '',
      url: request.url,
      eventTypes: request.eventTypes,
      secret: newSigningSecret(),
      createdAt: nowSeconds,
      updatedAt: nowSeconds,
    };
    this.#endpoints.set(endpoint.id, endpoint);
    this.#changed();
    return endpoint;
  }

  get(id: string): RegisteredEndpoint | undefined {
    return this.#endpoints.get(id);
  }

  /** Newest first, as the service lists them. */
  newestFirst(): RegisteredEndpoint[] {
    return [...this.#endpoints.values()].reverse();
  }

  /** Applies `changes`; `updatedAt` moves only when something did change, as the service's does. */
  update(id: string, changes: EndpointChanges, nowSeconds: number): RegisteredEndpoint | undefined {
    const endpoint = this.#endpoints.get(id);
    if (!endpoint) return undefined;
    const next = { ...endpoint, ...changes };
    const changed = next.name !== endpoint.name || next.url !== endpoint.url || next.eventTypes.join(',') !== endpoint.eventTypes.join(',');
    if (changed) {
      this.#endpoints.set(id, { ...next, updatedAt: nowSeconds });
      this.#changed();
    }
    return this.#endpoints.get(id);
  }

  /**
   * A new signing secret. The old one signs nothing from now on, unless `keepOldUntilMs` (epoch ms on the job
   * clock) says until when deliveries carry its signature too.
   */
  rotateSecret(id: string, nowSeconds: number, keepOldUntilMs?: number): RegisteredEndpoint | undefined {
    const endpoint = this.#endpoints.get(id);
    if (!endpoint) return undefined;
    const { previousSecret: _, ...rest } = endpoint;
    const rotated: RegisteredEndpoint = { ...rest, secret: newSigningSecret(), updatedAt: nowSeconds };
    if (keepOldUntilMs !== undefined) rotated.previousSecret = { secret: endpoint.secret, untilMs: keepOldUntilMs };
    this.#endpoints.set(id, rotated);
    this.#changed();
    return rotated;
  }

  delete(id: string): boolean {
    const deleted = this.#endpoints.delete(id);
    if (deleted) this.#changed();
    return deleted;
  }

  /** The registered endpoints as deliveries see them, next to the scenarios file's. */
  inForce(): readonly DeliveryEndpoint[] {
    return this.#inForce;
  }

  #changed(): void {
    this.#inForce = [...this.#endpoints.values()].map(
      (endpoint) =>
        ({
          name: endpoint.id,
          url: endpoint.url,
          secret: endpoint.secret,
          events: endpoint.eventTypes,
          ...(endpoint.previousSecret ? { previousSecret: endpoint.previousSecret } : {}),
        }) as DeliveryEndpoint,
    );
  }
}
