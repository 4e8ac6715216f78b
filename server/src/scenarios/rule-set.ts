import type { Match, Response, ScenarioRule } from '../generated/scenarios.ts';
import { CompiledTemplate, type TemplateLimits } from './templates.ts';

/** An answer with its templates parsed once, when the scenarios load. */
export interface CompiledResponse {
  source: Response;
  template?: CompiledTemplate;
  /** Per tool call: its arguments template, when the arguments are given as a string. */
  argumentTemplates: Array<CompiledTemplate | undefined>;
}

export interface CompiledRule {
  name: string;
  match?: Match;
  times?: number;
  responses: CompiledResponse[];
  onEnd: 'repeat-last' | 'cycle' | 'error';
  sequence: boolean;
}

/**
 * The rules in evaluation order: higher `priority` first, file order among equals (a stable sort). Templates
 * are parsed here; the loader has already reported any that do not parse, with their position.
 */
export function compileRules(rules: readonly ScenarioRule[], limits: TemplateLimits): CompiledRule[] {
  return rules
    .map((rule, order) => ({ rule, order }))
    .sort((a, b) => (b.rule.priority ?? 0) - (a.rule.priority ?? 0) || a.order - b.order)
    .map(({ rule }) => ({
      name: rule.name,
      ...(rule.match ? { match: rule.match } : {}),
      ...(rule.times !== undefined ? { times: rule.times } : {}),
      responses: (rule.sequence?.responses ?? (rule.respond ? [rule.respond] : [])).map((response) => compileResponse(response, limits)),
      onEnd: rule.sequence?.onEnd ?? 'repeat-last',
      sequence: rule.sequence !== undefined,
    }));
}

export function compileResponse(response: Response, limits: TemplateLimits): CompiledResponse {
  return {
    source: response,
    ...(response.template !== undefined ? { template: new CompiledTemplate(response.template, limits) } : {}),
    argumentTemplates: (response.toolCalls ?? []).map((call) =>
      typeof call.arguments === 'string' ? new CompiledTemplate(call.arguments, limits) : undefined,
    ),
  };
}
