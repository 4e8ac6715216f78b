import test from 'ava';
import type { MetricsReading } from './metrics-reading.ts';
import { intervalRates, quantile } from './rates.ts';

const BOUNDS = [0.1, 0.5, 1, Infinity];

function reading(atMs: number, fields: Partial<MetricsReading>): MetricsReading {
  const empty = { bounds: BOUNDS, cumulative: [0, 0, 0, 0] };
  return { atMs, rateLimited: {}, byStatus: {}, byDeployment: {}, ttft: empty, total: empty, streams: 0, ...fields };
}

test('quantiles interpolate inside the bucket the rank falls in, as histogram_quantile does', (t) => {
  // 10 in (0, 0.1], 10 in (0.1, 0.5]
  t.is(quantile(0.5, BOUNDS, [10, 20, 20, 20]), 0.1);
  t.true(Math.abs(quantile(0.75, BOUNDS, [10, 20, 20, 20]) - 0.3) < 1e-9);
  // a rank past the last finite bound answers that bound
  t.is(quantile(0.99, BOUNDS, [0, 0, 1, 2]), 1);
});

test('rates are per second over the interval, 429s apart from other errors, latencies of that interval only', (t) => {
  const before = reading(1_000, {
    byStatus: { '200': 10, '429': 1, '503': 2 },
    rateLimited: { requests: 1 },
    total: { bounds: BOUNDS, cumulative: [100, 100, 100, 100] },
  });
  const now = reading(3_000, {
    byStatus: { '200': 14, '429': 5, '503': 6, '0': 2 },
    rateLimited: { requests: 3, tokens: 2 },
    total: { bounds: BOUNDS, cumulative: [100, 104, 104, 104] },
    streams: 3,
  });
  const rates = intervalRates(before, now);
  t.is(rates.seconds, 2);
  t.deepEqual(rates.rateLimited, { tokens: 1, requests: 1 });
  t.deepEqual(rates.errors, { '0': 1, '503': 2 });
  // the 100 fast requests before the interval do not pull its percentiles down
  t.true(rates.totalMs!.p50 > 100);
  t.is(rates.ttftMs, null);
  t.is(rates.streams, 3);
});

test('a total lower than before (metrics reset) counts what came since', (t) => {
  const rates = intervalRates(reading(0, { byStatus: { '500': 50 } }), reading(1_000, { byStatus: { '500': 3 } }));
  t.deepEqual(rates.errors, { '500': 3 });
});
