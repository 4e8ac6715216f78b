import test from 'ava';
import { APIError } from 'openai';
import type { JournalEntry } from '../journal/index.ts';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { ManualClock, settle } from './index.ts';

/** 2030-01-01T00:00:00Z: far from the machine's own time, so an answer dated by the machine's clock shows. */
const EPOCH_MS = Date.UTC(2030, 0, 1);
const EPOCH_S = EPOCH_MS / 1000;

/** Lets the request reach its wait on the clock: bounded in turns of the event loop, never in time. */
async function untilWaiting(clock: ManualClock): Promise<void> {
  for (let turn = 0; turn < 20_000; turn++) {
    if (clock.timers > 0) return;
    await settle();
  }
  throw new Error('the request never waited on the simulator’s clock');
}

test('a manual clock drives latency, a rule sequence, an incident window, `created` and the journal, with no sleep', async (t) => {
  const clock = new ManualClock({ epochMs: EPOCH_MS });
  const sim = await startTestSimulator(t, {
    clock,
    scenarios: {
      deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06', latency: { ttft: 2000, itl: 0 } } },
      scenarios: [
        {
          name: 'greeting',
          match: { lastUserMessage: { contains: 'hello' } },
          sequence: { responses: [{ content: 'first' }, { template: 'second at {{ timestamp }}' }] },
        },
      ],
      incidents: [{ name: 'outage', phases: [{ from: '10s', to: '20s', fault: { kind: 'status', status: 503 } }] }],
    },
  });
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const ask = () => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] });

  // at 0 s: the answer waits for its 2 s TTFT on the simulated clock, and is dated by it
  const first = ask();
  await untilWaiting(clock);
  await clock.advance(2000);
  const answer = await first;
  t.is(answer.choices[0]?.message.content, 'first');
  t.is(answer.created, EPOCH_S);

  // at 12 s: inside the incident's window, refused at once
  await clock.advanceTo(12_000);
  const refused = await t.throwsAsync(ask(), { instanceOf: APIError });
  t.is(refused.status, 503);

  // at 20 s: the window is over, and the sequence goes on where it was
  await clock.advanceTo(20_000);
  const second = ask();
  await untilWaiting(clock);
  await clock.advance(2000);
  const next = await second;
  t.is(next.choices[0]?.message.content, `second at ${EPOCH_S + 20}`);
  t.is(next.created, EPOCH_S + 20);

  const { entries } = (await (await fetch(`${sim.url}/__sim/journal`)).json()) as { entries: JournalEntry[] };
  t.deepEqual(
    entries.map((entry) => [entry.time, entry.status, entry.latency.totalMs]),
    [
      [new Date(EPOCH_MS).toISOString(), 200, 2000],
      [new Date(EPOCH_MS + 12_000).toISOString(), 503, 0],
      [new Date(EPOCH_MS + 20_000).toISOString(), 200, 2000],
    ],
  );
});
