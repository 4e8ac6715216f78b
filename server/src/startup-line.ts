import type { RunningSimulator } from './server.ts';

/** The one readable line logged at startup: where, from which scenarios, which deployments, which auth. */
export function startupLine(simulator: RunningSimulator): string {
  const { server, deployments, source } = simulator.config;
  const scenarios = source.embeddedDefault ? `${source.file} (embedded default)` : source.file;
  const names = [...deployments.values()].map((deployment) => `${deployment.name} (${deployment.model})`);
  return [
    `aoai-sim listening on ${simulator.url} (bound to ${server.host}:${simulator.port})`,
    `scenarios: ${scenarios}`,
    `deployments: ${names.length > 0 ? names.join(', ') : 'none'}`,
    `auth: ${describeAuth(server.auth)}`,
    `api-version: ${server.apiVersionPolicy}`,
    `mode: ${server.mode}`,
    `control API: ${describeControlAccess(server.controlAccess)}`,
    ...(simulator.tls
      ? [`tls: ${simulator.tls.selfSigned ? 'self-signed for localhost, 127.0.0.1, ::1' : 'given'}, certificate ${simulator.tls.certPath}`]
      : []),
  ].join(' | ');
}

function describeControlAccess(access: RunningSimulator['config']['server']['controlAccess']): string {
  if (access === 'key') return 'admin key required';
  if (access === 'off') return 'off';
  if (access === 'open') return 'open to anyone who reaches the port';
  return 'read-only (listening beyond loopback without an admin key: set AOAI_SIM_ADMIN_KEY, or AOAI_SIM_ADMIN_ACCESS=open)';
}

function describeAuth(auth: RunningSimulator['config']['server']['auth']): string {
  const parts: string[] = [];
  if (auth.modes.includes('api-key')) {
    parts.push(auth.apiKeys.length > 0 ? `api-key (${auth.apiKeys.length} configured)` : 'any non-empty api-key (no keys configured)');
  }
  if (auth.modes.includes('bearer')) {
    const audience = auth.entra.audiences.length > 0 ? ` for ${auth.entra.audiences.join(' or ')}` : ' for any audience';
    parts.push(`an Entra bearer token${audience}${auth.entra.checkExpiry ? ', unexpired' : ''} (signatures not verified)`);
  }
  return parts.join(' or ');
}
