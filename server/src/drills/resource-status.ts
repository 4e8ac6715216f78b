import type { Clock } from '../clock/index.ts';
import type { SimConfig } from '../config/resolve-config.ts';
import { DEFAULT_RESOURCE } from '../config/resolve-resources.ts';
import type { ActiveCondition, ConditionSettings } from './resource-condition.ts';
import type { ResourceConditions } from './resource-conditions.ts';

/** How a client reaches a resource: its path prefix (always), the host names and the port of its own. */
export interface ResourceEndpoints {
  prefix: string;
  hosts: string[];
  port?: number;
}

/** A condition as `GET /__sim/resources` shows it: what was asked, when, and what it does now. */
export type ConditionStatus = ConditionSettings & {
  /** When it was set, ISO 8601. */
  setAt: string;
  /** When it lifts itself (its recovery included), ISO 8601; absent: not until `up`. */
  liftsAt?: string;
  /** A degrade's factors as they stand now, which a recovery eases back to 1 (errorRate to 0). */
  current?: { latencyFactor: number; quotaFactor: number; errorRate: number; ptuSaturated: boolean };
};

/** One resource in `GET /__sim/resources`. */
export interface ResourceStatus {
  name: string;
  region: string;
  status: 'up' | 'down' | 'degraded';
  condition?: ConditionStatus;
  deployments: string[];
  endpoints: ResourceEndpoints;
}

/** Every resource's status, the simulator's own first. */
export function resourceStatuses(config: SimConfig, conditions: ResourceConditions, clock: Clock): ResourceStatus[] {
  const own = {
    name: DEFAULT_RESOURCE,
    region: config.server.region,
    deployments: config.deployments,
    hosts: [] as string[],
    port: undefined,
  };
  return [own, ...config.resources.values()].map((resource) => {
    // the simulator's own is reached at the root, with no prefix
    const endpoints: ResourceEndpoints = { prefix: resource === own ? '' : `/r/${resource.name}`, hosts: resource.hosts };
    if (resource.port !== undefined) endpoints.port = resource.port;
    const condition = conditions.active(resource.name);
    const status: ResourceStatus = {
      name: resource.name,
      region: resource.region,
      status: condition?.status ?? 'up',
      deployments: [...resource.deployments.keys()],
      endpoints,
    };
    if (condition) status.condition = conditionStatus(condition, clock);
    return status;
  });
}

/** The canonical name of the resource `name` names, in any case; undefined when none does. */
export function resourceNamed(config: SimConfig, name: string): string | undefined {
  const wanted = name.toLowerCase();
  if (wanted === DEFAULT_RESOURCE) return DEFAULT_RESOURCE;
  for (const resource of config.resources.keys()) if (resource.toLowerCase() === wanted) return resource;
  return undefined;
}

function conditionStatus(condition: ActiveCondition, clock: Clock): ConditionStatus {
  const now = clock.now();
  // the clock's monotonic times shown as instants
  const instant = (at: number) => new Date(clock.epochMs() + (at - now)).toISOString();
  const shown: ConditionStatus = { ...condition.settings, setAt: instant(condition.setAt) };
  if (Number.isFinite(condition.liftsAt)) shown.liftsAt = instant(condition.liftsAt);
  const effect = condition.effectAt(now);
  if (effect && effect.down === undefined) {
    const { latencyFactor, quotaFactor, errorRate, ptuSaturated } = effect;
    shown.current = { latencyFactor, quotaFactor, errorRate, ptuSaturated };
  }
  return shown;
}
