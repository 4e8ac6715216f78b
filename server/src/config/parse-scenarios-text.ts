import type { Scenarios } from '../generated/scenarios.ts';
import { ConfigError } from './config-error.ts';
import { checkedSource } from './scenario-problems.ts';
import { YamlSource } from './yaml-source.ts';

/**
 * Scenarios given as text rather than a file (a control-API update), checked as a file is, with
 * `label:line:col` positions, but taken literally: `${VAR}` stays as written, since the environment holds the
 * real endpoint's key and the text comes from whoever reaches the port. Includes are refused: there is no file
 * for them to be relative to.
 */
export function parseScenariosText(text: string, label: string): Scenarios {
  const { source, issues } = YamlSource.parse(label, text);
  if (issues.length > 0) throw new ConfigError(issues);
  const { data, issues: found } = checkedSource(source, undefined);
  if (data.include !== undefined)
    found.push(source.issue(['include'], 'is not available in an update sent to the control API: send the merged scenarios'));
  if (found.length > 0) throw new ConfigError(found);
  return data;
}
