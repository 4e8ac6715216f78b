import type { ContentFilterOutcome, LatencyProfile, Operation } from '../generated/scenarios.ts';
import { AoaiError } from '../http/aoai-error.ts';
import type { OperationResult } from '../operations/types.ts';
import { promptFilterResults, type FilterCategories } from '../protocol/content-filter.ts';
import { serviceErrors } from '../protocol/service-errors.ts';
import { shorthandError } from '../faults/fault-responses.ts';
import { describeNearMisses, nearMisses, requestMatches, type MatchResult, type RequestView } from './match/index.ts';
import type { CompiledResponse, CompiledRule } from './rule-set.ts';
import type { Claim, RuleCounters } from './rule-counters.ts';
import type { ScriptedAnswer } from './scripted-answer.ts';
import { templateContext } from './template-context.ts';
import { TemplateError, type TemplateContext } from './templates.ts';

/** What the scenario rules decide for a request. */
export interface ScenarioDecision {
  /** The rule that matched, if any. */
  rule?: string;
  /** A scripted answer for the operation's handler to shape. */
  answer?: ScriptedAnswer;
  /** A complete answer (a raw response) that skips the handler. */
  result?: OperationResult;
  /** The rule's own latency, over the deployment's. */
  latency?: LatencyProfile;
}

/** Facts about the request that error shorthands need. */
export interface DecisionContext {
  requestId: string;
  apiVersion: string | undefined;
  contextWindow: number;
  /** The request's prompt tokens, computed only if a shorthand needs them. */
  promptTokens: () => number;
  /** The request's arrival, epoch ms on the simulator's clock: templates' `now` and `timestamp`. */
  time: number;
}

/**
 * The rules that match a request, in order, and their match results: made anew by each decide, which runs to its
 * end without awaiting when the counters answer at once, so one pair of arrays (and one claim) serves every
 * request without allocating. Counters that answer later (a shared store) get copies.
 */
const candidates: CompiledRule[] = [];
const matches: MatchResult[] = [];
const claimed: Claim = { index: -1, count: 0 };

/**
 * Decides what the scenario rules answer: the first rule (in priority order) whose match holds and whose
 * `times` budget is not spent. In three steps, so that a shared store costs one call per request: a pure match
 * (which rules match, up to the first without a budget, as that one always has room), at most one counter call
 * (the first candidate with budget left, counted), then the pure answer for its count. A promise only when the
 * counters answer with one. No HTTP types. Errors a rule asks for are thrown as the service's AoaiError.
 */
export function decide<C extends RuleCounters>(
  rules: readonly CompiledRule[],
  counters: C,
  view: RequestView,
  context: DecisionContext,
  unmatched: 'generate' | 'error',
): DecisionOf<C> {
  return decideWith(rules, counters, view, context, unmatched) as DecisionOf<C>;
}

/** A decision at once from counters that answer at once (the memory store), else maybe a promise. */
export type DecisionOf<C extends RuleCounters> = C extends { readonly waits: false }
  ? ScenarioDecision
  : ScenarioDecision | Promise<ScenarioDecision>;

function decideWith(
  rules: readonly CompiledRule[],
  counters: RuleCounters,
  view: RequestView,
  context: DecisionContext,
  unmatched: 'generate' | 'error',
): ScenarioDecision | Promise<ScenarioDecision> {
  candidates.length = 0;
  matches.length = 0;
  for (const rule of rules) {
    const match = requestMatches(rule.match, view);
    if (!match.matched) continue;
    candidates.push(rule);
    matches.push(match);
    if (rule.times === undefined) break;
  }
  if (candidates.length === 0) return answer(rules, undefined, undefined, 0, view, context, unmatched);
  if (counters.waits) return decideLater(rules, counters, view, context, unmatched);
  const found = counters.claim(view.testId, candidates, claimed) as boolean;
  const rule = found ? candidates[claimed.index] : undefined;
  const match = found ? matches[claimed.index] : undefined;
  // emptied before anything can throw, so that no request's rules or matches are held after it
  candidates.length = 0;
  matches.length = 0;
  return answer(rules, rule, match, claimed.count, view, context, unmatched);
}

/** decide's second and third steps over counters that answer later: the request keeps its own arrays and claim. */
async function decideLater(
  rules: readonly CompiledRule[],
  counters: RuleCounters,
  view: RequestView,
  context: DecisionContext,
  unmatched: 'generate' | 'error',
): Promise<ScenarioDecision> {
  const mine = candidates.splice(0);
  const theirMatches = matches.splice(0);
  const own: Claim = { index: -1, count: 0 };
  const found = await counters.claim(view.testId, mine, own);
  return answer(
    rules,
    found ? mine[own.index] : undefined,
    found ? theirMatches[own.index] : undefined,
    own.count,
    view,
    context,
    unmatched,
  );
}

/** The pure answer for a claimed rule at its count, or the unmatched request's. */
function answer(
  rules: readonly CompiledRule[],
  rule: CompiledRule | undefined,
  match: MatchResult | undefined,
  callCount: number,
  view: RequestView,
  context: DecisionContext,
  unmatched: 'generate' | 'error',
): ScenarioDecision {
  if (rule === undefined || match === undefined) {
    if (unmatched === 'error') throw noMatch(rules, view);
    return {};
  }
  const response = pickResponse(rule, callCount);
  const latency = response.source.latency;
  return { rule: rule.name, ...(latency ? { latency } : {}), ...respond(rule.name, response, view, match, callCount, context) };
}

function pickResponse(rule: CompiledRule, callCount: number): CompiledResponse {
  const { responses } = rule;
  if (callCount <= responses.length) return responses[callCount - 1]!;
  if (rule.onEnd === 'cycle') return responses[(callCount - 1) % responses.length]!;
  if (rule.onEnd === 'error') {
    throw AoaiError.openai(
      500,
      `Scenario rule "${rule.name}" has answered all ${responses.length} responses of its sequence (onEnd: error); this was call ${callCount}.`,
      {
        type: 'server_error',
        code: 'scenario_sequence_exhausted',
      },
    );
  }
  return responses[responses.length - 1]!;
}

function respond(
  rule: string,
  compiled: CompiledResponse,
  view: RequestView,
  match: MatchResult,
  callCount: number,
  context: DecisionContext,
): Omit<ScenarioDecision, 'rule'> {
  const response = compiled.source;
  if (response.error) throw errorShorthand(response.error, view.operation, context);
  const filter = response.contentFilter;
  const annotate = filter?.action === 'annotate';
  if (filter?.stage === 'prompt' && !annotate) throw serviceErrors.promptFiltered(promptFilterResults(categories(filter)));
  if (response.raw) {
    const body =
      response.raw.body === undefined ? '' : typeof response.raw.body === 'string' ? response.raw.body : JSON.stringify(response.raw.body);
    return { result: { kind: 'raw', status: response.raw.status, headers: response.raw.headers ?? {}, body } };
  }
  // made once, when the first template renders
  let builtContext: TemplateContext | undefined;
  const scope = (): TemplateContext => (builtContext ??= templateContext(rule, view, match, callCount));
  const render = (template: NonNullable<CompiledResponse['template']>) => {
    try {
      return template.render(scope(), context.time);
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      throw AoaiError.openai(500, `Scenario rule "${rule}": its template failed: ${error.message}`, {
        type: 'server_error',
        code: 'scenario_template_error',
      });
    }
  };

  let text: string | null = null;
  if (response.content !== undefined) text = response.content;
  else if (compiled.template) text = render(compiled.template);
  else if (response.json !== undefined) text = JSON.stringify(response.json);
  const toolCalls = (response.toolCalls ?? []).map((call, i) => {
    const template = compiled.argumentTemplates[i];
    const args = template ? render(template) : JSON.stringify(call.arguments ?? {});
    return { ...(call.id ? { id: call.id } : {}), name: call.name, arguments: args };
  });
  if (text === null && toolCalls.length === 0) {
    if (filter?.stage === 'output' && !annotate) text = '';
    else return {}; // a rule without an answer of its own (latency only): the default generator answers
  }
  const answer: ScriptedAnswer = { rule, text, toolCalls };
  if (response.citations || response.intent !== undefined)
    answer.grounding = {
      ...(response.citations ? { citations: response.citations } : {}),
      ...(response.intent !== undefined ? { intent: response.intent } : {}),
    };
  // an annotating outcome cuts nothing: the answer goes through whole, its annotations say what was detected
  if (filter?.stage === 'output')
    answer.outputFilter = annotate
      ? { categories: categories(filter) }
      : { afterTokens: filter.afterTokens ?? 0, categories: categories(filter) };
  if (filter?.stage === 'prompt') answer.promptFilter = categories(filter);
  return { answer };
}

function categories(outcome: ContentFilterOutcome): FilterCategories {
  const { stage: _stage, afterTokens: _after, ...rest } = outcome;
  return rest;
}

function errorShorthand(
  shorthand: NonNullable<CompiledResponse['source']['error']>,
  operation: Operation,
  context: DecisionContext,
): AoaiError {
  if (shorthand !== 'context_length_exceeded') return shorthandError(shorthand, { ...context, operation });
  return serviceErrors.contextLengthExceeded(
    context.contextWindow,
    Math.max(context.promptTokens(), context.contextWindow + 1),
    undefined,
    operation === 'chat' ? 'messages' : 'prompt',
  );
}

/** Strict mode's miss: a 404-class error naming the closest rules and why each did not match. */
function noMatch(rules: readonly CompiledRule[], view: RequestView): AoaiError {
  const closest = describeNearMisses(nearMisses(rules, view));
  const message =
    closest.length === 0
      ? 'No scenario rule matched this request, and unmatched requests are errors (server.unmatched: error). No rules are defined.'
      : `No scenario rule matched this request, and unmatched requests are errors (server.unmatched: error). Closest rules: ${closest.join(' | ')}`;
  const error = new AoaiError(404, JSON.stringify({ error: { code: 'NoScenarioMatch', message, nearMisses: closest } }));
  error.logNote = message;
  return error;
}
