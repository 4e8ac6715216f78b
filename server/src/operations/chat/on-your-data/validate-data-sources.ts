import {
  AUTHENTICATION_FIELDS,
  CONTEXT_PROPERTIES,
  DATA_SOURCE_TYPES,
  FIELDS_MAPPING_FIELDS,
  PREVIEW_FIELDS,
  VECTORIZATION_FIELDS,
  versionOffer,
  type FieldKind,
  type VersionOffer,
} from './data-source-types.ts';

/**
 * The On Your Data service checks `data_sources` with pydantic, and answers every problem at once, one line each:
 * `Validation error at #/data_sources/0/azure_search/parameters/index_name: Field required`. Its paths name the
 * source's type after its index (the tagged union's tag), and its messages are pydantic v2's own, which it also
 * follows in coercing lax input ("5" is an integer, "true" a boolean, but 5 is no string).
 */
export function dataSourceProblems(body: Record<string, unknown>, apiVersion: string | undefined): string[] {
  const problems: string[] = [];
  const report = (path: string, message: string) => problems.push(`Validation error at #/${path}: ${message}`);
  const sources = body.data_sources;
  if (!Array.isArray(sources)) {
    report('data_sources', 'Input should be a valid list');
    return problems;
  }
  // the docs: "The array must have exactly one element"
  if (sources.length === 0) report('data_sources', 'List should have at least 1 item after validation, not 0');
  if (sources.length > 1) report('data_sources', `List should have at most 1 item after validation, not ${sources.length}`);
  const offer = versionOffer(apiVersion);
  sources.slice(0, 8).forEach((source, i) => checkSource(source, `data_sources/${i}`, offer, report));
  // the On Your Data request has no log probabilities (the docs: "you can't use logprobs or top_logprobs")
  for (const name of ['logprobs', 'top_logprobs']) if (body[name] != null) report(name, EXTRA);
  return problems;
}

type Report = (path: string, message: string) => void;

const EXTRA = 'Extra inputs are not permitted';
const REQUIRED = 'Field required';
const NOT_OBJECT = 'Input should be a valid dictionary or object to extract fields from';

function checkSource(source: unknown, path: string, offer: VersionOffer, report: Report): void {
  const tag = taggedObject(source, path, knownTypes(offer), report);
  if (tag === undefined) return;
  const { object, type } = tag;
  const at = `${path}/${type}`;
  const spec = DATA_SOURCE_TYPES[type]!;
  for (const key of Object.keys(object)) if (key !== 'type' && key !== 'parameters') report(`${at}/${key}`, EXTRA);
  if (object.parameters === undefined) return report(`${at}/parameters`, REQUIRED);
  const parameters = object.parameters;
  if (!isObject(parameters)) return report(`${at}/parameters`, NOT_OBJECT);
  const fields: Record<string, FieldKind> = { ...spec.fields, ...(offer.previewKnobs ? PREVIEW_FIELDS : {}) };
  for (const [name, kind] of Object.entries(fields)) {
    const value = parameters[name];
    if (value === undefined || (value === null && !spec.required.includes(name))) {
      if (spec.required.includes(name)) report(`${at}/parameters/${name}`, REQUIRED);
      continue;
    }
    checkField(value, kind, `${at}/parameters/${name}`, offer, report);
  }
  for (const key of Object.keys(parameters)) if (!(key in fields)) report(`${at}/parameters/${key}`, EXTRA);
}

function knownTypes(offer: VersionOffer): string[] {
  return Object.entries(DATA_SOURCE_TYPES)
    .filter(([, type]) => offer.has(type))
    .map(([name]) => name);
}

/** A member of a union tagged by `type`: the object and its tag, or undefined after reporting why not. */
function taggedObject(
  value: unknown,
  path: string,
  tags: readonly string[],
  report: Report,
): { object: Record<string, unknown>; type: string } | undefined {
  if (!isObject(value)) return void report(path, NOT_OBJECT);
  const type = value.type;
  if (type === undefined) return void report(path, "Unable to extract tag using discriminator 'type'");
  if (typeof type !== 'string' || !tags.includes(type)) {
    const expected = tags.map((tag) => `'${tag}'`).join(', ');
    return void report(path, `Input tag '${String(type)}' found using 'type' does not match any of the expected tags: ${expected}`);
  }
  return { object: value, type };
}

function checkField(value: unknown, kind: FieldKind, path: string, offer: VersionOffer, report: Report): void {
  switch (kind.kind) {
    case 'string':
      if (typeof value !== 'string') report(path, 'Input should be a valid string');
      return;
    case 'integer':
      return checkInteger(value, kind, path, report);
    case 'boolean':
      if (!isLaxBoolean(value))
        report(
          path,
          typeof value === 'string' ? 'Input should be a valid boolean, unable to interpret input' : 'Input should be a valid boolean',
        );
      return;
    case 'strings':
      return checkList(value, path, report, (item, itemPath) => checkField(item, { kind: 'string' }, itemPath, offer, report));
    case 'enum':
      if (typeof value !== 'string' || !kind.values.includes(value)) report(path, `Input should be ${oneOf(kind.values)}`);
      return;
    case 'contexts':
      return checkList(value, path, report, (item, itemPath) =>
        checkField(item, { kind: 'enum', values: CONTEXT_PROPERTIES }, itemPath, offer, report),
      );
    case 'authentication':
      return checkAuthentication(value, [...kind.types, ...(offer.previewKnobs ? (kind.previewTypes ?? []) : [])], path, report);
    case 'vectorization':
      return checkVectorization(value, [...kind.types, ...(offer.previewKnobs ? (kind.previewTypes ?? []) : [])], path, offer, report);
    case 'fields_mapping':
      return checkFieldsMapping(value, kind.required, kind.extra ?? [], path, offer, report);
  }
}

function checkInteger(value: unknown, kind: { min?: number; max?: number }, path: string, report: Report): void {
  let number: number;
  if (typeof value === 'number' && Number.isFinite(value)) {
    if (!Number.isInteger(value)) return report(path, 'Input should be a valid integer, got a number with a fractional part');
    number = value;
  } else if (typeof value === 'string') {
    if (!/^\s*[-+]?\d+\s*$/.test(value)) return report(path, 'Input should be a valid integer, unable to parse string as an integer');
    number = Number(value);
  } else return report(path, 'Input should be a valid integer');
  if (kind.min !== undefined && number < kind.min) report(path, `Input should be greater than or equal to ${kind.min}`);
  if (kind.max !== undefined && number > kind.max) report(path, `Input should be less than or equal to ${kind.max}`);
}

const LAX_BOOLEANS = new Set(['0', '1', 'f', 't', 'n', 'y', 'no', 'off', 'on', 'yes', 'true', 'false']);

function isLaxBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return true;
  if (typeof value === 'number') return value === 0 || value === 1;
  return typeof value === 'string' && LAX_BOOLEANS.has(value.trim().toLowerCase());
}

function checkList(value: unknown, path: string, report: Report, checkItem: (item: unknown, path: string) => void): void {
  if (!Array.isArray(value)) return report(path, 'Input should be a valid list');
  value.slice(0, 64).forEach((item, i) => checkItem(item, `${path}/${i}`));
}

function checkAuthentication(value: unknown, types: readonly string[], path: string, report: Report): void {
  const tag = taggedObject(value, path, types, report);
  if (tag === undefined) return;
  const required = AUTHENTICATION_FIELDS[tag.type as keyof typeof AUTHENTICATION_FIELDS];
  checkObject(tag.object, `${path}/${tag.type}`, required, [], report, (name, item, itemPath) =>
    checkField(item, { kind: 'string' }, itemPath, versionOffer(undefined), report),
  );
}

function checkVectorization(value: unknown, types: readonly string[], path: string, offer: VersionOffer, report: Report): void {
  const tag = taggedObject(value, path, types, report);
  if (tag === undefined) return;
  const { required, optional } = VECTORIZATION_FIELDS[tag.type as keyof typeof VECTORIZATION_FIELDS];
  const at = `${path}/${tag.type}`;
  checkObject(tag.object, at, required, optional, report, (name, item, itemPath) => {
    if (name === 'authentication')
      checkAuthentication(item, offer.previewKnobs ? ['api_key', 'access_token'] : ['api_key'], itemPath, report);
    else if (name === 'dimensions') checkInteger(item, {}, itemPath, report);
    else checkField(item, { kind: 'string' }, itemPath, offer, report);
  });
}

function checkFieldsMapping(
  value: unknown,
  required: readonly string[],
  extra: readonly string[],
  path: string,
  offer: VersionOffer,
  report: Report,
): void {
  if (!isObject(value)) return report(path, NOT_OBJECT);
  const optional = [...FIELDS_MAPPING_FIELDS, ...extra].filter((name) => !required.includes(name));
  checkObject(value, path, required, optional, report, (name, item, itemPath) =>
    checkField(item, { kind: name.endsWith('_fields') ? 'strings' : 'string' }, itemPath, offer, report),
  );
}

/** An object's fields: the required ones present, the known ones checked, any other one refused (but `type`). */
function checkObject(
  object: Record<string, unknown>,
  path: string,
  required: readonly string[],
  optional: readonly string[],
  report: Report,
  checkItem: (name: string, value: unknown, path: string) => void,
): void {
  for (const name of [...required, ...optional]) {
    const value = object[name];
    if (value === undefined || (value === null && !required.includes(name))) {
      if (required.includes(name)) report(`${path}/${name}`, REQUIRED);
    } else checkItem(name, value, `${path}/${name}`);
  }
  for (const key of Object.keys(object))
    if (key !== 'type' && !required.includes(key) && !optional.includes(key)) report(`${path}/${key}`, EXTRA);
}

/** pydantic's list of literals: `'a', 'b' or 'c'`. */
function oneOf(values: readonly string[]): string {
  const quoted = values.map((value) => `'${value}'`);
  return quoted.length === 1 ? quoted[0]! : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
