// Renders docs/conformance.md from the tables the simulator's gates read: which api-version first has each
// request parameter (server/src/protocol/parameter-versions.ts) and what each model family accepts
// (server/src/protocol/model-families.ts). The page cannot drift from what the simulator does.
import { PREVIEW_API_VERSIONS, STABLE_API_VERSIONS } from '../server/src/protocol/api-versions.ts';
import { MODEL_FAMILIES, type ParameterRule } from '../server/src/protocol/model-families.ts';
import { PARAMETER_VERSIONS, type ParameterSince } from '../server/src/protocol/parameter-versions.ts';
import { DATA_SOURCE_TYPES, RETRIEVAL_KNOBS_SINCE } from '../server/src/operations/chat/on-your-data/data-source-types.ts';

const SPECS = 'https://github.com/Azure/azure-rest-api-specs/blob/main/specification/cognitiveservices/data-plane/AzureOpenAI/inference';

const OPERATION_TITLES: Record<keyof typeof PARAMETER_VERSIONS, string> = {
  chat: 'Chat completions (`…/chat/completions`)',
  embeddings: 'Embeddings (`…/embeddings`)',
};

/** `2024-09-01-preview` from the date a parameter is dated by: the first known version of that date. */
function firstVersion(since: string): string {
  const known = [...STABLE_API_VERSIONS, ...PREVIEW_API_VERSIONS].filter((version) => version.slice(0, 10) >= since).sort();
  return known[0] ?? since;
}

function refusedStable(since: string): string {
  const refused = STABLE_API_VERSIONS.filter((version) => version < since);
  return refused.length === 0 ? 'none' : refused.map((version) => `\`${version}\``).join(', ');
}

function parameterRows(rows: readonly ParameterSince[]): string[] {
  return rows.map(
    (row) =>
      `| \`${row.parameter}\` | \`${firstVersion(row.since)}\` | ${refusedStable(row.since)} | [${row.spec}](${SPECS}/${row.spec}) |`,
  );
}

function describeRule(parameter: string, rule: ParameterRule): string {
  switch (rule.refusal) {
    case 'unsupported':
      return `\`${parameter}\``;
    case 'default-only':
      return `\`${parameter}\` (only ${rule.default})`;
    case 'use-instead':
      return `\`${parameter}\` (use \`${rule.instead}\`)`;
    case 'unknown':
      return `\`${parameter}\` (unknown parameter)`;
    case 'unrecognized':
      return `\`${parameter}\` (unrecognized argument)`;
  }
}

function familyRows(): string[] {
  return MODEL_FAMILIES.map((family) => {
    const describe = (rules: Readonly<Record<string, ParameterRule>>) =>
      Object.entries(rules)
        .map(([parameter, rule]) => describeRule(parameter, rule))
        .join(', ') || 'none';
    const versions = family.firstApiVersion === undefined ? 'all' : `\`${family.firstApiVersion}\` and later`;
    return `| ${family.family} | \`${family.pattern.source.replaceAll('|', '\\|')}\` | ${versions} | ${family.vision ? 'yes' : 'refused'} | ${family.audio ? 'required' : 'refused'} | ${describe(family.parameters)} | ${describe(family.responses)} |`;
  });
}

function dataSourceRows(): string[] {
  return Object.entries(DATA_SOURCE_TYPES).map(([type, source]) => {
    const authentication = source.fields.authentication;
    const types = authentication?.kind === 'authentication' ? authentication.types.map((name) => `\`${name}\``).join(', ') : '';
    const required = source.required.map((name) => `\`${name}\``).join(', ');
    const versions = source.stable
      ? `\`${firstVersion(source.since)}\`, stable and preview`
      : `\`${firstVersion(source.since)}\`, previews only`;
    return `| \`${type}\` | ${versions} | ${required} | ${types} |`;
  });
}

export function renderConformance(): string {
  const lines = [
    '<!-- DO NOT EDIT: generated from server/src/protocol/parameter-versions.ts, model-families.ts and operations/chat/on-your-data/data-source-types.ts by `npm run gen`. -->',
    '# Conformance: what the simulator refuses, as the service does',
    '',
    'A request the service refuses must be refused here too, with the same status and body, or a test passes',
    'against the simulator and fails in production. This page is generated from the tables the simulator checks',
    'requests against, so it says exactly what the simulator does. Rows cite the REST spec file or the public',
    'report of the service error they were taken from (see the comments in the two source files).',
    '',
    '## Parameters by api-version',
    '',
    'A parameter is in every api-version dated on or after its first, preview or stable. Sent on an older',
    'api-version it is refused as the service refuses an argument that version does not have, with 400',
    '`{"error":{"message":"Unrecognized request argument supplied: tools","type":"invalid_request_error","param":null,"code":null}}`;',
    'several are named in one message, in alphabetical order (`Unrecognized request arguments supplied: a, b`).',
    'The `/openai/v1/` routes, and api-versions accepted only under `server.apiVersionPolicy: any`, refuse none.',
    "Parameters of the oldest specs, and those newer than every dated spec (the v1 routes' only), are not listed.",
  ];
  for (const [operation, rows] of Object.entries(PARAMETER_VERSIONS) as [keyof typeof PARAMETER_VERSIONS, readonly ParameterSince[]][]) {
    lines.push(
      '',
      `### ${OPERATION_TITLES[operation]}`,
      '',
      '| parameter | first api-version | refused on stable | spec |',
      '|---|---|---|---|',
    );
    lines.push(...parameterRows(rows));
  }
  lines.push(
    '',
    '`encoding_format` (embeddings) is not gated: the SDKs send it on every call, and the oldest embeddings spec',
    'accepts properties it does not list.',
    '',
    '## Model families',
    '',
    "Matched against the deployment's model name, first match wins. A model no row matches is refused nothing.",
    "On a dated route older than the family's first api-version the request gets 400",
    '`{"error":{"code":"BadRequest","message":"Model o3-mini is enabled only for api versions 2024-12-01-preview and later"}}`',
    '(the model named without its version). Refused parameters are checked whatever the api-version, in the order',
    'listed (the first one the request sets is named); a `null` counts as not sent.',
    '',
    '| family | model pattern | dated api-versions | image input | audio in chat | refused on chat completions | refused on the Responses API |',
    '|---|---|---|---|---|---|---|',
    ...familyRows(),
    '',
    '### The refusals, word for word',
    '',
    'Each is a 400 with `"type":"invalid_request_error"` and the parameter as `param`:',
    '',
    "- refused: `Unsupported parameter: 'top_p' is not supported with this model.`, code `unsupported_parameter`;",
    "- only the default: `Unsupported value: 'temperature' does not support 0.5 with this model. Only the default (1) value is supported.`, code `unsupported_value`;",
    "- use another: `Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.`, code `unsupported_parameter`;",
    "- unknown parameter: `Unknown parameter: 'reasoning_effort'.`, code `unknown_parameter`;",
    '- unrecognized argument: `Unrecognized request argument supplied: reasoning_effort`, `param` and `code` null;',
    '- image input without vision: `Invalid content type. image_url is only supported by certain models.`, `param`',
    '  `messages.[1].content.[0].type` (the message and the part), code null;',
    '- audio input without audio: `Invalid content type. input_audio is only supported by certain models.`, the same',
    '  `param` (the wording of the image refusal; no public report quotes the audio one);',
    "- audio output without audio: `Unsupported value: 'modalities' does not support 'audio' with this model.`, code",
    '  `unsupported_value` (not quoted publicly either);',
    '- an audio model asked for no audio in or out: `This model requires that either input content or output modality',
    '  contain audio.`, `param` `model`, code `invalid_value`.',
    '',
    '## On Your Data sources',
    '',
    'A chat request with `data_sources` names exactly one source, of a type its api-version has. Its `parameters`',
    'are checked field by field (required fields, types, ranges, the authentication and vectorization types the',
    'source takes, and no unknown field), and no `logprobs` or `top_logprobs` may come with it. Every problem is',
    "named at once in On Your Data's own 400 body, one line each:",
    '`{"error": {"requestid": "…", "code": 400, "message": "Validation error at #/data_sources/0/azure_search/parameters/index_name: Field required"}}`.',
    `\`include_contexts\`, \`max_search_queries\`, \`allow_partial_result\`, \`access_token\` authentication and the \`integrated\``,
    `vectorizer are taken from ${firstVersion(RETRIEVAL_KNOBS_SINCE)} on (and on the v1 routes).`,
    '',
    '| type | api-versions | required parameters | authentication |',
    '|---|---|---|---|',
    ...dataSourceRows(),
    '',
  );
  return lines.join('\n');
}
