// Renders the configuration reference (docs/configuration.md) from the scenarios JSON Schema.

type Schema = {
  title?: string;
  description?: string;
  type?: string | string[];
  enum?: unknown[];
  default?: unknown;
  examples?: unknown[];
  $ref?: string;
  items?: Schema;
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  additionalProperties?: boolean | Schema;
  required?: string[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
};

const escape = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

function typeOf(schema: Schema): string {
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop()!;
    return `[${name}](#${name.toLowerCase()})`;
  }
  if (schema.enum) return schema.enum.map((value) => `\`${JSON.stringify(value)}\``).join(' \\| ');
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' or ');
  if (schema.type === 'array') return `array of ${schema.items ? typeOf(schema.items) : 'any'}`;
  if (schema.type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object') {
    return `map of name → ${typeOf(schema.additionalProperties)}`;
  }
  if (schema.type === 'object' && schema.title) return `[${schema.title}](#${schema.title.toLowerCase()})`;
  if (Array.isArray(schema.type)) return schema.type.join(' or ');
  return schema.type ?? 'any';
}

function table(schema: Schema, defs: Record<string, Schema>): string[] {
  const rows = ['| property | type | default | description |', '|---|---|---|---|'];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const required = schema.required?.includes(name) ? ' (required)' : '';
    const fallback = property.default === undefined ? '' : `\`${JSON.stringify(property.default)}\``;
    const referenced = property.$ref ? defs[property.$ref.split('/').pop()!] : undefined;
    const description = property.description ?? referenced?.description ?? '';
    rows.push(`| \`${name}\`${required} | ${typeOf(property)} | ${fallback} | ${escape(description)} |`);
  }
  return rows;
}

/** Inline object schemas with a title get a section of their own, as the $defs do. */
function* sections(name: string, schema: Schema): Generator<[string, Schema]> {
  yield [name, schema];
  for (const property of Object.values(schema.properties ?? {})) {
    const nested = property.type === 'array' ? property.items : property;
    if (nested?.title && nested.properties) yield* sections(nested.title, nested);
  }
}

export function renderReference(root: Schema & { $defs: Record<string, Schema> }): string {
  const out = [
    '<!-- DO NOT EDIT: generated from schema/scenarios.schema.json by `npm run gen`. -->',
    '# Configuration reference',
    '',
    'Every key of `scenarios.yaml`, generated from [the JSON Schema](../schema/scenarios.schema.json). Durations in',
    'latency distributions are milliseconds. String values may use `${VAR}` and `${VAR:-default}`.',
    '',
  ];
  const all: Array<[string, Schema]> = [...sections('Scenarios', root)];
  for (const [name, def] of Object.entries(root.$defs)) all.push(...sections(name, def));
  for (const [name, schema] of all) {
    out.push(`## ${name}`, '', escape(schema.description ?? ''), '');
    if (schema.properties) out.push(...table(schema, root.$defs), '');
    else if (schema.anyOf) out.push(`One of: ${schema.anyOf.map(typeOf).join(', ')}.`, '');
    else out.push(`Type: ${typeOf(schema)}${schema.pattern ? `, matching \`${schema.pattern}\`` : ''}.`, '');
    if (schema.examples) out.push('Examples:', '', ...schema.examples.map((example) => `- \`${JSON.stringify(example)}\``), '');
  }
  return out.join('\n');
}
