import type { Scenarios } from '../generated/scenarios.ts';
import type { SchemaProblem } from './schema-validator.ts';

/**
 * What the schema cannot see of `resources`: two resources on one port or one host name, a resource on the
 * server's own port, and spillover deployments a resource does not serve. Each would route requests to a
 * resource other than the one the file meant, or fail them at the worst moment.
 */
export function resourceProblems(data: Scenarios): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const ports = new Map<number, string>();
  const hosts = new Map<string, string>();
  if (data.server?.port !== undefined) ports.set(data.server.port, 'the server (server.port)');
  for (const [name, resource] of Object.entries(data.resources ?? {})) {
    const path = ['resources', name];
    if (resource.port !== undefined) {
      const other = ports.get(resource.port);
      if (other) problems.push({ path: [...path, 'port'], message: `is ${resource.port}, which ${other} listens on already` });
      else ports.set(resource.port, `resource "${name}"`);
    }
    [`${name}.localhost`, ...(resource.hosts ?? [])].forEach((host, i) => {
      const other = hosts.get(host.toLowerCase());
      if (other && other !== name)
        problems.push({
          path: i === 0 ? path : [...path, 'hosts', i - 1],
          message: `reaches "${host}", which resource "${other}" has already`,
        });
      else hosts.set(host.toLowerCase(), name);
    });
    const inherits = resource.inheritDeployments !== false;
    const served = new Set([...Object.keys(resource.deployments ?? {}), ...(inherits ? Object.keys(data.deployments ?? {}) : [])]);
    for (const [deploymentName, deployment] of Object.entries(resource.deployments ?? {})) {
      const target = deployment.spilloverDeployment;
      if (target !== undefined && !served.has(target))
        problems.push({
          path: [...path, 'deployments', deploymentName, 'spilloverDeployment'],
          message: `is "${target}", which resource "${name}" does not serve`,
        });
    }
  }
  return problems;
}
