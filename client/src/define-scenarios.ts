import type { Scenarios } from './generated/scenarios.ts';
import { asClientError, serverIfInstalled } from './optional-server.ts';

/**
 * Returns `scenarios` typed, once it is valid against the scenarios schema, the same check a file gets; throws a
 * ConfigError whose issues name each problem by JSON pointer (`scenarios: /deployments/chat/model must be string`).
 *
 * The check runs here when the server package (`aoai-sim`) is installed beside the client. Without it the object
 * comes back unchecked, and a container started with it refuses it at start with the same ConfigError.
 */
export function defineScenarios(scenarios: Scenarios): Scenarios {
  const server = serverIfInstalled();
  if (!server) return scenarios;
  try {
    return server.validateScenariosObject(scenarios);
  } catch (error) {
    throw asClientError(server, error);
  }
}
