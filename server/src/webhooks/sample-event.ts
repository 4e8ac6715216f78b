import { Webhook } from 'standardwebhooks';
import { realClock } from '../clock/index.ts';
import type { AttemptResult } from './delivery-decision.ts';
import type { RegisteredEndpoint } from './registered-endpoints.ts';
import { sendAttempt } from './send-attempt.ts';
import { ids } from '../protocol/ids.ts';

/** The sample job id a test event names, by the kind of job its type announces. */
const SAMPLE_IDS: Record<string, string> = { batch: 'batch_test', response: 'resp_test', video: 'video_test', fine_tuning: 'ftjob_test' };

/** A sample event of `type`, as a real one of that type looks, with a job id that names no job. */
export function sampleEventBody(type: string, createdAt: number): string {
  const data = type === 'realtime.call.incoming' ? { call_id: 'rtc_test', sip_headers: [] } : { id: SAMPLE_IDS[type.split('.')[0]!] };
  return JSON.stringify({ id: ids.webhookEvent(), object: 'event', created_at: createdAt, type, data });
}

/**
 * Sends one sample event to `endpoint` now, signed with its secret, and tells how the receiver answered: what
 * openai-node's `webhooks.test()` waits for (signed with the previous secret too while it is kept). Not retried and not listed with the deliveries, since it is no event.
 */
export function sendSampleEvent(endpoint: RegisteredEndpoint, type: string, timeoutMs: number, jobNowMs: number): Promise<AttemptResult> {
  const sentAt = new Date(realClock.epochMs());
  const id = ids.webhookMessage();
  const body = sampleEventBody(type, Math.floor(sentAt.getTime() / 1000));
  const headers = {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
    'webhook-signature': [
      endpoint.secret,
      ...(endpoint.previousSecret && jobNowMs < endpoint.previousSecret.untilMs ? [endpoint.previousSecret.secret] : []),
    ]
      .map((secret) => new Webhook(secret).sign(id, sentAt, body))
      .join(' '),
  };
  return sendAttempt(endpoint.url, body, headers, timeoutMs);
}
