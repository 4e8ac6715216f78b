export { WebhookAttemptLog, type AttemptFilter, type WebhookAttempt } from './attempt-log.ts';
export { endpointListPage, endpointObject } from './endpoint-object.ts';
export { createRequest, updateRequest, webhookEndpointErrors, WEBHOOK_EVENT_TYPES } from './endpoint-request.ts';
export { MAX_REGISTERED_ENDPOINTS, RegisteredEndpoints, type RegisteredEndpoint } from './registered-endpoints.ts';
export { sendSampleEvent } from './sample-event.ts';
export { WebhookDeliveries } from './webhook-deliveries.ts';
export { eventBody } from './webhook-event.ts';
