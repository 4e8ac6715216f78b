import { strictSchemaViolation } from '../protocol/strict-schema.ts';
import { serviceErrors } from '../protocol/service-errors.ts';

/** A schema a request asks the service to hold strictly, and how the 400 refusing it names it. */
interface StrictSchemaSite {
  schema: unknown;
  /** e.g. `response_format 'calendar_event'` or `function 'get_weather'` */
  label: string;
  param: string;
  code: string | null;
}

interface ChatStrictParts {
  response_format?: { type: string; json_schema?: { name: string; schema?: unknown; strict?: boolean | null } };
  tools?: ReadonlyArray<{ function: { name: string; parameters?: unknown; strict?: boolean | null } }>;
}

interface ResponsesStrictParts {
  text?: { format?: { type: string; name?: string; schema?: unknown; strict?: boolean | null } } | null;
  tools?: ReadonlyArray<{ type: string; name?: string; parameters?: unknown; strict?: boolean | null }>;
}

/**
 * Refuses a chat request whose `strict: true` response format or function parameters break the strict rules,
 * with the service's 400. Requests without `strict: true` cost a field read or two.
 */
export function refuseBrokenChatSchemas(request: ChatStrictParts): void {
  const format = request.response_format;
  if (format?.type === 'json_schema' && format.json_schema?.strict === true) {
    const { name, schema } = format.json_schema;
    refuseIfBroken({ schema, label: `response_format '${name}'`, param: 'response_format', code: null });
  }
  const tools = request.tools;
  for (let i = 0; tools && i < tools.length; i++) {
    const fn = tools[i]!.function;
    if (fn.strict !== true || fn.parameters === undefined) continue;
    refuseIfBroken({
      schema: fn.parameters,
      label: `function '${fn.name}'`,
      param: `tools[${i}].function.parameters`,
      code: 'invalid_function_parameters',
    });
  }
}

/**
 * The same for the Responses API, where a text format is named as a response format still. A function tool
 * without `strict` is strict only when its schema allows it, so only an explicit `strict: true` is held to it.
 */
export function refuseBrokenResponsesSchemas(request: ResponsesStrictParts): void {
  const format = request.text?.format;
  if (format?.type === 'json_schema' && format.strict === true) {
    refuseIfBroken({
      schema: format.schema,
      label: `response_format '${format.name ?? ''}'`,
      param: 'text.format.schema',
      code: 'invalid_json_schema',
    });
  }
  const tools = request.tools;
  for (let i = 0; tools && i < tools.length; i++) {
    const tool = tools[i]!;
    if (tool.type !== 'function' || tool.strict !== true || tool.parameters == null) continue;
    refuseIfBroken({
      schema: tool.parameters,
      label: `function '${tool.name ?? ''}'`,
      param: `tools[${i}].parameters`,
      code: 'invalid_function_parameters',
    });
  }
}

function refuseIfBroken(site: StrictSchemaSite): void {
  const violation = strictSchemaViolation(site.schema);
  if (violation !== undefined) throw serviceErrors.invalidRequest(`Invalid schema for ${site.label}: ${violation}`, site.param, site.code);
}
