import { validateScenariosObject, type Scenarios } from 'aoai-sim';

/**
 * Returns `scenarios` once it is valid against the scenarios schema, the same check a file gets; throws a
 * ConfigError whose issues name each problem by JSON pointer (`scenarios: /deployments/chat/model must be string`).
 */
export function defineScenarios(scenarios: Scenarios): Scenarios {
  return validateScenariosObject(scenarios);
}
