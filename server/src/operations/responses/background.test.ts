import test from 'ava';
import { ManualClock, settle } from '../../clock/index.ts';
import { azureClient, PREVIEW_API_VERSION, v1Client } from '../../test-support/clients.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';

const EPOCH_MS = Date.UTC(2030, 0, 1);
const TTFT = 1000;
const ITL = 10;

/** Lets a request reach its wait on the clock: bounded in turns of the event loop, never in time. */
async function untilWaiting(clock: ManualClock): Promise<void> {
  for (let turn = 0; turn < 20_000; turn++) {
    if (clock.timers > 0) return;
    await settle();
  }
  throw new Error('the request never waited on the simulator’s clock');
}

/** A simulator on a manual clock whose gpt-4o takes 1 s to its first token and 10 ms per token after. */
async function slowSimulator(t: Parameters<typeof startTestSimulator>[0]) {
  const clock = new ManualClock({ epochMs: EPOCH_MS });
  const sim = await startTestSimulator(t, {
    clock,
    scenarios: { deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06', latency: { ttft: TTFT, itl: ITL } } } },
  });
  return { clock, sim };
}

test('a background response is queued, then in progress, then completed on the simulator clock, polled with retrieve', async (t) => {
  const { clock, sim } = await slowSimulator(t);
  const client = azureClient(sim, { apiVersion: PREVIEW_API_VERSION });
  const created = await client.responses.create({ model: 'gpt-4o', input: 'Write a long essay about tides.', background: true });
  t.is(created.status, 'queued');
  t.true(created.background);
  t.deepEqual(created.output, []);
  t.falsy(created.usage);
  t.is((await client.responses.retrieve(created.id)).status, 'queued');

  await clock.advanceTo(TTFT);
  const running = await client.responses.retrieve(created.id);
  t.is(running.status, 'in_progress');
  t.deepEqual(running.output, []);

  // done after TTFT + tokens × ITL: the output's tokens tell when
  await clock.advanceTo(60_000);
  const done = await client.responses.retrieve(created.id);
  t.is(done.status, 'completed');
  t.true(done.output_text.length > 0);
  const doneAtMs = TTFT + done.usage!.output_tokens * ITL;
  t.is(done.completed_at, Math.floor((EPOCH_MS + doneAtMs) / 1000));
  t.is(done.created_at, EPOCH_MS / 1000);
});

test('cancel stops a running background response; a finished, synchronous or unknown one gets the service errors', async (t) => {
  const { clock, sim } = await slowSimulator(t);
  const client = v1Client(sim);
  const running = await client.responses.create({ model: 'gpt-4o', input: 'Count slowly to a hundred.', background: true });
  await clock.advanceTo(TTFT + ITL);
  const cancelled = await client.responses.cancel(running.id);
  t.is(cancelled.status, 'cancelled');
  t.deepEqual(cancelled.output, []);
  await clock.advanceTo(60_000);
  t.is((await client.responses.retrieve(running.id)).status, 'cancelled', 'it never completes');
  t.is((await client.responses.cancel(running.id)).status, 'cancelled', 'cancelling twice answers it again');

  const finished = await client.responses.create({ model: 'gpt-4o', input: 'Hi', background: true });
  await clock.advance(60_000);
  const post = (id: string) => fetch(`${sim.url}/openai/v1/responses/${id}/cancel`, { method: 'POST', headers: { 'api-key': 'k' } });
  const error = (status: number, message: string) => ({
    status,
    body: { error: { message, type: 'invalid_request_error', param: null, code: null } },
  });
  const answer = async (response: Response) => ({ status: response.status, body: (await response.json()) as unknown });
  t.deepEqual(await answer(await post(finished.id)), error(400, 'Cannot cancel a completed response.'));

  const synchronous = client.responses.create({ model: 'gpt-4o', input: 'Hi' });
  await untilWaiting(clock);
  await clock.advance(60_000);
  t.deepEqual(await answer(await post((await synchronous).id)), error(400, 'Cannot cancel a synchronous response.'));
  t.deepEqual(await answer(await post('resp_nope')), error(404, "Response with id 'resp_nope' not found."));
});

test('background with store false is refused as the service refuses it', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { apiVersion: PREVIEW_API_VERSION });
  const refused = await t.throwsAsync(client.responses.create({ model: 'gpt-4o', input: 'Hi', background: true, store: false }));
  t.like(refused, { status: 400, param: 'background', code: 'unsupported_parameter' });
});

test('a background stream can be resumed with starting_after: the events after that number, the same ones', async (t) => {
  const sim = await startTestSimulator(t);
  const client = v1Client(sim);
  const stream = await client.responses.create({ model: 'gpt-4o', input: 'Tell me about harbours.', background: true, stream: true });
  const sent = [];
  for await (const event of stream) sent.push(event);
  t.deepEqual(
    sent.slice(0, 3).map((event) => [event.type, event.sequence_number]),
    [
      ['response.created', 0],
      ['response.queued', 1],
      ['response.in_progress', 2],
    ],
  );
  const created = sent[0]?.type === 'response.created' ? sent[0].response : undefined;
  t.is(created?.status, 'queued');
  t.is(sent.at(-1)?.type, 'response.completed');

  const resumed = [];
  for await (const event of await client.responses.retrieve(created!.id, { stream: true, starting_after: 3 })) resumed.push(event);
  t.deepEqual(resumed, sent.slice(4));

  const synchronous = await client.responses.create({ model: 'gpt-4o', input: 'Hi' });
  const refused = await t.throwsAsync(client.responses.retrieve(synchronous.id, { stream: true }));
  t.like(refused, { status: 400, param: 'stream' });
});

test('a background stream resumed while it runs keeps pace with the run on the simulator clock', async (t) => {
  const { clock, sim } = await slowSimulator(t);
  const client = v1Client(sim);
  const stream = await client.responses.create({ model: 'gpt-4o', input: 'Tell me about lighthouses.', background: true, stream: true });
  let id = '';
  for await (const event of stream) {
    if (event.type === 'response.created') id = event.response.id;
    break;
  }
  await clock.advanceTo(TTFT);
  t.is((await client.responses.retrieve(id)).status, 'in_progress');

  const resumed: string[] = [];
  const reading = (async () => {
    for await (const event of await client.responses.retrieve(id, { stream: true, starting_after: 1 })) resumed.push(event.type);
  })();
  for (let turn = 0; turn < 20_000 && !resumed.includes('response.in_progress'); turn++) await settle();
  t.is(resumed[0], 'response.in_progress', 'what is due is sent at once');
  t.is((await client.responses.retrieve(id)).status, 'in_progress');
  t.false(resumed.includes('response.completed'), 'the end waits for the end of the run');

  await clock.advanceTo(60_000);
  await reading;
  t.is(resumed.at(-1), 'response.completed');
  t.is((await client.responses.retrieve(id)).status, 'completed');
});

/** A simulator on the process's clock whose gpt-4o takes ten minutes to its first token and a second per token. */
async function jobClockSimulator(t: Parameters<typeof startTestSimulator>[0]) {
  const sim = await startTestSimulator(t, {
    scenarios: { deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06', latency: { ttft: 600_000, itl: 1000 } } } },
  });
  const advance = async (ms: number) => {
    const moved = await fetch(`${sim.url}/__sim/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ms }),
    });
    return (await moved.json()) as { epochMs: number };
  };
  return { sim, advance };
}

test('a background response runs on the job clock: advanceClock takes it from queued to completed', async (t) => {
  const { sim, advance } = await jobClockSimulator(t);
  const client = v1Client(sim);
  // a day ahead of the process's clock, so that a time taken from it shows
  const { epochMs: dayAhead } = await advance(24 * 3600_000);
  const created = await client.responses.create({ model: 'gpt-4o', input: 'Write a long essay about tides.', background: true });
  t.is(created.status, 'queued');
  t.true(created.created_at >= Math.floor(dayAhead / 1000), 'created at the job clock’s time');
  t.is((await client.responses.retrieve(created.id)).status, 'queued');

  await advance(600_000);
  const running = await client.responses.retrieve(created.id);
  t.is(running.status, 'in_progress');
  t.deepEqual(running.output, []);

  await advance(24 * 3600_000);
  const done = await client.responses.retrieve(created.id);
  t.is(done.status, 'completed');
  t.true(done.output_text.length > 0);
  const runSeconds = (600_000 + done.usage!.output_tokens * 1000) / 1000;
  t.true(Math.abs(done.completed_at! - created.created_at - runSeconds) <= 1, 'completed when its run ended on the job clock');
});

test('a background response in progress on the job clock can be cancelled, and never completes after', async (t) => {
  const { sim, advance } = await jobClockSimulator(t);
  const client = azureClient(sim, { apiVersion: PREVIEW_API_VERSION });
  const created = await client.responses.create({ model: 'gpt-4o', input: 'Count slowly to a hundred.', background: true });
  await advance(600_000);
  t.is((await client.responses.retrieve(created.id)).status, 'in_progress');
  const cancelled = await client.responses.cancel(created.id);
  t.is(cancelled.status, 'cancelled');
  await advance(24 * 3600_000);
  t.is((await client.responses.retrieve(created.id)).status, 'cancelled');
});
