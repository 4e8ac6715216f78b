// Data-plane requests: the real shapes of every route, then mutated in body, bytes, path, headers and method.
import { gzipSync } from 'node:zlib';
import type { Operation, Target } from '../oracle/expectation.ts';
import { chatBody, completionsBody, embeddingsBody, imagesBody, responsesBody, speechBody } from './bodies.ts';
import type { CaseBuilder, CaseContext, FuzzEnvironment } from './case.ts';
import { dataPlaneCredential } from './credentials.ts';
import { apiVersionQuery, deploymentFor } from './deployments.ts';
import type { Draw } from './draw.ts';
import { audioForm } from './multipart.ts';
import { mutateBytes, mutateFields } from './mutate-json.ts';
import { pathVariant } from './paths.ts';
import { writeJson } from './raw-json.ts';
import { edgeText } from './values.ts';

const OPERATION_PATHS: Readonly<Record<Operation, string>> = {
  chat: '/chat/completions',
  completions: '/completions',
  embeddings: '/embeddings',
  images: '/images/generations',
  transcriptions: '/audio/transcriptions',
  translations: '/audio/translations',
  speech: '/audio/speech',
  responses: '/responses',
};

const JSON_BODIES: Readonly<
  Record<
    Exclude<Operation, 'transcriptions' | 'translations'>,
    (draw: Draw, model: string, ids: readonly string[]) => Record<string, unknown>
  >
> = {
  chat: chatBody,
  completions: completionsBody,
  embeddings: embeddingsBody,
  images: imagesBody,
  speech: speechBody,
  responses: responsesBody,
};

/** An operation request on one of its routes, maybe mutated. */
export const operationCase: CaseBuilder = (draw, env) => {
  const operation = draw.weighted<Operation>([
    [30, 'chat'],
    [14, 'responses'],
    [6, 'completions'],
    [8, 'embeddings'],
    [4, 'images'],
    [4, 'transcriptions'],
    [3, 'translations'],
    [4, 'speech'],
  ]);
  const deployment = deploymentFor(draw, operation);
  const route = draw.weighted<'dated' | 'v1' | 'v1-deployments' | 'dated-responses'>([
    [50, 'dated'],
    [30, 'v1'],
    [12, 'v1-deployments'],
    [operation === 'responses' ? 15 : 0, 'dated-responses'],
  ]);
  const base =
    route === 'dated'
      ? `/openai/deployments/${deployment}${OPERATION_PATHS[operation]}`
      : route === 'v1'
        ? `/openai/v1${OPERATION_PATHS[operation]}`
        : route === 'v1-deployments'
          ? `/openai/v1/deployments/${deployment}${OPERATION_PATHS[operation]}`
          : '/openai/responses';
  const { path, variant } = pathVariant(draw, base);
  const query = apiVersionQuery(draw, route === 'dated' || route === 'dated-responses' ? 'dated' : 'v1', operation);
  const method = draw.chance(0.93) ? 'POST' : draw.pick(['GET', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'FOO', 'PROPFIND']);
  const mutateBody = draw.chance(0.55);
  const bytesBroken = draw.chance(0.08);
  const seed = draw.int(0, 2 ** 30);
  return {
    family: `operation ${operation}`,
    exclusive: false,
    async run(context) {
      const built = buildBody(draw, operation, deployment, context, mutateBody, bytesBroken);
      const headers: Record<string, string> = {
        ...dataPlaneCredential(draw, env.apiKey),
        'content-type': built.contentType,
        ...extraHeaders(draw, seed),
      };
      let body = built.body;
      if (draw.chance(0.03)) {
        body = gzipSync(body);
        headers['content-encoding'] = 'gzip';
      }
      const stream = built.stream && draw.chance(0.15);
      const answer = await context.http(
        {
          method,
          target: `${path}${query}`,
          headers,
          ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
          ...(stream ? { leaveAfterBytes: draw.int(1, 2_000) } : {}),
        },
        { target: { kind: 'operation', operation }, bodyBytes: built.body.length, note: `${variant}; ${built.note}` },
      );
      if (operation === 'responses') remember(context, answer.status, answer.headers['content-type'], answer.body);
    },
  };
};

function buildBody(
  draw: Draw,
  operation: Operation,
  deployment: string,
  context: CaseContext,
  mutate: boolean,
  bytesBroken: boolean,
): { body: Buffer; contentType: string; note: string; stream: boolean } {
  if (operation === 'transcriptions' || operation === 'translations') {
    const form = audioForm(draw, mutate);
    return { body: form.body, contentType: form.contentType, note: form.note || 'valid form', stream: false };
  }
  let value: unknown = JSON_BODIES[operation](draw, deployment, context.state.responseIds);
  if (operation !== 'responses' && draw.chance(0.3)) (value as Record<string, unknown>).model = deployment;
  const stream = (value as Record<string, unknown>).stream === true;
  const notes: string[] = [];
  if (mutate) {
    const mutated = mutateFields(draw, value);
    value = mutated.body;
    notes.push(...mutated.notes);
  }
  let body = writeJson(value);
  if (bytesBroken) {
    const broken = mutateBytes(draw, body);
    body = broken.bytes;
    notes.push(broken.note);
  }
  const contentType = draw.weighted<string>([
    [90, 'application/json'],
    [2, 'application/json; charset=utf-8'],
    [1, 'APPLICATION/JSON'],
    [1, 'text/plain'],
    [1, 'application/x-www-form-urlencoded'],
    [1, 'multipart/form-data; boundary=x'],
    [1, 'application/json; charset=utf-16'],
    [1, ''],
  ]);
  return { body, contentType, note: notes.join(', ') || 'valid body', stream };
}

/** Headers beyond the credential: a test id, a client request id, odd accept and agent values. */
function extraHeaders(draw: Draw, seed: number): Record<string, string> {
  const headers: Record<string, string> = {};
  if (draw.chance(0.3)) headers['x-sim-test-id'] = draw.chance(0.7) ? `t-${seed % 50}` : `t-${seed}`;
  if (draw.chance(0.05)) headers['x-sim-test-id'] = asciiOnly(edgeText(draw, 300));
  if (draw.chance(0.05)) headers['x-ms-client-request-id'] = draw.pick(['', 'x'.repeat(4000), 'not-a-uuid', '{{7*7}}']);
  if (draw.chance(0.05)) headers.accept = draw.pick(['text/event-stream', 'application/xml', '*/*;q=0', '']);
  if (draw.chance(0.3)) headers['user-agent'] = draw.pick(['AzureOpenAI/JS 5.0.0', 'OpenAI/Python 1.50.0', 'langchain']);
  return headers;
}

/** Header values node:http will write: printable ASCII (the rest goes through raw-cases.ts). */
function asciiOnly(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '?');
}

/** Keeps the ids of stored responses, for later GET, DELETE and previous_response_id. */
function remember(context: CaseContext, status: number, type: string | undefined, body: Buffer): void {
  if (status !== 200 || !type?.startsWith('application/json')) return;
  const id = /"id":"(resp_[A-Za-z0-9]+)"/.exec(body.subarray(0, 200).toString('latin1'))?.[1];
  if (!id) return;
  const ids = context.state.responseIds;
  ids.push(id);
  if (ids.length > 50) ids.shift();
}

/** The listings: models, deployments and the v1 models. */
export const listingCase: CaseBuilder = (draw, env) => {
  const [base, listing, query] = draw.pick([
    ['/openai/models', 'models', '?api-version=2024-10-21'],
    ['/openai/deployments', 'deployments', '?api-version=2022-12-01'],
    ['/openai/v1/models', 'v1-models', ''],
  ] as const);
  const { path, variant } = pathVariant(draw, base);
  const method = draw.chance(0.9) ? 'GET' : draw.pick(['HEAD', 'POST', 'DELETE', 'OPTIONS']);
  return {
    family: `listing ${listing}`,
    exclusive: false,
    async run(context) {
      const target: Target = { kind: 'listing', listing };
      const q = draw.chance(0.9) ? query : draw.pick(['', '?api-version=2099-01-01', '?api-version=']);
      await context.http({ method, target: `${path}${q}`, headers: dataPlaneCredential(draw, env.apiKey) }, { target, note: variant });
    },
  };
};

/** GET and DELETE of stored responses: ids this phase created (someone else's, without a key), or made up. */
export const storedResponseCase: CaseBuilder = (draw, env: FuzzEnvironment) => {
  const prefix = draw.pick(['/openai/responses/', '/openai/v1/responses/']);
  const method = draw.weighted<string>([
    [6, 'GET'],
    [3, 'DELETE'],
    [1, draw.pick(['POST', 'PUT', 'HEAD', 'OPTIONS'])],
  ]);
  const made = draw.pick([
    `resp_${draw.word(20, 48)}`,
    '',
    '..',
    '%2e%2e',
    encodeURIComponent(edgeText(draw, 200).replace(/[\ud800-\udfff]/g, '?')),
  ]);
  const useKnown = draw.chance(0.7);
  return {
    family: `stored response ${method}`,
    exclusive: false,
    async run(context) {
      const id = useKnown && context.state.responseIds.length > 0 ? draw.pick(context.state.responseIds) : made;
      const { path, variant } = pathVariant(draw, `${prefix}${id}`);
      const query = prefix.startsWith('/openai/v1') ? '' : '?api-version=2025-03-01-preview';
      await context.http(
        { method, target: `${path}${query}`, headers: dataPlaneCredential(draw, env.apiKey) },
        { target: { kind: 'stored-response' }, note: variant },
      );
    },
  };
};
