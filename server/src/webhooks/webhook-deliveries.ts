import { Webhook } from 'standardwebhooks';
import { realClock, type JobClock } from '../clock/index.ts';
import type { ResolvedWebhooks } from '../config/resolve-config.ts';
import type { WebhookEndpoint } from '../generated/scenarios.ts';
import type { JobEvent, JobEvents } from '../jobs/job-events.ts';
import type { WebhookAttemptLog } from './attempt-log.ts';
import { afterAttempt, type AttemptResult } from './delivery-decision.ts';
import { sendAttempt } from './send-attempt.ts';
import { ids } from '../protocol/ids.ts';
import { eventBody } from './webhook-event.ts';

/**
 * An endpoint deliveries go to: a configured one, or one registered at run time, which may also sign with its
 * previous secret until `untilMs` on the job clock after a rotation that kept it (`keep_old_secret_active_for_24_hours`).
 */
export type DeliveryEndpoint = WebhookEndpoint & { previousSecret?: { secret: string; untilMs: number } };

/** One event on its way to one endpoint, with what every attempt at it shares. */
interface Delivery {
  event: JobEvent;
  endpoint: DeliveryEndpoint;
  settings: ResolvedWebhooks;
  webhookId: string;
  eventId: string;
  body: string;
  signer: Webhook;
}

/**
 * Delivers the job events to the webhook endpoints in force, as the service does: each event to every endpoint
 * that lists its type, signed per Standard Webhooks, retried on the job clock while the retry schedule lasts.
 * The first attempt is itself a job due at once, so an advance of the job clock that ends a batch waits for its
 * delivery too. At most `maxPending` deliveries wait at once; an event past that is dropped (and listed so).
 * Nothing a receiver does (slow, huge answer, reset, refused) can throw past this class.
 */
export class WebhookDeliveries {
  readonly #jobs: JobClock;
  readonly #settings: () => ResolvedWebhooks;
  readonly #log: WebhookAttemptLog;
  readonly #registered: () => readonly DeliveryEndpoint[];
  #pending = 0;

  /** `registered`: the endpoints registered at run time (webhook_endpoints routes), delivered to as the configured ones. */
  constructor(
    jobs: JobClock,
    settings: () => ResolvedWebhooks,
    log: WebhookAttemptLog,
    registered: () => readonly DeliveryEndpoint[] = () => [],
  ) {
    this.#jobs = jobs;
    this.#settings = settings;
    this.#log = log;
    this.#registered = registered;
  }

  /** Deliveries in flight or waiting for a retry. */
  get pending(): number {
    return this.#pending;
  }

  /** Delivers every event `events` announces from now on. */
  listen(events: JobEvents): void {
    events.subscribe((event) => this.deliver(event));
  }

  /** Starts delivering `event` to each endpoint in force that lists its type. */
  deliver(event: JobEvent): void {
    const settings = this.#settings();
    // one event, one id, whichever endpoints it goes to; each endpoint's message has its own webhook-id
    const id = ids.webhookEvent();
    for (const endpoint of [...settings.endpoints, ...this.#registered()]) {
      if (!endpoint.events.includes(event.type)) continue;
      const message = { event, endpoint, webhookId: ids.webhookMessage(), eventId: id };
      if (this.#pending >= settings.maxPending) {
        this.#record(message, 0, { outcome: 'dropped', error: `${settings.maxPending} deliveries pending` });
        continue;
      }
      const signer = signerFor(endpoint.secret);
      if (!signer) {
        this.#record(message, 0, { outcome: 'dropped', error: 'the secret is not whsec_ and base64' });
        continue;
      }
      this.#pending++;
      const delivery = { ...message, settings, body: eventBody(event, id), signer };
      this.#jobs.setTimeout(() => this.#attempt(delivery, 1), 0);
    }
  }

  async #attempt(delivery: Delivery, attempt: number): Promise<void> {
    const result = await this.#send(delivery).catch((error: unknown) => ({ error: String(error) }));
    const next = afterAttempt(result, attempt, delivery.settings.retryDelaysSeconds);
    const retryInMs = next.outcome === 'failed' ? next.retryInMs : undefined;
    this.#record(delivery, attempt, {
      outcome: next.outcome,
      ...result,
      ...(retryInMs === undefined ? {} : { nextAttemptAt: new Date(this.#jobs.epochMs() + retryInMs).toISOString() }),
    });
    if (retryInMs === undefined) this.#pending--;
    else this.#jobs.setTimeout(() => this.#attempt(delivery, attempt + 1), retryInMs);
  }

  /** Signs the delivery as of now and sends it. */
  async #send(delivery: Delivery): Promise<AttemptResult> {
    // the receiver checks the timestamp against its own clock (five minutes either way): the process's, whatever the job clock says
    const sentAt = new Date(realClock.epochMs());
    const headers = {
      'webhook-id': delivery.webhookId,
      'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
      'webhook-signature': this.#signature(delivery, sentAt),
    };
    return sendAttempt(delivery.endpoint.url, delivery.body, headers, delivery.settings.timeoutMs);
  }

  /** The signature, and while the previous secret is kept a second one with it, as Standard Webhooks allows. */
  #signature(delivery: Delivery, sentAt: Date): string {
    const signature = delivery.signer.sign(delivery.webhookId, sentAt, delivery.body);
    const previous = delivery.endpoint.previousSecret;
    if (previous === undefined || this.#jobs.epochMs() >= previous.untilMs) return signature;
    const previousSigner = signerFor(previous.secret);
    return previousSigner ? `${signature} ${previousSigner.sign(delivery.webhookId, sentAt, delivery.body)}` : signature;
  }

  #record(
    delivery: Pick<Delivery, 'event' | 'endpoint' | 'webhookId' | 'eventId'>,
    attempt: number,
    how: { outcome: 'delivered' | 'failed' | 'dropped'; status?: number; error?: string; nextAttemptAt?: string },
  ): void {
    const { event, endpoint } = delivery;
    this.#log.record({
      time: new Date(this.#jobs.epochMs()).toISOString(),
      endpoint: { ...(endpoint.name === undefined ? {} : { name: endpoint.name }), url: endpoint.url },
      webhookId: delivery.webhookId,
      event: { id: delivery.eventId, type: event.type, dataId: event.id },
      attempt,
      ...how,
    });
  }
}

/** The signer of a `whsec_…` secret (its key is the base64 after the prefix, as the SDKs that verify read it). */
function signerFor(secret: string): Webhook | undefined {
  try {
    return new Webhook(secret);
  } catch {
    // the schema's pattern lets no such secret through; a listener must not throw into the job that emitted
    return undefined;
  }
}
