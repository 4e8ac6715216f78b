import type { Distribution, FaultAction, Response, Scenarios } from '../generated/scenarios.ts';
import { compileLinearRegex, RegexSyntaxError } from '../regex/index.ts';
import { CompiledTemplate, type TemplateLimits } from '../scenarios/templates.ts';
import { routerProblems } from './deployment-links.ts';
import { resourceProblems } from './resource-checks.ts';
import { modelFamily } from './model-catalog.ts';
import type { PathSegment } from './pointer.ts';
import { resolveTemplateLimits } from './resolve-config.ts';
import type { SchemaProblem } from './schema-validator.ts';

export interface SemanticOptions {
  /**
   * Leave templates to a later templateProblems call: a file that is merged with others is held to the limits of
   * the merged `templates` section, which may be set in another file.
   */
  deferTemplates?: boolean;
}

/**
 * What the schema cannot say: one answer per rule, regular expressions that compile, templates that parse
 * within the limits, a model whose operations are known, the parameters each latency distribution needs. Runs
 * on a file that already fits the schema.
 */
export function semanticProblems(data: Scenarios, options: SemanticOptions = {}): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const report = (path: PathSegment[], message: string) => problems.push({ path, message });

  data.scenarios?.forEach((rule, i) => {
    const answers = ['respond', 'sequence'].filter((key) => key in rule);
    if (answers.length !== 1) {
      report(['scenarios', i], `must have exactly one of "respond" or "sequence" (rule "${rule.name}" has ${answers.length})`);
    }
    const responses: Array<[Response, PathSegment[]]> = rule.sequence
      ? rule.sequence.responses.map((response, j) => [response, ['scenarios', i, 'sequence', 'responses', j]])
      : rule.respond
        ? [[rule.respond, ['scenarios', i, 'respond']]]
        : [];
    for (const [response, path] of responses) checkResponse(response, path, report);
  });

  const state = data.server?.state;
  if (state?.store === 'redis' && state.url === undefined) {
    report(['server', 'state'], 'must have a "url" with store "redis" (or set AOAI_SIM_REDIS_URL)');
  }

  const deploymentSets: Array<[PathSegment[], Scenarios['deployments']]> = [[['deployments'], data.deployments]];
  for (const [name, resource] of Object.entries(data.resources ?? {})) {
    deploymentSets.push([['resources', name, 'deployments'], resource.deployments]);
  }
  problems.push(...resourceProblems(data));
  for (const [at, deployments] of deploymentSets)
    for (const [name, deployment] of Object.entries(deployments ?? {})) {
      const path = [...at, name];
      if (!deployment.operations && !modelFamily(deployment.model)) {
        report(
          [...path, 'model'],
          `is a model the simulator does not know ("${deployment.model}"): list the operations it serves under "operations"`,
        );
      }
      const limit = deployment.rateLimit;
      if (limit?.tpm !== undefined && limit.ptu !== undefined) {
        report([...path, 'rateLimit'], 'must have "tpm" or "ptu", not both: a deployment is either standard or provisioned');
      }
      problems.push(...routerProblems(name, deployment));
      const latency = deployment.latency;
      for (const key of ['ttft', 'itl', 'perRequest', 'perInputToken'] as const) {
        const distribution = latency?.[key];
        if (distribution !== undefined) checkDistribution(distribution, [...path, 'latency', key], report);
      }
    }

  data.incidents?.forEach((incident, i) => {
    incident.phases.forEach((phase, j) => {
      if (durationMs(phase.to) <= durationMs(phase.from)) {
        report(['incidents', i, 'phases', j, 'to'], `must be later than "from" (${phase.from})`);
      }
      checkFactor(phase.fault, ['incidents', i, 'phases', j, 'fault'], report);
    });
  });
  data.faults?.forEach((fault, i) => checkFactor(fault.fault, ['faults', i, 'fault'], report));

  visitRegexes(data, [], report);
  if (!options.deferTemplates) problems.push(...templateProblems(data, resolveTemplateLimits(data.templates)));
  return problems;
}

/** A latency or quota fault says by how much; a quota fault lowers the quota, never raises it. */
function checkFactor(action: FaultAction, path: PathSegment[], report: (path: PathSegment[], message: string) => void): void {
  if (action.kind !== 'latency' && action.kind !== 'quota') return;
  if (action.factor === undefined) report(path, `must have "factor": a ${action.kind} fault multiplies by it`);
  else if (action.kind === 'quota' && action.factor > 1) report([...path, 'factor'], 'must be at most 1: a quota fault lowers the quota');
}

/** Templates that do not parse, or are longer than `limits` allow. Reads a file that may not fit the schema. */
export function templateProblems(data: Scenarios, limits: TemplateLimits): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const rules: unknown[] = Array.isArray(data.scenarios) ? data.scenarios : [];
  rules.forEach((rule, i) => {
    if (!isObject(rule)) return;
    const sequence = isObject(rule.sequence) && Array.isArray(rule.sequence.responses) ? rule.sequence.responses : [];
    const responses: Array<[unknown, PathSegment[]]> = sequence.map((response, j) => [
      response,
      ['scenarios', i, 'sequence', 'responses', j],
    ]);
    if (rule.respond !== undefined) responses.push([rule.respond, ['scenarios', i, 'respond']]);
    for (const [response, path] of responses) {
      if (!isObject(response)) continue;
      const templates: Array<[unknown, PathSegment[]]> = [[response.template, [...path, 'template']]];
      if (Array.isArray(response.toolCalls))
        response.toolCalls.forEach((call, k) => {
          if (isObject(call)) templates.push([call.arguments, [...path, 'toolCalls', k, 'arguments']]);
        });
      for (const [source, at] of templates) {
        if (typeof source !== 'string') continue;
        try {
          new CompiledTemplate(source, limits);
        } catch (error) {
          problems.push({ path: at, message: `is not a valid template: ${(error as Error).message}` });
        }
      }
    }
  });
  return problems;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Kinds of answer a response gives; content filtering of the output may accompany text. */
const ANSWER_KINDS = ['content', 'template', 'toolCalls', 'json', 'error', 'raw'] as const;

function checkResponse(response: Response, path: PathSegment[], report: (path: PathSegment[], message: string) => void): void {
  const kinds = ANSWER_KINDS.filter((kind) => response[kind] !== undefined);
  if (kinds.length > 1) report(path, `gives ${kinds.map((kind) => `"${kind}"`).join(' and ')}: a response answers one way`);
  const filter = response.contentFilter;
  if (filter === undefined) return;
  const at = [...path, 'contentFilter'];
  const annotate = filter.action === 'annotate';
  if (filter.stage === 'prompt' && !annotate && kinds.length > 0)
    report(at, 'a prompt filter refuses the request, so the response can have no other answer');
  if (annotate && kinds.length === 0)
    report(at, 'an annotating filter lets the answer through, so the response needs one (content, template, json or toolCalls)');
  // categories the service checks on one side only: Prompt Shields on the prompt, protected material on the output
  const wrongSide =
    filter.stage === 'prompt'
      ? (['protected_material_text', 'protected_material_code', 'citation'] as const).filter((key) => filter[key] !== undefined)
      : (['jailbreak', 'indirect_attack'] as const).filter((key) => filter[key] !== undefined);
  for (const key of wrongSide) report([...at, key], `is not checked on the ${filter.stage === 'prompt' ? 'prompt' : 'output'}`);
}

const DISTRIBUTION_PARAMETERS = {
  fixed: ['value'],
  uniform: ['min', 'max'],
  normal: ['mean', 'stdDev'],
  lognormal: ['median', 'p99'],
} as const;

function checkDistribution(distribution: Distribution, path: PathSegment[], report: (path: PathSegment[], message: string) => void): void {
  if (typeof distribution === 'number') return;
  const needed = DISTRIBUTION_PARAMETERS[distribution.distribution];
  const missing = needed.filter((key) => distribution[key] === undefined);
  if (missing.length > 0) {
    report(
      path,
      `a ${distribution.distribution} distribution needs ${needed.map((key) => `"${key}"`).join(' and ')} (missing ${missing.join(', ')})`,
    );
    return;
  }
  if (distribution.distribution === 'uniform' && distribution.min! > distribution.max!) report([...path, 'max'], 'must be at least "min"');
  if (distribution.distribution === 'lognormal' && distribution.p99! < distribution.median!)
    report([...path, 'p99'], 'must be at least "median"');
}

/** Milliseconds in a Duration such as `250ms`, `30s` or `2m`. */
export function durationMs(duration: string): number {
  const match = /^([0-9]+(?:\.[0-9]+)?)(ms|s|m)$/.exec(duration);
  if (!match) throw new Error(`not a duration: ${duration}`);
  const scale = { ms: 1, s: 1000, m: 60_000 }[match[2] as 'ms' | 's' | 'm'];
  return Number(match[1]) * scale;
}

/**
 * Why a scenarios regex cannot run, if it cannot. Every one of them (rule conditions, record.sanitize patterns)
 * runs on RE2, whose matching takes time linear in the text: JavaScript's backtracking engine took 9 s to try
 * `^(a+)+$` on a 31-character message, and twice that for each character more.
 */
function regexProblem(source: string): string | undefined {
  try {
    compileLinearRegex(source);
    return undefined;
  } catch (error) {
    const feature = error instanceof RegexSyntaxError ? error.feature : undefined;
    const remedy =
      feature === 'lookaround'
        ? 'rewrite it without them (in a rule, a second condition can test what a lookahead tested)'
        : feature === 'backreference'
          ? 'match the repeated text another way (in a rule, with a second condition)'
          : 'its syntax is at https://github.com/google/re2/wiki/Syntax';
    return `is not a regular expression the simulator can run: ${(error as Error).message}. Regexes in scenarios run on RE2, which matches in time linear in the text: ${remedy}`;
  }
}

/** Keys whose values are the user's own data, where a "regex" key is not ours. */
const DATA_KEYS = new Set(['json', 'raw', 'arguments', 'equals', 'contains']);

function visitRegexes(node: unknown, path: PathSegment[], report: (path: PathSegment[], message: string) => void): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => visitRegexes(item, [...path, i], report));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'regex' && typeof value === 'string') {
      const problem = regexProblem(value);
      if (problem !== undefined) report([...path, key], problem);
    } else if (!DATA_KEYS.has(key)) {
      visitRegexes(value, [...path, key], report);
    }
  }
}
