export { WebhookAttemptLog, type AttemptFilter, type WebhookAttempt } from './attempt-log.ts';
export { WebhookDeliveries } from './webhook-deliveries.ts';
export { eventBody } from './webhook-event.ts';
