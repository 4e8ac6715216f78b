/* eslint-disable */
/**
 * DO NOT EDIT: generated from schema/scenarios.schema.json by `npm run gen` (ajv's standalone code).
 * Change the schema, then run `npm run gen`; `npm test` fails when this file is stale.
 */
import type { ValidateFunction } from 'ajv/dist/2020.js';
import type { Scenarios } from './scenarios.ts';

/** Checks a scenarios document against schema/scenarios.schema.json; its `errors` say how it fails. */
declare const validate: ValidateFunction<Scenarios>;
export default validate;
