/* eslint-disable */
/**
 * DO NOT EDIT: generated from the request schemas in server/src/operations/ by `npm run gen` (ajv's standalone
 * code). Change a schema, then run `npm run gen`; `npm test` fails when this file is stale.
 */

/** Each check's schema digest, by the check's name (see requestValidator). */
export declare const DIGESTS: Record<string, string>;
