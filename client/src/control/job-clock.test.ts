import test from 'ava';
import { AzureOpenAI, NotFoundError, toFile } from 'openai';
import { AoaiSim } from '../in-process.ts';
import { AoaiSimControlError } from './index.ts';

const SCENARIOS = { deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } } };

test('advanceClock moves the job clock on: a file kept for an hour is gone once the hour has passed', async (t) => {
  await using sim = await AoaiSim.startInProcess({ scenarios: SCENARIOS, logLevel: 'silent' });
  const client = new AzureOpenAI({ ...sim.getClientOptions('gpt-4o'), maxRetries: 0 });
  const file = await client.files.create({
    file: await toFile(Buffer.from('{"custom_id":"1"}\n'), 'in.jsonl'),
    purpose: 'batch',
    expires_after: { anchor: 'created_at', seconds: 3600 },
  });
  t.is(file.expires_at, file.created_at + 3600);
  const before = await sim.control.clock();
  t.like(before, { speed: 1, advancedMs: 0 });

  const moved = await sim.control.advanceClock(3599_000);
  t.like(moved, { advancedByMs: 3599_000, advancedMs: 3599_000 });
  t.true(Date.parse(moved.time) - Date.parse(before.time) >= 3599_000);
  t.is((await client.files.retrieve(file.id)).id, file.id, 'a second before it expires, it is still there');

  await sim.control.advanceClock(1000);
  await t.throwsAsync(client.files.retrieve(file.id), { instanceOf: NotFoundError });
  const later = await client.files.create({ file: await toFile(Buffer.from('{}\n'), 'later.jsonl'), purpose: 'batch' });
  t.true(later.created_at >= file.created_at + 3600, 'what is made after an advance is dated by the job clock');
});

test('an advance that is not a number of milliseconds from 0 to a year is refused, and the clock stays put', async (t) => {
  await using sim = await AoaiSim.startInProcess({ scenarios: SCENARIOS, logLevel: 'silent' });
  for (const ms of [-1, Number.NaN, 400 * 24 * 3600_000, '60000' as unknown as number]) {
    const refused = await t.throwsAsync(sim.control.advanceClock(ms), { instanceOf: AoaiSimControlError });
    t.is(refused.status, 400);
    t.regex(refused.message, /"ms"/);
  }
  t.is((await sim.control.clock()).advancedMs, 0);
});

test('server.clock.speed runs the job clock faster than real time', async (t) => {
  await using sim = await AoaiSim.startInProcess({ scenarios: { ...SCENARIOS, server: { clock: { speed: 3600 } } }, logLevel: 'silent' });
  const first = await sim.control.clock();
  t.is(first.speed, 3600);
  // a real millisecond or more passes between the two reads: 3.6 s or more of job time
  await new Promise((resolve) => setTimeout(resolve, 5));
  const second = await sim.control.clock();
  t.true(second.epochMs - first.epochMs >= 3600 * 5 - 1);
});
