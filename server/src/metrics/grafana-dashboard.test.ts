import test from 'ava';
import { readFile } from 'node:fs/promises';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { withinOneMinute } from '../test-support/one-minute.ts';
import { parseExposition } from './parse-exposition.ts';

/*
 * deploy/grafana/aoai-sim.json queries the simulator's /metrics: every series it names, and every label it sums
 * by, must be in what a simulator that served some traffic exposes, or a panel stays empty without a word.
 */

const DASHBOARD = new URL('../../../deploy/grafana/aoai-sim.json', import.meta.url);

interface Panel {
  title: string;
  targets: Array<{ expr: string }>;
}

async function queries(): Promise<Array<{ panel: string; expr: string }>> {
  const dashboard = JSON.parse(await readFile(DASHBOARD, 'utf8')) as {
    panels: Panel[];
    templating: { list: Array<{ definition?: string }> };
  };
  const fromPanels = dashboard.panels.flatMap((panel) => panel.targets.map(({ expr }) => ({ panel: panel.title, expr })));
  const fromVariables = dashboard.templating.list.flatMap((variable) =>
    variable.definition ? [{ panel: 'variables', expr: variable.definition }] : [],
  );
  return [...fromPanels, ...fromVariables];
}

test('every series and label the Grafana dashboard queries is in the simulator’s /metrics', async (t) => {
  const sim = await startTestSimulator(t, {
    scenarios: {
      deployments: {
        'gpt-4o': { model: 'gpt-4o-2024-08-06', rateLimit: { tpm: 1_000, rpm: 600, window: 'per-minute' } },
        // a provisioned deployment: its utilization is a series of its own
        ptu: { model: 'gpt-4o-2024-08-06', rateLimit: { ptu: 1 } },
      },
      scenarios: [{ name: 'greeting', respond: { content: 'Hello.' } }],
    },
  });
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  // an answer, a stream, a fault, and a refusal by the token quota: each makes its series appear (the quota's
  // requests counted in one per-minute window)
  await withinOneMinute();
  const stream = await client.chat.completions.create({
    model: 'gpt-4o',
    stream: true,
    max_tokens: 50,
    messages: [{ role: 'user', content: 'hi' }],
  });
  for await (const _chunk of stream);
  const armed = await fetch(`${sim.url}/__sim/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fault: { kind: 'status', status: 503 } }),
  });
  t.is(armed.status, 200);
  for (let i = 0; i < 3; i++) {
    await client.chat.completions
      .create({ model: 'gpt-4o', max_tokens: 900, messages: [{ role: 'user', content: 'hi' }] })
      .catch(() => undefined);
  }
  const exposition = parseExposition(await (await fetch(`${sim.url}/metrics`)).text());
  const labelsOf = new Map<string, Set<string>>();
  for (const sample of exposition.samples) {
    const labels = labelsOf.get(sample.name) ?? new Set();
    for (const label of Object.keys(sample.labels)) labels.add(label);
    labelsOf.set(sample.name, labels);
  }

  const checked = new Set<string>();
  for (const { panel, expr } of await queries()) {
    const names = expr.match(/aoai_sim_[a-z_]+/g) ?? [];
    t.true(names.length > 0, `${panel}: ${expr} names no aoai-sim series`);
    for (const name of names) {
      checked.add(name);
      t.true(labelsOf.has(name), `${panel}: ${name} is not in /metrics`);
    }
    // `by (a, b) (rate(name…` and `label_values(name, label)`: the labels must be on that series
    for (const [, by, name] of expr.matchAll(/by \(([^)]*)\) \((?:rate\()?(aoai_sim_[a-z_]+)/g)) {
      for (const label of by!.split(',').map((each) => each.trim())) {
        t.true(labelsOf.get(name!)?.has(label), `${panel}: ${name} has no label ${label}`);
      }
    }
    for (const [, name, label] of expr.matchAll(/label_values\((aoai_sim_[a-z_]+), ([a-z_]+)\)/g)) {
      t.true(labelsOf.get(name!)?.has(label!), `${panel}: ${name} has no label ${label}`);
    }
  }
  // the dashboard covers what the issue asks for: quota use and limits, 429s by reason, latency histograms, streams, journal drops
  for (const name of [
    'aoai_sim_prompt_tokens_total',
    'aoai_sim_quota_limit',
    'aoai_sim_quota_used',
    'aoai_sim_quota_remaining',
    'aoai_sim_ptu_utilization_ratio',
    'aoai_sim_rate_limited_total',
    'aoai_sim_ttft_seconds_bucket',
    'aoai_sim_request_duration_seconds_bucket',
    'aoai_sim_streams_in_flight',
    'aoai_sim_journal_dropped_total',
  ]) {
    t.true(checked.has(name), `the dashboard queries ${name}`);
  }
});
