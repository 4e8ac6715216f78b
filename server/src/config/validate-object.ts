import type { Scenarios } from '../generated/scenarios.ts';
import { ConfigError, type ConfigIssue } from './config-error.ts';
import { toPointer } from './pointer.ts';
import { scenarioProblems } from './scenario-problems.ts';

/**
 * Checks a scenarios object (from code or a JSON request, not a file) exactly as a file is checked; the
 * problems carry JSON pointers instead of line and column. Throws a ConfigError; returns the object typed.
 */
export function validateScenariosObject(data: unknown, label = 'scenarios'): Scenarios {
  const found = scenarioProblems(data);
  if (found.length > 0) {
    throw new ConfigError(
      found.map((problem): ConfigIssue => ({ file: label, pointer: toPointer(problem.path), message: problem.message })),
    );
  }
  return data as Scenarios;
}
