import { ConfigError, formatIssue } from '../config/config-error.ts';
import { loadScenarios } from '../config/load-scenarios.ts';
import { importRecordings } from './import-recordings.ts';

/** Where `aoai-sim import` writes without --out: where record mode writes by default. */
const DEFAULT_OUT = 'cassettes';

/**
 * `aoai-sim import DIR [--out DIR] [--scenarios FILE]`: converts the Python simulators' recordings, sanitized by
 * the scenarios file's `record.sanitize` when one is given, and by the keys the environment holds. Prints a line
 * per file and the problems; exit 1 when any file could not be converted.
 */
export async function importCommand(source: string, values: { out?: string; scenarios?: string }, env: NodeJS.ProcessEnv): Promise<number> {
  let sanitize;
  if (values.scenarios) {
    try {
      sanitize = (await loadScenarios(values.scenarios, { env })).scenarios.record?.sanitize;
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const issue of error.issues) console.error(formatIssue(issue));
      return 1;
    }
  }
  const secrets = [env.AZURE_OPENAI_KEY, env.SIMULATOR_API_KEY, env.AOAI_SIM_API_KEY].filter((secret): secret is string => !!secret);
  const out = values.out ?? DEFAULT_OUT;
  const report = await importRecordings(source, { out, secrets, ...(sanitize ? { sanitize } : {}) });
  for (const line of report.lines) console.log(line);
  for (const problem of report.problems) console.error(formatIssue(problem));
  console.log(`${report.written} ${report.written === 1 ? 'cassette' : 'cassettes'} written to ${out}`);
  return report.problems.length > 0 ? 1 : 0;
}
