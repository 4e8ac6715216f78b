import type { Scenarios } from '../generated/scenarios.ts';
import type { ConfigIssue } from './config-error.ts';
import { interpolateEnv } from './interpolate.ts';
import { schemaProblems, type SchemaProblem } from './schema-validator.ts';
import { semanticProblems, type SemanticOptions } from './semantic-checks.ts';
import type { YamlSource } from './yaml-source.ts';

/** A scenarios document's problems: the schema's, or, when it has none, those of the checks beyond it. */
export function scenarioProblems(data: unknown, options: SemanticOptions = {}): SchemaProblem[] {
  const problems = schemaProblems(data);
  return problems.length > 0 ? problems : semanticProblems(data as Scenarios, options);
}

/**
 * A parsed scenarios file or text as data, and its problems at their line and column: variables that are not
 * set, then scenarioProblems. `${VAR}` references are filled in from `env` when one is given (a file on disk);
 * without one (a document sent to the control API) the text is taken literally, so that whoever can reach the
 * port learns nothing of the process's environment.
 */
export function checkedSource(
  source: YamlSource,
  env: NodeJS.ProcessEnv | undefined,
  options: SemanticOptions = {},
): { data: Scenarios; issues: ConfigIssue[] } {
  const missing = env === undefined ? [] : interpolateEnv(source.doc, env);
  const issues: ConfigIssue[] = missing.map((variable) =>
    source.issue(
      variable.path,
      `uses the environment variable ${variable.name}, which is not set (write \${${variable.name}:-default} to give a default)`,
    ),
  );
  const data = (source.doc.toJS() ?? {}) as Scenarios;
  for (const problem of scenarioProblems(data, options)) issues.push(source.issue(problem.path, problem.message, problem));
  return { data, issues };
}
