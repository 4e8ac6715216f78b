/* eslint-disable */
/**
 * DO NOT EDIT: generated from the request schemas in server/src/operations/ by `npm run gen` (ajv's standalone
 * code). Change a schema, then run `npm run gen`; `npm test` fails when this file is stale.
 */
import type { ValidateFunction } from 'ajv/dist/2020.js';

/** Each check's schema digest, by the check's name (see requestValidator). */
export declare const DIGESTS: Record<string, string>;
/** The checks, each exported as `check_<name>`. */
declare const checks: Record<string, ValidateFunction>;
export default checks;
