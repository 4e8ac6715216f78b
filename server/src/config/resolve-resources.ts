import type { Deployment, Resource } from '../generated/scenarios.ts';
import type { ResolvedDeployment } from './resolve-config.ts';
import { schemaDefault } from './schema-defaults.ts';

/** The name of the simulator's own resource: the one a request reaches when it names no other. */
export const DEFAULT_RESOURCE = 'default';

/** A resource of `resources:` with every default applied. */
export interface ResolvedResource {
  name: string;
  region: string;
  /** Host names that reach it, lower case and without a port: `{name}.localhost` first, then its `hosts`. */
  hosts: string[];
  /** Its own port, when it has one. */
  port?: number;
  /** The keys its `api-key` header accepts, when not the server's. */
  apiKeys?: string[];
  /** What it serves: its own deployments, over the top-level ones unless it inherits none. */
  deployments: ReadonlyMap<string, ResolvedDeployment>;
}

/**
 * The file's `resources`, resolved: each with its region (the server's unless it says), the host names that reach
 * it, and its deployments made with the same resolution as the top-level ones (`resolveOne`).
 */
export function resolveResources(
  resources: Record<string, Resource> | undefined,
  region: string,
  topLevel: ReadonlyMap<string, ResolvedDeployment>,
  resolveOne: (name: string, deployment: Deployment) => ResolvedDeployment,
): ReadonlyMap<string, ResolvedResource> {
  const resolved = new Map<string, ResolvedResource>();
  for (const [name, resource] of Object.entries(resources ?? {})) {
    const inherits = resource.inheritDeployments ?? schemaDefault<boolean>('Resource', 'inheritDeployments');
    const deployments = new Map(inherits ? topLevel : []);
    for (const [deploymentName, deployment] of Object.entries(resource.deployments ?? {})) {
      deployments.set(deploymentName, resolveOne(deploymentName, deployment));
    }
    const hosts = [`${name}.localhost`, ...(resource.hosts ?? [])].map((host) => host.toLowerCase());
    const entry: ResolvedResource = { name, region: resource.region ?? region, hosts: [...new Set(hosts)], deployments };
    if (resource.port !== undefined) entry.port = resource.port;
    if (resource.apiKeys !== undefined) entry.apiKeys = resource.apiKeys;
    resolved.set(name, entry);
  }
  return resolved;
}

/**
 * The deployments a resource serves: the simulator's own serves the top-level ones, one of `resources` its own.
 * Routing is fixed at startup, so a resource that a reload removed is still reached: it serves nothing.
 */
export function deploymentsOf(
  config: { deployments: ReadonlyMap<string, ResolvedDeployment>; resources: ReadonlyMap<string, ResolvedResource> },
  resource: string,
): ReadonlyMap<string, ResolvedDeployment> {
  if (resource === DEFAULT_RESOURCE) return config.deployments;
  return config.resources.get(resource)?.deployments ?? NO_DEPLOYMENTS;
}

const NO_DEPLOYMENTS: ReadonlyMap<string, ResolvedDeployment> = new Map();
