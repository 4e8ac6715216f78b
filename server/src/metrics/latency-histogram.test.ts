import test from 'ava';
import { Histogram, Registry } from 'prom-client';
import { LatencyHistogram } from './latency-histogram.ts';
import { LATENCY_BUCKETS_SECONDS } from './metric-names.ts';

/** The same observations in prom-client's Histogram and in a LatencyHistogram, each in a registry of its own. */
async function both(observations: Array<[deployment: string, value: number]>, reset = false) {
  const theirs = new Registry();
  const ours = new Registry();
  const options = { name: 'x_seconds', help: 'A latency.', labelNames: ['deployment', 'operation'] as const };
  const reference = new Histogram({ ...options, buckets: [...LATENCY_BUCKETS_SECONDS], registers: [theirs] });
  const histogram = new LatencyHistogram({ ...options, buckets: LATENCY_BUCKETS_SECONDS, registry: ours });
  for (const [deployment, value] of observations) {
    reference.labels(deployment, 'chat').observe(value);
    histogram.labels(deployment, 'chat').observe(value);
  }
  if (reset) {
    reference.reset();
    histogram.reset();
  }
  return {
    theirs: await theirs.metrics(),
    ours: await ours.metrics(),
    theirsJson: await theirs.getMetricsAsJSON(),
    oursJson: await ours.getMetricsAsJSON(),
  };
}

/** An exposition's lines, each line's labels in name order (prom-client writes `le` last, the histogram first). */
const normalized = (text: string) =>
  text
    .split('\n')
    .map((line) => line.replace(/\{([^}]*)\}/, (_, labels: string) => `{${labels.split(',').sort().join(',')}}`))
    .join('\n');

test("its exposition and JSON are prom-client's own Histogram's for the same observations", async (t) => {
  // on a bound, between bounds, past the last one, zero, and two label sets
  const { theirs, ours, theirsJson, oursJson } = await both([
    ['a', 0.005],
    ['a', 0.0051],
    ['a', 0.3],
    ['b', 75],
    ['a', 0],
    ['b', 1.2],
  ]);
  t.true(ours.includes('x_seconds_bucket{'), ours);
  t.is(normalized(ours), normalized(theirs));
  const samples = (json: typeof theirsJson) =>
    json[0]!.values
      .map((v) => `${(v as { metricName?: string }).metricName} ${JSON.stringify(Object.entries(v.labels).sort())} ${v.value}`)
      .sort();
  t.deepEqual(samples(oursJson), samples(theirsJson));
});

test('after a reset, no series shows until it is observed again, and a series object kept from before still counts', async (t) => {
  const { theirs, ours } = await both([['a', 0.1]], true);
  t.is(normalized(ours), normalized(theirs));
  t.false(ours.includes('x_seconds_bucket'));

  const registry = new Registry();
  const histogram = new LatencyHistogram({ name: 'y_seconds', help: 'h', labelNames: ['deployment'] as const, buckets: [1], registry });
  const kept = histogram.labels('a');
  kept.observe(0.5);
  histogram.reset();
  kept.observe(2);
  t.is(histogram.labels('a'), kept);
  const text = await registry.metrics();
  t.regex(text, /y_seconds_bucket\{deployment="a",le="1"\} 0\n/);
  t.regex(text, /y_seconds_bucket\{deployment="a",le="\+Inf"\} 1\n/);
  t.regex(text, /y_seconds_sum\{deployment="a"\} 2\n/);
});

test('label values must match the label names', (t) => {
  const histogram = new LatencyHistogram({ name: 'z', help: 'h', labelNames: ['a', 'b'] as const, buckets: [1], registry: new Registry() });
  t.throws(() => histogram.labels('only one'), { instanceOf: RangeError });
});

test('its totals over every label set are what its _bucket samples sum to, bound by bound, without building them', async (t) => {
  const registry = new Registry();
  const histogram = new LatencyHistogram({
    name: 'w_seconds',
    help: 'h',
    labelNames: ['deployment'] as const,
    buckets: [0.1, 1],
    registry,
  });
  t.deepEqual(histogram.totals(), { bounds: [0.1, 1, Infinity], cumulative: [0, 0, 0] });
  histogram.labels('a').observe(0.05);
  histogram.labels('a').observe(0.5);
  histogram.labels('b').observe(0.1);
  histogram.labels('b').observe(7);
  const summed = new Map<string, number>();
  for (const sample of (await registry.getMetricsAsJSON())[0]!.values as Array<{
    labels: { le?: string | number };
    value: number;
    metricName?: string;
  }>) {
    if (sample.metricName !== 'w_seconds_bucket') continue;
    summed.set(String(sample.labels.le), (summed.get(String(sample.labels.le)) ?? 0) + sample.value);
  }
  t.deepEqual(histogram.totals(), { bounds: [0.1, 1, Infinity], cumulative: [summed.get('0.1'), summed.get('1'), summed.get('+Inf')] });
  t.deepEqual(histogram.totals().cumulative, [2, 3, 4]);
  histogram.reset();
  t.deepEqual(histogram.totals().cumulative, [0, 0, 0]);
});
