import type { AoaiError } from '../http/aoai-error.ts';
import { PREVIEW_API_VERSIONS, STABLE_API_VERSIONS } from './api-versions.ts';
import { MODEL_FAMILIES, type ModelFamilyRules, type ParameterRule } from './model-families.ts';
import { serviceErrors } from './service-errors.ts';

/** A family's rules in the form a request reads: a set lookup, and short lists of the parameters refused. */
interface CompiledFamily {
  rules: ModelFamilyRules;
  /** The known api-versions older than the family's first one. */
  tooOld: ReadonlySet<string>;
  parameters: readonly Refused[];
  responses: readonly Refused[];
}

/** One refused parameter: its name (or dotted path) as the error names it, the path to its value, the rule. */
interface Refused {
  name: string;
  path: readonly string[];
  rule: ParameterRule;
}

const COMPILED = MODEL_FAMILIES.map(compile);

function compile(rules: ModelFamilyRules): CompiledFamily {
  const first = rules.firstApiVersion?.slice(0, 10);
  const known = [...STABLE_API_VERSIONS, ...PREVIEW_API_VERSIONS];
  return {
    rules,
    tooOld: new Set(first === undefined ? [] : known.filter((version) => version.slice(0, 10) < first)),
    parameters: refusedList(rules.parameters),
    responses: refusedList(rules.responses),
  };
}

function refusedList(rules: Readonly<Record<string, ParameterRule>>): Refused[] {
  return Object.entries(rules).map(([name, rule]) => ({ name, path: name.split('.'), rule }));
}

/**
 * Each model name's family, found once: a deployment names one model for its whole life. Model names come from the
 * scenarios, never from requests; the bound only guards against a scenarios file reloaded with ever new names.
 */
const familyByModel = new Map<string, CompiledFamily | null>();
const MAX_REMEMBERED_MODELS = 1024;

function familyOf(model: string): CompiledFamily | null {
  let family = familyByModel.get(model);
  if (family === undefined) {
    const name = model.toLowerCase();
    family = COMPILED.find((compiled) => compiled.rules.pattern.test(name)) ?? null;
    if (familyByModel.size < MAX_REMEMBERED_MODELS) familyByModel.set(model, family);
  }
  return family;
}

/** The family a model belongs to, for docs and tests; undefined for a model no family names. */
export function modelFamilyRules(model: string): ModelFamilyRules | undefined {
  return familyOf(model)?.rules;
}

/** Whether a model takes audio on chat: true or false for a known family, undefined for a model no family names. */
export function modelTakesAudio(model: string): boolean | undefined {
  const family = familyOf(model);
  return family === null ? undefined : family.rules.audio === true;
}

/** `o3-mini` from `o3-mini-2025-01-31`: the service names the model without its version. */
function modelName(model: string): string {
  return model.replace(/-\d{4}-\d{2}-\d{2}$/, '');
}

/**
 * Refuses a model on a dated api-version older than its first (o-series before 2024-12-01-preview). The v1 routes
 * (no api-version) and versions outside the known list (the `any` policy) pass.
 */
export function checkModelApiVersion(model: string, apiVersion: string | undefined): void {
  if (apiVersion === undefined) return;
  const family = familyOf(model);
  if (family?.tooOld.has(apiVersion)) throw serviceErrors.modelNeedsNewerApiVersion(modelName(model), family.rules.firstApiVersion!);
}

/**
 * Refuses the first parameter of the family's list that the body sets (a null counts as not sent), then image input
 * to a model without vision. The list is short (ten at most) and read in the table's order.
 */
export function checkModelParameters(model: string, body: Record<string, unknown>): void {
  const family = familyOf(model);
  if (family === null) return;
  checkRefused(family.parameters, body);
  if (!family.rules.vision) checkNoImages(body.messages);
}

/** The same for a Responses API request: its sampling parameters, and `reasoning.effort` on a model without reasoning. */
export function checkResponsesParameters(model: string, body: Record<string, unknown>): void {
  const family = familyOf(model);
  if (family !== null) checkRefused(family.responses, body);
}

function checkRefused(refused: readonly Refused[], body: Record<string, unknown>): void {
  for (const { name, path, rule } of refused) {
    let value: unknown = body[path[0]!];
    for (let i = 1; i < path.length && value !== undefined && value !== null; i++) {
      value = typeof value === 'object' ? (value as Record<string, unknown>)[path[i]!] : undefined;
    }
    if (value === undefined || value === null) continue;
    if (rule.refusal === 'default-only' && value === rule.default) continue;
    throw refusal(name, rule, value);
  }
}

function refusal(parameter: string, rule: ParameterRule, value: unknown): AoaiError {
  switch (rule.refusal) {
    case 'unsupported':
      return serviceErrors.invalidRequest(
        `Unsupported parameter: '${parameter}' is not supported with this model.`,
        parameter,
        'unsupported_parameter',
      );
    case 'use-instead':
      return serviceErrors.invalidRequest(
        `Unsupported parameter: '${parameter}' is not supported with this model. Use '${rule.instead}' instead.`,
        parameter,
        'unsupported_parameter',
      );
    case 'default-only':
      return serviceErrors.invalidRequest(
        `Unsupported value: '${parameter}' does not support ${String(value)} with this model. Only the default (${rule.default}) value is supported.`,
        parameter,
        'unsupported_value',
      );
    case 'unknown':
      return serviceErrors.invalidRequest(`Unknown parameter: '${parameter}'.`, parameter, 'unknown_parameter');
    case 'unrecognized':
      return serviceErrors.unrecognizedArgument(parameter);
  }
}

/** The service's param path here is `messages.[1].content.[0].type`, dots before the brackets. */
function checkNoImages(messages: unknown): void {
  if (!Array.isArray(messages)) return;
  messages.forEach((message: { content?: unknown }, i) => {
    if (!Array.isArray(message?.content)) return;
    const j = message.content.findIndex((part: { type?: unknown }) => part?.type === 'image_url');
    if (j >= 0) {
      throw serviceErrors.invalidRequest(
        'Invalid content type. image_url is only supported by certain models.',
        `messages.[${i}].content.[${j}].type`,
        null,
      );
    }
  });
}
