import { createHash } from 'node:crypto';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import * as precompiled from '../generated/request-validators.js';
import type { AoaiError } from '../http/aoai-error.ts';
import { serviceErrors } from './service-errors.ts';

/** How the request checks are compiled, here and by `npm run gen` (scripts/request-validators.ts). */
export const REQUEST_AJV_OPTIONS = { allErrors: false, strict: false, verbose: true } as const;

let ajv: Ajv2020 | undefined;
/** Every check made, by name, with its schema: what `npm run gen` precompiles. */
const SCHEMAS = new Map<string, Record<string, unknown>>();
/** The checks not compiled yet: compiled by the warm-up after the start (requestValidatorCompiles), or by their first body. */
const uncompiled = new Set<() => void>();

/**
 * A check that throws the service's 400 for the first problem of a request body, worded as the service words it
 * and naming the parameter (`messages[0].role`). Its code is ajv's, precompiled by `npm run gen` into
 * server/src/generated/request-validators.js: compiling the checks took about 0.15 s of each start, the chat
 * request's 70 ms of it. A schema that is not the one precompiled under `name` (its digest differs: the schema was
 * changed and `npm run gen` not run yet) is compiled here instead, when the warm-up or its first body asks.
 */
export function requestValidator(name: string, schema: Record<string, unknown>): (body: unknown) => void {
  if (SCHEMAS.has(name)) throw new Error(`requestValidator: two checks are named ${name}`);
  SCHEMAS.set(name, schema);
  let validate = precompiledCheck(name, schema);
  const compile = (): ValidateFunction => {
    uncompiled.delete(compile);
    return (validate ??= (ajv ??= new Ajv2020(REQUEST_AJV_OPTIONS)).compile(schema));
  };
  if (!validate) uncompiled.add(compile);
  return (body) => {
    const check = validate ?? compile();
    if (check(body)) return;
    const error = pickError(check.errors ?? []);
    if (error) throw toServiceError(error);
  };
}

/** The checks made so far, by name, with their schemas (scripts/request-validators.ts precompiles them). */
export function requestSchemas(): ReadonlyMap<string, Record<string, unknown>> {
  return SCHEMAS;
}

/** What the precompiled module keeps with each check: the digest of the schema it was compiled from. */
export function schemaDigest(schema: Record<string, unknown>): string {
  return createHash('sha256').update(JSON.stringify(schema)).digest('base64url');
}

/** The name a check is exported under in the precompiled module. */
export function exportName(name: string): string {
  return `check_${name.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** The precompiled check of `name`, if it was compiled from this very schema. */
function precompiledCheck(name: string, schema: Record<string, unknown>): ValidateFunction | undefined {
  const module = precompiled as unknown as { DIGESTS?: Record<string, string> } & Record<string, unknown>;
  if (module.DIGESTS?.[name] !== schemaDigest(schema)) return undefined;
  return module[exportName(name)] as ValidateFunction | undefined;
}

/**
 * A step for each check not compiled yet, which compiles it (none if its first body already has): the warm-up
 * runs them one per event-loop turn, so that a request that comes meanwhile waits for one check's compiling, not
 * for all of them. With the precompiled module up to date, there are none.
 */
export function requestValidatorCompiles(): Array<() => void> {
  return [...uncompiled];
}

/**
 * The one problem to report. When a value failed every branch of an `anyOf` on type alone (a number given
 * where a string or an array is allowed), report that with all the types allowed; otherwise the most
 * specific problem inside the branch the value was meant for.
 */
function pickError(errors: readonly ErrorObject[]): ErrorObject | undefined {
  const alternative = errors.find((error) => error.keyword === 'anyOf' || error.keyword === 'oneOf');
  if (!alternative) return errors[0];
  const branchErrors = errors.filter((error) => error !== alternative && error.schemaPath.startsWith(`${alternative.schemaPath}/`));
  const typeErrors = branchErrors.filter((error) => error.keyword === 'type' && error.instancePath === alternative.instancePath);
  const specific = branchErrors.filter((error) => !typeErrors.includes(error));
  if (specific.length > 0) return specific.sort((a, b) => b.instancePath.length - a.instancePath.length)[0];
  const types = [...new Set(typeErrors.flatMap((error) => String(error.params.type).split(',')))];
  return { ...alternative, keyword: 'type', params: { type: types.join(',') } };
}

/** `messages[0].content` from ajv's `/messages/0/content`. */
export function paramName(segments: readonly (string | number)[]): string {
  return segments.reduce<string>((name, segment) => {
    if (typeof segment === 'number' || /^\d+$/.test(String(segment))) return `${name}[${segment}]`;
    return name ? `${name}.${segment}` : String(segment);
  }, '');
}

function segmentsOf(instancePath: string): string[] {
  return instancePath === ''
    ? []
    : instancePath
        .slice(1)
        .split('/')
        .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'));
}

const ARTICLE_TYPES: Record<string, string> = {
  array: 'an array',
  object: 'an object',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
  null: 'null',
};

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  return ARTICLE_TYPES[typeof value] ?? typeof value;
}

function quoteList(values: readonly unknown[]): string {
  const quoted = values.map((value) => `'${String(value)}'`);
  return quoted.length <= 1 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')}, and ${quoted[quoted.length - 1]}`;
}

export function toServiceError(error: ErrorObject): AoaiError {
  const segments = segmentsOf(error.instancePath);
  const param = paramName(segments);
  const data: unknown = error.data;
  switch (error.keyword) {
    case 'required': {
      const missing = paramName([...segments, String(error.params.missingProperty)]);
      return serviceErrors.invalidRequest(`Missing required parameter: '${missing}'.`, missing, 'missing_required_parameter');
    }
    case 'additionalProperties': {
      const name = String(error.params.additionalProperty);
      if (segments.length === 0) return serviceErrors.unrecognizedArgument(name);
      const full = paramName([...segments, name]);
      return serviceErrors.invalidRequest(`Unrecognized request argument supplied: ${full}`, full);
    }
    case 'type': {
      const expected = String(error.params.type)
        .split(',')
        .map((type) => ARTICLE_TYPES[type] ?? type);
      const wanted = expected.length > 1 ? `one of ${expected.join(' or ')}` : expected[0];
      return serviceErrors.invalidRequest(
        `Invalid type for '${param}': expected ${wanted}, but got ${describeValue(data)} instead.`,
        param,
        'invalid_type',
      );
    }
    case 'enum':
    case 'const': {
      const allowed = (error.params.allowedValues as unknown[] | undefined) ?? [error.params.allowedValue];
      return serviceErrors.invalidRequest(
        `Invalid value: '${String(data)}'. Supported values are: ${quoteList(allowed)}.`,
        param,
        'invalid_value',
      );
    }
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum': {
      const below = error.keyword.endsWith('inimum');
      const declared = (error.parentSchema as { type?: string | string[] } | undefined)?.type;
      const kind = (Array.isArray(declared) ? declared : [declared]).includes('integer') ? 'integer' : 'decimal';
      const comparison = String(error.params.comparison);
      return serviceErrors.invalidRequest(
        `Invalid '${param}': ${kind} ${below ? 'below minimum' : 'above maximum'} value. Expected a value ${comparison} ${String(error.params.limit)}, but got ${String(data)} instead.`,
        param,
        `${kind}_${below ? 'below_min' : 'above_max'}_value`,
      );
    }
    case 'minItems':
      return serviceErrors.invalidRequest(
        Array.isArray(data) && data.length === 0
          ? `Invalid '${param}': empty array. Expected an array with minimum length ${String(error.params.limit)}, but got an empty array instead.`
          : `Invalid '${param}': array too short. Expected an array with minimum length ${String(error.params.limit)}, but got an array with length ${(data as unknown[]).length} instead.`,
        param,
        Array.isArray(data) && data.length === 0 ? 'empty_array' : 'array_below_min_length',
      );
    case 'maxItems':
      return serviceErrors.invalidRequest(
        `Invalid '${param}': array too long. Expected an array with maximum length ${String(error.params.limit)}, but got an array with length ${(data as unknown[]).length} instead.`,
        param,
        'array_above_max_length',
      );
    case 'minLength':
      return serviceErrors.invalidRequest(
        `Invalid '${param}': string too short. Expected a string with minimum length ${String(error.params.limit)}, but got a string with length ${String(data).length} instead.`,
        param,
        'string_below_min_length',
      );
    case 'maxLength':
      return serviceErrors.invalidRequest(
        `Invalid '${param}': string too long. Expected a string with maximum length ${String(error.params.limit)}, but got a string with length ${String(data).length} instead.`,
        param,
        'string_above_max_length',
      );
    case 'pattern':
      return serviceErrors.invalidRequest(
        `Invalid '${param}': string does not match pattern. Expected a string that matches the pattern '${String(error.params.pattern)}'.`,
        param,
        'invalid_value',
      );
    default:
      return serviceErrors.invalidRequest(
        `Invalid '${param || 'body'}': ${error.message ?? 'invalid value'}.`,
        param || null,
        'invalid_value',
      );
  }
}
