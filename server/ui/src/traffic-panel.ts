import { byId, el, figure } from './dom.ts';
import type { Snapshot } from './feed-stream.ts';
import { SeriesChart } from './series-chart.ts';

/**
 * 429s per second by reason and other errors per second, with the totals since the page opened by reason and
 * by status; latency percentiles (TTFT and total) of each interval and the streams in flight.
 */
export class TrafficPanel {
  readonly #errors: SeriesChart;
  readonly #latency: SeriesChart;
  readonly #totals = { tokens: 0, requests: 0 };
  readonly #byStatus = new Map<string, number>();

  constructor() {
    this.#errors = new SeriesChart(byId('errors-chart'), '429s per second by reason, and other errors per second', [
      { label: '429 tokens/s', stroke: '#b00020' },
      { label: '429 requests/s', stroke: '#6a1b9a' },
      { label: 'other errors/s', stroke: '#444444' },
    ]);
    this.#latency = new SeriesChart(
      byId('latency-chart'),
      'Time to first token and total latency percentiles in ms, and streams in flight',
      [
        { label: 'TTFT p50', stroke: '#0b5cad', scale: 'ms' },
        { label: 'TTFT p99', stroke: '#0b5cad', scale: 'ms', dash: [6, 4] },
        { label: 'total p50', stroke: '#2e7d32', scale: 'ms' },
        { label: 'total p99', stroke: '#2e7d32', scale: 'ms', dash: [6, 4] },
        { label: 'streams', stroke: '#8a4b00', scale: 'streams' },
      ],
      { ms: { label: 'ms' }, streams: { label: 'streams' } },
    );
  }

  update({ at, rates }: Snapshot): void {
    const tokens = rates.rateLimited.tokens ?? 0;
    const requests = rates.rateLimited.requests ?? 0;
    const otherErrors = Object.values(rates.errors).reduce((sum, rate) => sum + rate, 0);
    this.#errors.push(at, [tokens, requests, otherErrors]);
    this.#totals.tokens += Math.round(tokens * rates.seconds);
    this.#totals.requests += Math.round(requests * rates.seconds);
    for (const [status, rate] of Object.entries(rates.errors))
      this.#byStatus.set(status, (this.#byStatus.get(status) ?? 0) + Math.round(rate * rates.seconds));
    this.#renderTotals();

    const { ttftMs, totalMs } = rates;
    this.#latency.push(at, [ttftMs?.p50 ?? null, ttftMs?.p99 ?? null, totalMs?.p50 ?? null, totalMs?.p99 ?? null, rates.streams]);
    byId('latency-now').textContent =
      `Last second: TTFT p50 ${ms(ttftMs?.p50)}, p90 ${ms(ttftMs?.p90)}, p99 ${ms(ttftMs?.p99)} · ` +
      `total p50 ${ms(totalMs?.p50)}, p90 ${ms(totalMs?.p90)}, p99 ${ms(totalMs?.p99)} · ${rates.streams} streams in flight`;
  }

  #renderTotals(): void {
    const statuses = [...this.#byStatus].sort(([a], [b]) => Number(a) - Number(b));
    const table = el(
      'table',
      {},
      el('caption', {}, 'Since this page opened'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'what'), el('th', { scope: 'col' }, 'count'))),
      el(
        'tbody',
        {},
        row('429, token limit', this.#totals.tokens, 'rate-limited-tokens'),
        row('429, request limit', this.#totals.requests, 'rate-limited-requests'),
        ...statuses.map(([status, count]) =>
          row(status === '0' ? 'no status (connection cut)' : `status ${status}`, count, `status-${status}`),
        ),
      ),
    );
    byId('errors-totals').replaceChildren(table);
  }
}

function row(what: string, count: number, id: string): HTMLTableRowElement {
  return el('tr', {}, el('th', { scope: 'row' }, what), el('td', { id }, figure(count)));
}

function ms(value: number | undefined): string {
  return value === undefined ? '–' : `${figure(value)} ms`;
}
