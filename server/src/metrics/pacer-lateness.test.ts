import test from 'ava';
import { Registry } from 'prom-client';
import { join } from 'node:path';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';
import { describeBehind, PACER_WARN_EVERY_MS, PACER_WINDOW_MS, PacerLateness, type PacerBehind } from './pacer-lateness.ts';
import { parseExposition, sampleValue } from './parse-exposition.ts';

async function scrape(registry: Registry) {
  return parseExposition(await registry.metrics());
}

test('lateness is a histogram in seconds, first tokens and gaps apart', async (t) => {
  const registry = new Registry();
  const lateness = new PacerLateness(registry);
  lateness.observe(true, 30, 0);
  lateness.observe(false, 0.5, 1);
  lateness.observe(false, 3, 2);
  lateness.observe(false, -1, 3); // never early in practice; counted as on time
  const e = await scrape(registry);
  t.is(sampleValue(e, 'aoai_sim_pacer_lateness_seconds_count', { kind: 'ttft' }), 1);
  t.is(sampleValue(e, 'aoai_sim_pacer_lateness_seconds_bucket', { kind: 'ttft', le: '0.025' }), 0);
  t.is(sampleValue(e, 'aoai_sim_pacer_lateness_seconds_bucket', { kind: 'ttft', le: '0.05' }), 1);
  t.is(sampleValue(e, 'aoai_sim_pacer_lateness_seconds_count', { kind: 'gap' }), 3);
  t.is(sampleValue(e, 'aoai_sim_pacer_lateness_seconds_bucket', { kind: 'gap', le: '0.001' }), 2);
  t.is(sampleValue(e, 'aoai_sim_pacer_lateness_seconds_bucket', { kind: 'gap', le: '0.005' }), 3);
  t.is(sampleValue(e, 'aoai_sim_pacer_lateness_seconds_sum', { kind: 'gap' }), 0.0035);
  lateness.reset();
  t.is(sampleValue(await scrape(registry), 'aoai_sim_pacer_lateness_seconds_count', { kind: 'gap' }), undefined);
});

/** `count` gaps in one window from `start`, `late` of them 40 ms late, the rest on time; then one to close it. */
function window(lateness: PacerLateness, start: number, count: number, late: number): void {
  for (let i = 0; i < count; i++) lateness.observe(false, i < late ? 40 : 0.2, start + (i * (PACER_WINDOW_MS - 1)) / count);
}

test('a window with more than 1% of its chunks over 25 ms late warns, at most once per 30 s', (t) => {
  const lateness = new PacerLateness(new Registry());
  const warnings: Array<[number, PacerBehind]> = [];
  let now = 0;
  lateness.onBehind((behind) => void warnings.push([now, behind]));
  const run = (late: number) => {
    window(lateness, now, 1_000, late);
    now += PACER_WINDOW_MS;
  };
  run(0); // the first window opens at the first observation
  run(10); // 1%: not over
  t.is(warnings.length, 0);
  run(0); // closes the window before, which was not behind
  t.is(warnings.length, 0);
  run(20); // 2%
  run(20); // closing the 2% window warns
  t.is(warnings.length, 1);
  const [, behind] = warnings[0]!;
  t.is(behind.gap.items, 1_000);
  t.is(behind.gap.lateShare, 0.02);
  t.is(behind.thresholdMs, 25);
  t.regex(describeBehind(behind), /2\.0% of 1,000 chunks went out more than 25 ms after they were due.*fewer concurrent streams/);
  for (let i = 0; i < PACER_WARN_EVERY_MS / PACER_WINDOW_MS; i++) run(50);
  t.is(warnings.length, 2, 'behind all along: warned again once 30 s had passed');
  t.true(warnings[1]![0] - warnings[0]![0] >= PACER_WARN_EVERY_MS);
});

test('a window with too few streamed items to judge does not warn', (t) => {
  const lateness = new PacerLateness(new Registry());
  let warned = 0;
  lateness.onBehind(() => warned++);
  window(lateness, 0, 50, 50);
  window(lateness, PACER_WINDOW_MS, 50, 50);
  window(lateness, 2 * PACER_WINDOW_MS, 50, 50);
  t.is(warned, 0);
});

test('a paced stream read through the openai SDK shows in the pacer lateness, its first token apart', async (t) => {
  const dir = await tempTree(t, {
    'scenarios.yaml': yaml`
      deployments:
        paced: { model: gpt-4o-2024-08-06, latency: { ttft: 50, itl: 5 } }
    `,
  });
  const sim = await startTestSimulator(t, { scenarios: join(dir, 'scenarios.yaml') });
  const stream = await azureClient(sim, { deployment: 'paced' }).chat.completions.create({
    model: 'paced',
    messages: [{ role: 'user', content: 'Hello' }],
    max_tokens: 8,
    stream: true,
  });
  let contents = 0;
  for await (const chunk of stream) if (chunk.choices[0]?.delta.content) contents++;
  t.is(contents, 8);
  const e = parseExposition(await (await fetch(`${sim.url}/metrics`)).text());
  t.is(sampleValue(e, 'aoai_sim_pacer_lateness_seconds_count', { kind: 'ttft' }), 1);
  t.is(sampleValue(e, 'aoai_sim_pacer_lateness_seconds_count', { kind: 'gap' }), 7);
});
