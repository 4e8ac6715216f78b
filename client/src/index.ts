/**
 * @aoai-sim/client: scenarios typed from the schema, checked in code before anything starts.
 *
 * @example
 *   import { defineScenarios } from '@aoai-sim/client';
 *   const scenarios = defineScenarios({ deployments: { chat: { model: 'gpt-4o-2024-08-06' } } });
 */
export { defineScenarios } from './define-scenarios.ts';
export { ConfigError, formatIssue, type ConfigIssue } from 'aoai-sim';
export type { Scenarios, Deployment, ScenarioRule, Match, Response, ServerSettings } from 'aoai-sim';
