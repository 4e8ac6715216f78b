/**
 * @aoai-sim/client: start aoai-sim from test code (in a container through Testcontainers, or in this process),
 * get options ready for the SDKs, steer it and check what your app did through its control API.
 *
 * @example
 *   import { AoaiSimContainer } from '@aoai-sim/client';
 *   await using sim = await AoaiSimContainer.start();
 *   const client = new AzureOpenAI(sim.getClientOptions('gpt-4o'));
 */
export { AoaiSimContainer, type AoaiSimContainerOptions } from './container/aoai-sim-container.ts';
export { StartedAoaiSimContainer } from './container/started-aoai-sim-container.ts';
export {
  AoaiSimCluster,
  StartedAoaiSimCluster,
  DEFAULT_REDIS_IMAGE,
  type AoaiSimClusterOptions,
  type ClusterClientOptions,
} from './container/aoai-sim-cluster.ts';
export { DEFAULT_API_KEY, DEFAULT_API_VERSION, DEFAULT_IMAGE, SIM_PORT } from './container/constants.ts';
export { AoaiSimStartError } from './container/start-failure.ts';
export type { AzureClientOptions, OpenAIV1Options, ResourceChoice } from './container/client-options.ts';
export type { SimulatorTls, TrustingFetchOptions } from './tls/certificate-trust.ts';
export { AoaiSim, type InProcessOptions } from './in-process.ts';
export * from './control/index.ts';
export { defineScenarios } from './define-scenarios.ts';
export { ConfigError, formatIssue, type ConfigIssue } from './config-error.ts';
export { ServerMissingError } from './optional-server.ts';
export type { Scenarios, Deployment, ScenarioRule, Match, Response, ServerSettings } from './generated/scenarios.ts';
