import type { Scenarios } from '../generated/scenarios.ts';
import type { ConfigIssue } from './config-error.ts';
import { interpolateEnv } from './interpolate.ts';
import { schemaProblems, type SchemaProblem } from './schema-validator.ts';
import { semanticProblems } from './semantic-checks.ts';
import type { YamlSource } from './yaml-source.ts';

/** A scenarios document's problems: the schema's, or, when it has none, those of the checks beyond it. */
export function scenarioProblems(data: unknown): SchemaProblem[] {
  const problems = schemaProblems(data);
  return problems.length > 0 ? problems : semanticProblems(data as Scenarios);
}

/**
 * A parsed scenarios file or text, with `${VAR}` references filled in from `env`, as data, and its problems at
 * their line and column: variables that are not set, then scenarioProblems.
 */
export function checkedSource(source: YamlSource, env: NodeJS.ProcessEnv): { data: Scenarios; issues: ConfigIssue[] } {
  const issues: ConfigIssue[] = interpolateEnv(source.doc, env).map((missing) =>
    source.issue(
      missing.path,
      `uses the environment variable ${missing.name}, which is not set (write \${${missing.name}:-default} to give a default)`,
    ),
  );
  const data = (source.doc.toJS() ?? {}) as Scenarios;
  for (const problem of scenarioProblems(data)) issues.push(source.issue(problem.path, problem.message, problem));
  return { data, issues };
}
