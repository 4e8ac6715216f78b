import type { AoaiError } from '../http/aoai-error.ts';
import { PREVIEW_API_VERSIONS, STABLE_API_VERSIONS } from './api-versions.ts';
import { MODEL_FAMILIES, type ModelFamilyRules, type ParameterRule } from './model-families.ts';
import { serviceErrors } from './service-errors.ts';

/** A family's rules in the form a request reads: map lookups only. */
interface CompiledFamily {
  rules: ModelFamilyRules;
  /** The known api-versions older than the family's first one. */
  tooOld: ReadonlySet<string>;
  parameters: ReadonlyMap<string, ParameterRule>;
  /** Responses API rules by the body key they sit under: `reasoning` → [`reasoning.effort`, rule]. */
  responses: ReadonlyMap<string, ReadonlyArray<readonly [string, ParameterRule]>>;
}

const COMPILED = MODEL_FAMILIES.map(compile);

function compile(rules: ModelFamilyRules): CompiledFamily {
  const first = rules.firstApiVersion?.slice(0, 10);
  const known = [...STABLE_API_VERSIONS, ...PREVIEW_API_VERSIONS];
  return {
    rules,
    tooOld: new Set(first === undefined ? [] : known.filter((version) => version.slice(0, 10) < first)),
    parameters: new Map(Object.entries(rules.parameters)),
    responses: byBodyKey(rules.responses),
  };
}

function byBodyKey(rules: Readonly<Record<string, ParameterRule>>): Map<string, Array<readonly [string, ParameterRule]>> {
  const map = new Map<string, Array<readonly [string, ParameterRule]>>();
  for (const [path, rule] of Object.entries(rules)) {
    const key = path.split('.')[0]!;
    map.set(key, [...(map.get(key) ?? []), [path, rule] as const]);
  }
  return map;
}

/** Each model name's family, found once: a deployment names one model for its whole life. */
const familyByModel = new Map<string, CompiledFamily | null>();

function familyOf(model: string): CompiledFamily | null {
  let family = familyByModel.get(model);
  if (family === undefined) {
    const name = model.toLowerCase();
    family = COMPILED.find((compiled) => compiled.rules.pattern.test(name)) ?? null;
    familyByModel.set(model, family);
  }
  return family;
}

/** The family a model belongs to, for docs and tests; undefined for a model no family names. */
export function modelFamilyRules(model: string): ModelFamilyRules | undefined {
  return familyOf(model)?.rules;
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
 * Refuses the first parameter in the body that the model's family does not take (a null counts as not sent), then
 * image input to a model without vision.
 */
export function checkModelParameters(model: string, body: Record<string, unknown>): void {
  const family = familyOf(model);
  if (family === null) return;
  for (const parameter in body) {
    const rule = family.parameters.get(parameter);
    const value = body[parameter];
    if (rule === undefined || value === undefined || value === null) continue;
    if (rule.refusal === 'default-only' && value === rule.default) continue;
    throw refusal(parameter, rule, value);
  }
  if (!family.rules.vision) checkNoImages(body.messages);
}

/** The same for a Responses API request: its sampling parameters, and `reasoning.effort` on a model without reasoning. */
export function checkResponsesParameters(model: string, body: Record<string, unknown>): void {
  const family = familyOf(model);
  if (family === null) return;
  for (const key in body) {
    const rules = family.responses.get(key);
    if (rules === undefined) continue;
    for (const [path, rule] of rules) {
      const value = valueAt(body, path);
      if (value === undefined || value === null) continue;
      if (rule.refusal === 'default-only' && value === rule.default) continue;
      throw refusal(path, rule, value);
    }
  }
}

function valueAt(body: Record<string, unknown>, path: string): unknown {
  let value: unknown = body;
  for (const part of path.split('.'))
    value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value;
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
