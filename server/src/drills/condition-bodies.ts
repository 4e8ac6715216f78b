import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { MAX_TIMER_MS } from '../clock/index.ts';
import { badControlRequest } from '../control/control-errors.ts';
import type { DegradeSettings, DownSettings } from './resource-condition.ts';

/** `POST /__sim/resources/{name}/up`: at once, or for a degraded resource, easing back over `recoverOverMs`. */
export interface UpSettings {
  recoverOverMs?: number;
}

const DURATION = { type: 'integer', minimum: 1, maximum: MAX_TIMER_MS } as const;
const STATUS = { type: 'integer', minimum: 400, maximum: 599 } as const;
/** What a degrade must say, at least one of. */
export const DEGRADE_EFFECTS = ['latencyFactor', 'quotaFactor', 'errorRate', 'ptuSaturated'] as const;

const SCHEMAS = {
  down: {
    type: 'object',
    additionalProperties: false,
    properties: { mode: { enum: ['status', 'timeout', 'reset'] }, status: STATUS, durationMs: DURATION },
  },
  degrade: {
    type: 'object',
    additionalProperties: false,
    properties: {
      latencyFactor: { type: 'number', minimum: 1, maximum: 1000 },
      quotaFactor: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
      errorRate: { type: 'number', minimum: 0, maximum: 1 },
      status: STATUS,
      ptuSaturated: { type: 'boolean' },
      durationMs: DURATION,
      recoverOverMs: DURATION,
    },
  },
  up: { type: 'object', additionalProperties: false, properties: { recoverOverMs: DURATION } },
} as const;

// compiled on a drill's first call rather than at import: most runs never call one, and the start paid for them
let ajv: Ajv2020 | undefined;
const validators: { [K in keyof Settings]?: ValidateFunction<Settings[K]> } = {};

function validatorFor<K extends keyof Settings>(action: K): ValidateFunction<Settings[K]> {
  ajv ??= new Ajv2020({ allErrors: false, strict: true });
  return (validators[action] ??= ajv.compile<Settings[K]>(SCHEMAS[action])) as ValidateFunction<Settings[K]>;
}

/** The body of a drill's call, checked (an absent body is `{}`); else the control API's 400, naming the field. */
export function conditionBody<K extends keyof Settings>(action: K, body: unknown): Settings[K] {
  const value = body === undefined || body === null || body === '' ? {} : body;
  const validate = validatorFor(action);
  if (!validate(value)) throw badControlRequest(describe(validate.errors?.[0]));
  if (action === 'degrade' && !DEGRADE_EFFECTS.some((key) => (value as Record<string, unknown>)[key] !== undefined)) {
    throw badControlRequest(`A degrade says how: give at least one of ${DEGRADE_EFFECTS.join(', ')}.`);
  }
  return value;
}

interface Settings {
  down: DownSettings;
  degrade: DegradeSettings;
  up: UpSettings;
}

function describe(error: ErrorObject | undefined): string {
  if (error === undefined) return 'The body is not valid.';
  if (error.keyword === 'additionalProperties') return `"${String(error.params.additionalProperty)}" is not a setting of this call.`;
  if (error.instancePath === '') return `The body ${error.message ?? 'is not valid'}: send a JSON object.`;
  return `"${error.instancePath.slice(1)}" ${error.message ?? 'is not valid'}.`;
}
