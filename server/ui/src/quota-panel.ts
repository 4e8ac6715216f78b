import { el, figure } from './dom.ts';
import type { Snapshot } from './feed-stream.ts';
import { SeriesChart } from './series-chart.ts';

type DeploymentLimits = Snapshot['deployments'][number];

interface Card {
  chart: SeriesChart;
  remaining: HTMLElement;
}

/**
 * One card per deployment: the tokens and requests counted in its window against its TPM and RPM (or its PTU
 * bucket against its size), the limits drawn dashed, and what remains; a deployment without limits shows its
 * rates instead.
 */
export class QuotaPanel {
  readonly #root: HTMLElement;
  readonly #cards = new Map<string, Card>();

  constructor(root: HTMLElement) {
    this.#root = root;
  }

  update(snapshot: Snapshot): void {
    for (const deployment of snapshot.deployments) {
      const key = `${deployment.resource}/${deployment.deployment}`;
      const card = this.#cards.get(key) ?? this.#add(key, deployment);
      const rate = snapshot.rates.byDeployment[key] ?? { requests: 0, tokens: 0 };
      if (deployment.mode === 'unlimited') {
        card.chart.push(snapshot.at, [rate.tokens, rate.requests]);
        card.remaining.textContent = `No rate limit · ${figure(rate.requests)} requests/s · ${figure(rate.tokens)} tokens/s`;
        continue;
      }
      const { tokens, requests } = deployment;
      card.chart.push(snapshot.at, [tokens?.used ?? null, tokens?.limit ?? null, requests?.used ?? null, requests?.limit ?? null]);
      card.remaining.textContent = describe(deployment);
    }
  }

  #add(key: string, deployment: DeploymentLimits): Card {
    const heading = el(
      'h3',
      {},
      `${deployment.deployment}`,
      el('span', { class: 'muted' }, ` ${deployment.resource} · ${deployment.region} · ${deployment.mode}`),
    );
    const remaining = el('p', { class: 'remaining' });
    const card = el('article', { class: 'card', 'data-deployment': key }, heading);
    this.#root.append(card);
    const chart =
      deployment.mode === 'unlimited'
        ? new SeriesChart(
            card,
            `Tokens and requests per second of ${deployment.deployment}`,
            [
              { label: 'tokens/s', stroke: '#0b5cad', scale: 'tokens' },
              { label: 'requests/s', stroke: '#8a4b00', scale: 'requests' },
            ],
            { tokens: { label: 'tokens/s' }, requests: { label: 'requests/s' } },
          )
        : new SeriesChart(
            card,
            `Quota use of ${deployment.deployment}: tokens and requests in the window against their limits`,
            [
              { label: 'tokens used', stroke: '#0b5cad', scale: 'tokens' },
              { label: deployment.mode === 'provisioned' ? 'bucket size' : 'TPM', stroke: '#0b5cad', scale: 'tokens', dash: [6, 4] },
              { label: 'requests used', stroke: '#8a4b00', scale: 'requests' },
              { label: 'RPM', stroke: '#8a4b00', scale: 'requests', dash: [6, 4] },
            ],
            { tokens: { label: 'tokens', headroom: 1.08 }, requests: { label: 'requests', headroom: 1.3 } },
          );
    card.append(remaining);
    const created = { chart, remaining };
    this.#cards.set(key, created);
    return created;
  }
}

function describe({ tokens, requests, utilization }: DeploymentLimits): string {
  const parts: string[] = [];
  if (tokens) parts.push(`tokens ${figure(tokens.used)} of ${figure(tokens.limit)}, ${figure(tokens.remaining)} remaining`);
  if (utilization !== undefined) parts.push(`utilization ${utilization}%`);
  if (requests) parts.push(`requests ${figure(requests.used)} of ${figure(requests.limit)}, ${figure(requests.remaining)} remaining`);
  return parts.join(' · ');
}
