import test from 'ava';
import OpenAI from 'openai';
import { JobClock, ManualClock } from '../clock/index.ts';
import { resolveWebhooks, type ResolvedWebhooks } from '../config/resolve-config.ts';
import type { WebhookEndpoint } from '../generated/scenarios.ts';
import { JobEvents, type JobEventType } from '../jobs/job-events.ts';
import { startWebhookReceiver, WEBHOOK_SECRET, type ReceiverAnswer } from '../test-support/webhook-receiver.ts';
import { WebhookAttemptLog } from './attempt-log.ts';
import { WebhookDeliveries } from './webhook-deliveries.ts';

/** The judge: the openai SDK's own verification, as a receiver would run it. */
const judge = new OpenAI({ apiKey: 'unused', webhookSecret: WEBHOOK_SECRET });

/** Deliveries on a job clock that only moves when told: every attempt runs inside `jobs.advance`, awaited. */
function deliveries(endpoints: WebhookEndpoint[], settings: Partial<ResolvedWebhooks> = {}) {
  const jobs = new JobClock(new ManualClock());
  const events = new JobEvents();
  const log = new WebhookAttemptLog(100);
  new WebhookDeliveries(jobs, () => ({ ...resolveWebhooks({ endpoints }), ...settings }), log).listen(events);
  const emit = (type: JobEventType, id: string) => events.emit({ type, id, createdAt: 1_900_000_000, resource: 'default' });
  return { jobs, log, emit };
}

test('batch events emitted on the job events bus reach the endpoints that list them, and verify with webhooks.unwrap', async (t) => {
  const completions = await startWebhookReceiver(t);
  const everything = await startWebhookReceiver(t);
  const { jobs, log, emit } = deliveries([
    { name: 'completions', url: completions.url, secret: WEBHOOK_SECRET, events: ['batch.completed'] },
    {
      name: 'everything',
      url: everything.url,
      secret: WEBHOOK_SECRET,
      events: ['batch.completed', 'batch.failed', 'batch.expired', 'batch.cancelled'],
    },
  ]);
  emit('batch.completed', 'batch_1');
  emit('batch.failed', 'batch_2');
  emit('batch.expired', 'batch_3');
  emit('batch.cancelled', 'batch_4');
  await jobs.advance(0);

  t.is(completions.received.length, 1);
  const [only] = completions.received;
  const event = await judge.webhooks.unwrap(only!.body, only!.headers as Record<string, string>);
  t.like(event, { object: 'event', type: 'batch.completed', created_at: 1_900_000_000, data: { id: 'batch_1' } });
  t.regex(event.id, /^evt_[0-9a-f]{32}$/);
  t.regex(String(only!.headers['webhook-id']), /^wh_[0-9a-f]{32}$/);

  const types = [];
  for (const delivery of everything.received)
    types.push((await judge.webhooks.unwrap(delivery.body, delivery.headers as Record<string, string>)).type);
  t.deepEqual(types.sort(), ['batch.cancelled', 'batch.completed', 'batch.expired', 'batch.failed']);
  t.deepEqual(log.totals, { delivered: 5, failed: 0, dropped: 0 });
  const bothSent = everything.received.find((delivery) => delivery.body.includes('batch_1'))!;
  t.is(JSON.parse(bothSent.body).id, event.id, 'one event, one id, at every endpoint');
  t.not(bothSent.headers['webhook-id'], only!.headers['webhook-id'], 'each endpoint’s message has its own webhook-id');
});

test('a delivery signed with another secret fails webhooks.unwrap', async (t) => {
  const receiver = await startWebhookReceiver(t);
  const { jobs, emit } = deliveries([{ url: receiver.url, secret: WEBHOOK_SECRET, events: ['batch.completed'] }]);
  emit('batch.completed', 'batch_1');
  await jobs.advance(0);
  const [delivery] = receiver.received;
  const other = `whsec_${Buffer.alloc(32, 8).toString('base64')}`;
  await t.throwsAsync(judge.webhooks.unwrap(delivery!.body, delivery!.headers as Record<string, string>, other), {
    instanceOf: OpenAI.InvalidWebhookSignatureError,
  });
});

test('a failed delivery is retried on the job clock after each delay of the schedule, with the same webhook-id, until it runs out', async (t) => {
  const receiver = await startWebhookReceiver(t, () => 503);
  const { jobs, log, emit } = deliveries([{ name: 'down', url: receiver.url, secret: WEBHOOK_SECRET, events: ['batch.failed'] }], {
    retryDelaysSeconds: [5, 300],
  });
  emit('batch.failed', 'batch_1');
  await jobs.advance(0);
  await jobs.advance(4_999);
  t.is(receiver.received.length, 1, 'not before its delay');
  await jobs.advance(1);
  t.is(receiver.received.length, 2);
  await jobs.advance(24 * 3600_000);
  t.is(receiver.received.length, 3, 'given up when the schedule runs out');
  t.is(new Set(receiver.received.map((delivery) => delivery.headers['webhook-id'])).size, 1);
  t.deepEqual(
    log.list().map((attempt) => [attempt.attempt, attempt.outcome, attempt.status, attempt.nextAttemptAt !== undefined]),
    [
      [1, 'failed', 503, true],
      [2, 'failed', 503, true],
      [3, 'failed', 503, false],
    ],
  );
  t.is(jobs.pending, 0);
});

test('a receiver that resets, hangs, refuses or answers without end fails its attempt and nothing else', async (t) => {
  const answers: ReceiverAnswer[] = ['reset', 'hang', { hugeBytes: 64 * 1024 * 1024 }];
  const receiver = await startWebhookReceiver(t, (index) => answers[index] ?? 200);
  const refused = await startWebhookReceiver(t);
  const closedUrl = refused.url;
  const { jobs, log, emit } = deliveries(
    [
      { name: 'misbehaving', url: receiver.url, secret: WEBHOOK_SECRET, events: ['batch.completed'] },
      { name: 'closed', url: closedUrl.replace(/:\d+\//, ':1/'), secret: WEBHOOK_SECRET, events: ['batch.completed'] },
    ],
    { timeoutMs: 300, retryDelaysSeconds: [] },
  );
  emit('batch.completed', 'batch_reset');
  await jobs.advance(0);
  emit('batch.completed', 'batch_hang');
  await jobs.advance(0);
  emit('batch.completed', 'batch_huge');
  await jobs.advance(0);
  const outcomes = log
    .list()
    .map((attempt) => [attempt.endpoint.name, attempt.event.dataId, attempt.outcome, attempt.status ?? attempt.error]);
  t.like(
    outcomes.filter(([name]) => name === 'misbehaving'),
    [
      ['misbehaving', 'batch_reset', 'failed'],
      ['misbehaving', 'batch_hang', 'failed', 'timeout'],
      ['misbehaving', 'batch_huge', 'delivered', 200],
    ],
  );
  t.true(outcomes.filter(([name]) => name === 'closed').every(([, , outcome]) => outcome === 'failed'));
});

test('past maxPending deliveries waiting, an event is dropped and listed so', async (t) => {
  const receiver = await startWebhookReceiver(t, () => 500);
  const { jobs, log, emit } = deliveries([{ url: receiver.url, secret: WEBHOOK_SECRET, events: ['video.completed'] }], {
    maxPending: 1,
    retryDelaysSeconds: [60],
  });
  emit('video.completed', 'video_1');
  await jobs.advance(0);
  emit('video.completed', 'video_2');
  await jobs.advance(120_000);
  emit('video.completed', 'video_3');
  await jobs.advance(0);
  t.deepEqual(
    log.list().map((attempt) => [attempt.event.dataId, attempt.attempt, attempt.outcome]),
    [
      ['video_1', 1, 'failed'],
      ['video_2', 0, 'dropped'],
      ['video_1', 2, 'failed'],
      ['video_3', 1, 'failed'],
    ],
  );
  t.deepEqual(log.totals, { delivered: 0, failed: 3, dropped: 1 });
});
