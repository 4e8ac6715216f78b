import type { Scenarios } from '../generated/scenarios.ts';
import { ConfigError, type ConfigIssue } from './config-error.ts';
import { interpolateEnv } from './interpolate.ts';
import { schemaProblems } from './schema-validator.ts';
import { semanticProblems } from './semantic-checks.ts';
import { YamlSource } from './yaml-source.ts';

/**
 * Scenarios given as text rather than a file (a control-API update), checked exactly as a file is, with
 * `label:line:col` positions. Includes are refused: there is no file for them to be relative to.
 */
export function parseScenariosText(text: string, label: string, env: NodeJS.ProcessEnv = process.env): Scenarios {
  const { source, issues } = YamlSource.parse(label, text);
  if (issues.length > 0) throw new ConfigError(issues);
  const found: ConfigIssue[] = interpolateEnv(source.doc, env).map((missing) =>
    source.issue(
      missing.path,
      `uses the environment variable ${missing.name}, which is not set (write \${${missing.name}:-default} to give a default)`,
    ),
  );
  const data = (source.doc.toJS() ?? {}) as Scenarios;
  const problems = schemaProblems(data);
  for (const problem of problems.length > 0 ? problems : semanticProblems(data))
    found.push(source.issue(problem.path, problem.message, problem));
  if (data.include !== undefined)
    found.push(source.issue(['include'], 'is not available in an update sent to the control API: send the merged scenarios'));
  if (found.length > 0) throw new ConfigError(found);
  return data;
}
