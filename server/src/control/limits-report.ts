import { DEFAULT_RESOURCE } from '../config/resolve-resources.ts';
import type { LimitSnapshot, RateLimiter } from '../limits/index.ts';
import type { StateHolder } from '../sim-state.ts';

/** One deployment's limits as GET /__sim/limits shows them, under its resource and region. */
export type DeploymentLimits = LimitSnapshot & {
  resource: string;
  region: string;
  batch?: { sku: string; enqueuedTokens: number; enqueuedTokenLimit: number };
};

/** What the limits report reads: the state, the limiter, and the batch queue's held tokens. */
export interface LimitsSources {
  state: StateHolder;
  limits: RateLimiter;
  batchQueue?: ((at: { resource: string; deployment: string }) => number) | undefined;
}

/**
 * Every resource's deployments, each under its resource and region (one deployment name may have a quota in
 * each), with what is used and remaining: GET /__sim/limits, and the dashboard's quota charts.
 */
export async function limitsReport({ state, limits, batchQueue }: LimitsSources): Promise<DeploymentLimits[]> {
  const { config } = state.current;
  const resources = [
    { name: DEFAULT_RESOURCE, region: config.server.region, deployments: config.deployments },
    ...config.resources.values(),
  ];
  // a drill's temporary quota adjustment shows in the limits, as the data plane's headers show it
  const factorOf = (name: string) => state.conditions.active(name)?.effectAt(state.clock.now())?.quotaFactor ?? 1;
  const snapshots = resources.flatMap(({ name, region, deployments }) =>
    [...deployments.values()].map(async (deployment) => ({
      ...(await limits.snapshot(deployment, undefined, name, factorOf(name))),
      resource: name,
      region,
      ...(deployment.batch && {
        batch: {
          sku: deployment.batch.sku,
          enqueuedTokens: batchQueue?.({ resource: name, deployment: deployment.name }) ?? 0,
          enqueuedTokenLimit: deployment.batch.enqueuedTokens,
        },
      }),
    })),
  );
  return Promise.all(snapshots);
}
