/**
 * aoai-sim: a simulator of the Azure OpenAI data plane.
 *
 * @example
 *   import { startSimulator } from 'aoai-sim';
 *   const sim = await startSimulator({ port: 0, host: '127.0.0.1', scenarios: 'scenarios.yaml' });
 *   await sim.close();
 */
export { startSimulator, type RunningSimulator, type StartOptions } from './server.ts';
export { loadScenarios, type LoadedScenarios, type LoadOptions } from './config/load-scenarios.ts';
export { ConfigError, formatIssue, type ConfigIssue } from './config/config-error.ts';
export { validateScenariosObject } from './config/validate-object.ts';
export type * from './generated/scenarios.ts';
export type { JournalEntry, JournalFilter, JournalStats } from './journal/index.ts';
export type { LimitSnapshot, QuotaUse } from './limits/index.ts';
export type { ReloadStatus } from './sim-state.ts';
export type { ResolvedDeployment, ResolvedServer } from './config/resolve-config.ts';
export type { DegradeSettings, DownSettings } from './drills/resource-condition.ts';
export type { ResourceStatus } from './drills/resource-status.ts';
export type { WebhookAttempt } from './webhooks/index.ts';
