import test from 'ava';
import { readFile } from 'node:fs/promises';
import {
  LATENCY_BUCKETS_SECONDS,
  METRIC_NAMES,
  parseExposition,
  sampleValue,
  SimMetrics,
  type Exposition,
  type ResourceLabels,
  type SeriesAddress,
} from './index.ts';

async function scrape(metrics: SimMetrics): Promise<Exposition> {
  return parseExposition((await metrics.render()).body);
}

const OWN: ResourceLabels = { name: 'default', region: 'East US' };

/** Where a request to `deployment` on `resource` is counted, as a turn's Identity tells it (undefined: none known). */
function at(deployment: string | undefined, resource: ResourceLabels = OWN): SeriesAddress {
  return { resource, deployment, deploymentKey: deployment === undefined ? undefined : `${resource.name}/${deployment}` };
}

/** The labels of a series of `deployment` on `resource`, with the rest given. */
function on(deployment: string, rest: Record<string, string> = {}, resource: ResourceLabels = OWN): Record<string, string> {
  return { resource: resource.name, region: resource.region, deployment, ...rest };
}

/** The resource and region labels of a series past the cap of resource and deployment pairs. */
const PAST_CAP: ResourceLabels = { name: '(other)', region: '(other)' };

const chat = on('gpt-4o', { operation: 'chat' });
const gpt4o = at('gpt-4o');

/** The cumulative bucket counts a histogram series shows, le by le. */
function buckets(exposition: Exposition, name: string, labels: Record<string, string>): Record<string, number | undefined> {
  const les = [...LATENCY_BUCKETS_SECONDS.map(String), '+Inf'];
  return Object.fromEntries(les.map((le) => [le, sampleValue(exposition, `${name}_bucket`, { ...labels, le })]));
}

/** Expected cumulative counts from the observations in seconds (bounds are inclusive, as Prometheus's le). */
function cumulative(observations: number[]): Record<string, number> {
  const les = [...LATENCY_BUCKETS_SECONDS, Infinity];
  return Object.fromEntries(les.map((le) => [le === Infinity ? '+Inf' : String(le), observations.filter((o) => o <= le).length]));
}

test('a scripted run: every counter and histogram shows exactly what was observed', async (t) => {
  const metrics = new SimMetrics();
  // Milliseconds chosen to be exact in binary seconds, so sums compare exactly.
  metrics.observeRequest(gpt4o, { operation: 'chat', status: 200, promptTokens: 12, completionTokens: 30, ttftMs: 125, totalMs: 500 });
  metrics.observeRequest(gpt4o, { operation: 'chat', status: 200, promptTokens: 8, completionTokens: 2, ttftMs: 250, totalMs: 2000 });
  metrics.observeRequest(gpt4o, { operation: 'chat', status: 429, totalMs: 5 });
  metrics.observeRequest(gpt4o, {
    operation: 'embeddings',
    status: 200,
    promptTokens: 100,
    completionTokens: 0,
    totalMs: 62.5,
  });
  metrics.observeRequest(at('mini'), { operation: 'chat', status: 500, ttftMs: 75_000, totalMs: 75_000 });
  metrics.observeRequest(at(undefined), { operation: '', status: 404, totalMs: 1 });
  metrics.rateLimited(gpt4o, 'tokens');
  metrics.rateLimited(gpt4o, 'tokens');
  metrics.rateLimited(gpt4o, 'requests');
  metrics.faultInjected(gpt4o, 'fault:s500');
  metrics.faultInjected(at('mini'), 'incident:outage');
  metrics.faultInjected(at('mini'), 'incident:outage');

  const e = await scrape(metrics);
  t.is(sampleValue(e, 'aoai_sim_requests_total', { ...chat, status: '200' }), 2);
  t.is(sampleValue(e, 'aoai_sim_requests_total', { ...chat, status: '429' }), 1);
  t.is(sampleValue(e, 'aoai_sim_requests_total', on('gpt-4o', { operation: 'embeddings', status: '200' })), 1);
  t.is(sampleValue(e, 'aoai_sim_requests_total', on('mini', { operation: 'chat', status: '500' })), 1);
  t.is(sampleValue(e, 'aoai_sim_requests_total', on('', { operation: '', status: '404' })), 1);
  t.is(e.samples.filter((s) => s.name === 'aoai_sim_requests_total').length, 5);

  t.is(sampleValue(e, 'aoai_sim_prompt_tokens_total', chat), 20);
  t.is(sampleValue(e, 'aoai_sim_completion_tokens_total', chat), 32);
  t.is(sampleValue(e, 'aoai_sim_prompt_tokens_total', on('gpt-4o', { operation: 'embeddings' })), 100);
  t.is(sampleValue(e, 'aoai_sim_completion_tokens_total', on('gpt-4o', { operation: 'embeddings' })), 0, 'a reported 0 is a series at 0');
  t.is(sampleValue(e, 'aoai_sim_prompt_tokens_total', on('mini', { operation: 'chat' })), undefined, 'no usage, no series');

  t.is(sampleValue(e, 'aoai_sim_rate_limited_total', on('gpt-4o', { reason: 'tokens' })), 2);
  t.is(sampleValue(e, 'aoai_sim_rate_limited_total', on('gpt-4o', { reason: 'requests' })), 1);
  t.is(sampleValue(e, 'aoai_sim_faults_injected_total', on('gpt-4o', { fault: 'fault:s500' })), 1);
  t.is(sampleValue(e, 'aoai_sim_faults_injected_total', on('mini', { fault: 'incident:outage' })), 2);

  t.deepEqual(buckets(e, 'aoai_sim_ttft_seconds', chat), cumulative([0.125, 0.25]));
  t.is(sampleValue(e, 'aoai_sim_ttft_seconds_sum', chat), 0.375);
  t.is(sampleValue(e, 'aoai_sim_ttft_seconds_count', chat), 2, 'the 429 sent no token and has no ttft');
  t.deepEqual(buckets(e, 'aoai_sim_request_duration_seconds', chat), cumulative([0.5, 2, 0.005]));
  t.is(sampleValue(e, 'aoai_sim_request_duration_seconds_sum', chat), 2.505);
  t.is(sampleValue(e, 'aoai_sim_request_duration_seconds_count', chat), 3);
  const mini = on('mini', { operation: 'chat' });
  t.like(buckets(e, 'aoai_sim_ttft_seconds', mini), { '60': 0, '+Inf': 1 }, 'past the last bucket is +Inf only');
  t.is(sampleValue(e, 'aoai_sim_ttft_seconds_bucket', { ...chat, le: '0.005' }), 0);
  t.is(sampleValue(e, 'aoai_sim_request_duration_seconds_bucket', { ...chat, le: '0.005' }), 1, 'a bucket bound is inclusive');
});

const EAST: ResourceLabels = { name: 'eastus', region: 'East US' };
const WEST: ResourceLabels = { name: 'westus', region: 'West US' };

test('two resources with a deployment of one name count apart, each under its region, for every per-request series', async (t) => {
  const metrics = new SimMetrics();
  const [east, west] = [at('gpt-4o', EAST), at('gpt-4o', WEST)];
  metrics.observeRequest(east, { operation: 'chat', status: 200, promptTokens: 10, completionTokens: 1, ttftMs: 125, totalMs: 250 });
  metrics.observeRequest(east, { operation: 'chat', status: 200, promptTokens: 10, completionTokens: 1, ttftMs: 125, totalMs: 250 });
  metrics.observeRequest(west, { operation: 'chat', status: 200, promptTokens: 7, completionTokens: 3, ttftMs: 500, totalMs: 1000 });
  metrics.observeRequest(west, { operation: 'chat', status: 429, totalMs: 1 });
  metrics.rateLimited(west, 'tokens');
  metrics.faultInjected(east, 'fault:slow');
  metrics.streamStarted(west);
  metrics.observeRequest(at(undefined, WEST), { operation: 'chat', status: 401, totalMs: 1 });

  const e = await scrape(metrics);
  const eastChat = on('gpt-4o', { operation: 'chat' }, EAST);
  const westChat = on('gpt-4o', { operation: 'chat' }, WEST);
  t.is(sampleValue(e, 'aoai_sim_requests_total', { ...eastChat, status: '200' }), 2);
  t.is(sampleValue(e, 'aoai_sim_requests_total', { ...westChat, status: '200' }), 1);
  t.is(sampleValue(e, 'aoai_sim_requests_total', { ...westChat, status: '429' }), 1);
  t.is(sampleValue(e, 'aoai_sim_requests_total', { ...eastChat, status: '429' }), undefined);
  t.is(sampleValue(e, 'aoai_sim_prompt_tokens_total', eastChat), 20);
  t.is(sampleValue(e, 'aoai_sim_completion_tokens_total', westChat), 3);
  t.is(sampleValue(e, 'aoai_sim_ttft_seconds_sum', eastChat), 0.25);
  t.is(sampleValue(e, 'aoai_sim_request_duration_seconds_count', westChat), 2);
  t.is(sampleValue(e, 'aoai_sim_rate_limited_total', on('gpt-4o', { reason: 'tokens' }, WEST)), 1);
  t.is(sampleValue(e, 'aoai_sim_rate_limited_total', on('gpt-4o', { reason: 'tokens' }, EAST)), undefined);
  t.is(sampleValue(e, 'aoai_sim_faults_injected_total', on('gpt-4o', { fault: 'fault:slow' }, EAST)), 1);
  t.is(sampleValue(e, 'aoai_sim_streams_in_flight', on('gpt-4o', {}, WEST)), 1);
  t.is(
    sampleValue(e, 'aoai_sim_requests_total', on('', { operation: 'chat', status: '401' }, WEST)),
    1,
    'a request with no deployment known still carries its resource and region',
  );
});

test('every documented metric is registered with its type, and every registered one is documented', async (t) => {
  const e = await scrape(new SimMetrics());
  const docs = await readFile(new URL('../../../docs/metrics.md', import.meta.url), 'utf8');
  const table = new Map([...docs.matchAll(/^\|\s*`([a-z_]+)`\s*\|\s*(\w+)\s*\|/gm)].map((m) => [m[1] ?? '', m[2] ?? '']));
  t.deepEqual([...e.types.keys()].sort(), Object.values(METRIC_NAMES).sort());
  t.deepEqual(new Map([...table].sort()), new Map([...e.types].sort()));
  for (const name of Object.values(METRIC_NAMES)) t.truthy(e.help.get(name), `${name} has help`);
});

test('render: the Prometheus text content type, and a body that ends in a newline', async (t) => {
  const { contentType, body } = await new SimMetrics().render();
  t.is(contentType, 'text/plain; version=0.0.4; charset=utf-8');
  t.true(body.endsWith('\n'));
});

test('streams in flight go up on start and down on end; an end callback counts once', async (t) => {
  const metrics = new SimMetrics();
  const inFlight = async (deployment: string) => sampleValue(await scrape(metrics), 'aoai_sim_streams_in_flight', on(deployment));
  t.is(await inFlight('gpt-4o'), undefined);
  const first = metrics.streamStarted(gpt4o);
  const second = metrics.streamStarted(gpt4o);
  const other = metrics.streamStarted(at('mini'));
  t.is(await inFlight('gpt-4o'), 2);
  t.is(await inFlight('mini'), 1);
  first();
  first();
  first();
  t.is(await inFlight('gpt-4o'), 1);
  second();
  other();
  other();
  t.is(await inFlight('gpt-4o'), 0);
  t.is(await inFlight('mini'), 0);
});

test('the journal metrics read the source at each scrape; without one they are 0', async (t) => {
  const metrics = new SimMetrics();
  const journal = (e: Exposition) => [
    sampleValue(e, 'aoai_sim_journal_entries'),
    sampleValue(e, 'aoai_sim_journal_bytes'),
    sampleValue(e, 'aoai_sim_journal_dropped_total'),
  ];
  t.deepEqual(journal(await scrape(metrics)), [0, 0, 0]);
  const stats = { entries: 3, bytes: 1536, dropped: 0 };
  let reads = 0;
  metrics.setJournalSource(() => {
    reads += 1;
    return stats;
  });
  t.deepEqual(journal(await scrape(metrics)), [3, 1536, 0]);
  Object.assign(stats, { entries: 1000, bytes: 1_048_576, dropped: 41 });
  t.deepEqual(journal(await scrape(metrics)), [1000, 1_048_576, 41]);
  t.deepEqual(journal(await scrape(metrics)), [1000, 1_048_576, 41], 'the dropped total is mirrored, not added up');
  t.true(reads >= 3);
  Object.assign(stats, { entries: Number.NaN, bytes: -5, dropped: Infinity });
  t.deepEqual(journal(await scrape(metrics)), [0, 0, 0], "a source's nonsense neither throws nor shows");
  metrics.setJournalSource(undefined);
  t.deepEqual(journal(await scrape(metrics)), [0, 0, 0]);
});

test('two instances share nothing', async (t) => {
  const a = new SimMetrics();
  const b = new SimMetrics();
  a.observeRequest(gpt4o, { operation: 'chat', status: 200, promptTokens: 5, totalMs: 10 });
  a.observeRequest(gpt4o, { operation: 'chat', status: 200, promptTokens: 5, totalMs: 10 });
  b.observeRequest(gpt4o, { operation: 'chat', status: 200, promptTokens: 7, totalMs: 10 });
  a.streamStarted(gpt4o);
  a.setJournalSource(() => ({ entries: 9, bytes: 9, dropped: 9 }));
  const [ea, eb] = [await scrape(a), await scrape(b)];
  t.is(sampleValue(ea, 'aoai_sim_requests_total', { ...chat, status: '200' }), 2);
  t.is(sampleValue(eb, 'aoai_sim_requests_total', { ...chat, status: '200' }), 1);
  t.is(sampleValue(ea, 'aoai_sim_prompt_tokens_total', chat), 10);
  t.is(sampleValue(eb, 'aoai_sim_prompt_tokens_total', chat), 7);
  t.is(sampleValue(eb, 'aoai_sim_streams_in_flight', on('gpt-4o')), undefined);
  t.is(sampleValue(eb, 'aoai_sim_journal_entries'), 0);
  t.not(a.registry, b.registry);
});

test('reset zeroes the tallies, keeps the streams in flight, and counting starts again from zero', async (t) => {
  const metrics = new SimMetrics();
  metrics.observeRequest(gpt4o, { operation: 'chat', status: 200, promptTokens: 5, completionTokens: 5, ttftMs: 100, totalMs: 200 });
  metrics.rateLimited(gpt4o, 'requests');
  metrics.faultInjected(gpt4o, 'fault:x');
  const open = metrics.streamStarted(gpt4o);
  metrics.setJournalSource(() => ({ entries: 2, bytes: 20, dropped: 1 }));
  metrics.reset();

  let e = await scrape(metrics);
  const tallies = e.samples.filter((s) => /^aoai_sim_(requests|prompt|completion|rate|faults|ttft|request_duration)/.test(s.name));
  t.deepEqual(tallies, [], 'no tally series is left');
  t.is(sampleValue(e, 'aoai_sim_streams_in_flight', on('gpt-4o')), 1);
  t.is(sampleValue(e, 'aoai_sim_journal_entries'), 2);
  t.is(sampleValue(e, 'aoai_sim_journal_dropped_total'), 1);

  metrics.observeRequest(gpt4o, { operation: 'chat', status: 200, promptTokens: 3, totalMs: 200 });
  metrics.faultInjected(gpt4o, 'fault:x');
  open();
  e = await scrape(metrics);
  t.is(sampleValue(e, 'aoai_sim_requests_total', { ...chat, status: '200' }), 1);
  t.is(sampleValue(e, 'aoai_sim_prompt_tokens_total', chat), 3);
  t.is(sampleValue(e, 'aoai_sim_request_duration_seconds_count', chat), 1);
  t.is(sampleValue(e, 'aoai_sim_faults_injected_total', on('gpt-4o', { fault: 'fault:x' })), 1);
  t.is(sampleValue(e, 'aoai_sim_streams_in_flight', on('gpt-4o')), 0, 'a stream open across a reset ends at 0, not -1');
});

test('statuses that are no HTTP status count as "0"', async (t) => {
  const metrics = new SimMetrics();
  for (const status of [0, -1, 99, 600, 200.5, Number.NaN]) metrics.observeRequest(gpt4o, { operation: 'chat', status, totalMs: 1 });
  metrics.observeRequest(gpt4o, { operation: 'chat', status: 100, totalMs: 1 });
  metrics.observeRequest(gpt4o, { operation: 'chat', status: 599, totalMs: 1 });
  const e = await scrape(metrics);
  const series = e.samples.filter((s) => s.name === 'aoai_sim_requests_total').map((s) => [s.labels.status, s.value]);
  t.deepEqual(series.sort(), [
    ['0', 6],
    ['100', 1],
    ['599', 1],
  ]);
});

test('invalid figures are skipped, never thrown: the request being measured must not fail', async (t) => {
  const metrics = new SimMetrics();
  t.notThrows(() => {
    metrics.observeRequest(gpt4o, {
      operation: 'chat',
      status: 200,
      promptTokens: -1,
      completionTokens: Number.NaN,
      ttftMs: Infinity,
      totalMs: Number.NaN,
    });
    metrics.observeRequest(gpt4o, { operation: 'chat', status: 200, promptTokens: Infinity, ttftMs: -3, totalMs: -3 });
  });
  const e = await scrape(metrics);
  t.is(sampleValue(e, 'aoai_sim_requests_total', { ...chat, status: '200' }), 2);
  t.is(sampleValue(e, 'aoai_sim_prompt_tokens_total', chat), undefined);
  t.is(sampleValue(e, 'aoai_sim_completion_tokens_total', chat), undefined);
  t.is(sampleValue(e, 'aoai_sim_ttft_seconds_count', chat), 1, 'a negative time (a clock step) counts as 0');
  t.is(sampleValue(e, 'aoai_sim_ttft_seconds_sum', chat), 0);
  t.is(sampleValue(e, 'aoai_sim_request_duration_seconds_count', chat), 1);
});

test('label values past the cap are counted under (other), for every metric alike', async (t) => {
  const metrics = new SimMetrics({ maxLabelValues: 2 });
  for (const deployment of ['a', 'b', 'c', 'd']) {
    metrics.observeRequest(at(deployment), { operation: 'chat', status: 200, totalMs: 1 });
    metrics.rateLimited(at(deployment), 'tokens');
    metrics.streamStarted(at(deployment));
  }
  for (const operation of ['chat', 'embeddings', 'images']) metrics.observeRequest(at('a'), { operation, status: 200, totalMs: 1 });
  for (const fault of ['fault:1', 'fault:2', 'fault:3', 'fault:4']) metrics.faultInjected(at('a'), fault);
  metrics.observeRequest(at('a'), { operation: 'chat', status: 201, totalMs: 1 });
  const e = await scrape(metrics);
  const requests = (labels: Record<string, string>) => sampleValue(e, 'aoai_sim_requests_total', { status: '200', ...labels });
  t.is(requests(on('a', { operation: 'chat' })), 2);
  t.is(requests(on('b', { operation: 'chat' })), 1);
  t.is(requests(on('(other)', { operation: 'chat' }, PAST_CAP)), 2);
  t.is(requests(on('a', { operation: 'embeddings' })), 1);
  t.is(requests(on('a', { operation: '(other)' })), 1, 'a third operation in a deployment overflows');
  t.is(sampleValue(e, 'aoai_sim_requests_total', on('a', { operation: 'chat', status: '201' })), 1, 'statuses are not capped');
  t.is(sampleValue(e, 'aoai_sim_rate_limited_total', on('(other)', { reason: 'tokens' }, PAST_CAP)), 2);
  t.is(sampleValue(e, 'aoai_sim_streams_in_flight', on('(other)', {}, PAST_CAP)), 2);
  t.is(sampleValue(e, 'aoai_sim_faults_injected_total', on('a', { fault: 'fault:2' })), 1);
  t.is(sampleValue(e, 'aoai_sim_faults_injected_total', on('a', { fault: '(other)' })), 2);
  const deployments = new Set(e.samples.map((s) => s.labels.deployment).filter((d) => d !== undefined));
  t.deepEqual([...deployments].sort(), ['(other)', 'a', 'b']);
});

test('the cap is on resource and deployment pairs: a deployment of one name on a third resource is past it', async (t) => {
  const metrics = new SimMetrics({ maxLabelValues: 2 });
  const [east, west, north] = [EAST, WEST, { name: 'north', region: 'North Europe' }];
  for (const resource of [east, west, north]) {
    metrics.observeRequest(at('gpt-4o', resource), { operation: 'chat', status: 200, totalMs: 1 });
    metrics.observeRequest(at(undefined, resource), { operation: 'chat', status: 401, totalMs: 1 });
  }
  const e = await scrape(metrics);
  const requests = (status: string, deployment: string, resource: ResourceLabels) =>
    sampleValue(e, 'aoai_sim_requests_total', on(deployment, { operation: 'chat', status }, resource));
  t.is(requests('200', 'gpt-4o', east), 1);
  t.is(requests('200', 'gpt-4o', west), 1);
  t.is(requests('200', '(other)', PAST_CAP), 1);
  t.is(requests('401', '', east), 1);
  t.is(requests('401', '', west), 1);
  t.is(requests('401', '', PAST_CAP), 1, 'resources with no deployment known are capped too');
  t.is(e.samples.filter((sample) => sample.name === 'aoai_sim_requests_total').length, 6);
});

test('process metrics: off by default, under their standard names when asked for', async (t) => {
  const plain = await scrape(new SimMetrics());
  t.deepEqual(
    [...plain.types.keys()].filter((name) => !name.startsWith('aoai_sim_')),
    [],
  );
  const withProcess = await scrape(new SimMetrics({ processMetrics: true }));
  t.is(withProcess.types.get('process_cpu_seconds_total'), 'counter');
  t.is(withProcess.types.get('nodejs_eventloop_lag_seconds'), 'gauge');
  t.true((sampleValue(withProcess, 'nodejs_heap_size_used_bytes') ?? 0) > 0);
});

test('counts made between scrapes are all in the next scrape, once, and JSON reads see them too', async (t) => {
  const metrics = new SimMetrics();
  const answered = (promptTokens: number) =>
    metrics.observeRequest(gpt4o, { operation: 'chat', status: 200, promptTokens, completionTokens: 0, totalMs: 5 });
  answered(10);
  answered(5);
  let e = await scrape(metrics);
  t.is(sampleValue(e, METRIC_NAMES.requests, { ...chat, status: '200' }), 2);
  t.is(sampleValue(e, METRIC_NAMES.promptTokens, chat), 15);
  t.is(sampleValue(e, METRIC_NAMES.completionTokens, chat), 0, 'a count of zero still shows its series');
  e = await scrape(metrics);
  t.is(sampleValue(e, METRIC_NAMES.requests, { ...chat, status: '200' }), 2, 'a second scrape counts nothing twice');
  answered(1);
  const json = await metrics.registry.getMetricsAsJSON();
  const prompt = json.find((metric) => metric.name === METRIC_NAMES.promptTokens);
  t.deepEqual(
    prompt?.values.map((sample) => sample.value),
    [16],
  );
  answered(7);
  metrics.reset();
  e = await scrape(metrics);
  t.is(sampleValue(e, METRIC_NAMES.promptTokens, chat), undefined, 'counts pending at a reset are dropped with the rest');
  answered(2);
  t.is(sampleValue(await scrape(metrics), METRIC_NAMES.promptTokens, chat), 2);
});
