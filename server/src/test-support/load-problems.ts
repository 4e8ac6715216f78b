import { ConfigError, formatIssue } from '../config/config-error.ts';
import { loadScenarios } from '../config/load-scenarios.ts';

/** The problems loading a scenarios file reports, as `file:line:col: …` lines; none when it loads. */
export async function loadProblems(file: string, env: NodeJS.ProcessEnv = {}, cwd?: string): Promise<string[]> {
  try {
    await loadScenarios(file, { env, ...(cwd ? { cwd } : {}) });
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(formatIssue);
    throw error;
  }
  return [];
}
