// The control API under /__sim/: every route, with and without the admin key, with odd input.
import type { ControlRoute } from '../oracle/expectation.ts';
import type { CaseBuilder, CaseContext, FuzzEnvironment } from './case.ts';
import { adminCredential } from './credentials.ts';
import type { Draw } from './draw.ts';
import { mutateFields } from './mutate-json.ts';
import { pathVariant } from './paths.ts';
import { writeJson } from './raw-json.ts';
import { scenarioDocument } from './scenario-documents.ts';
import { edgeNumber, edgeText, wrongValue } from './values.ts';

/** The test id the control API's armed faults and started incidents answer: no other case sends it. */
export const FAULT_TEST_ID = 'fuzz-fault';

/** GET config, limits and journal (odd filters), DELETE journal, POST reset: any key, any spelling. */
export const controlReadCase: CaseBuilder = (draw, env) => {
  const [method, route, base] = draw.weighted<readonly [string, ControlRoute, string]>([
    [3, ['GET', 'config', '/__sim/config']],
    [3, ['GET', 'limits', '/__sim/limits']],
    [5, ['GET', 'journal', '/__sim/journal']],
    [2, ['DELETE', 'journal', '/__sim/journal']],
    [3, ['POST', 'reset', '/__sim/reset']],
  ]);
  const { path, variant } = pathVariant(draw, base);
  const query = route === 'journal' ? journalQuery(draw) : '';
  const otherMethod = draw.chance(0.07) ? draw.pick(['PUT', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'FOO']) : method;
  return {
    family: `control ${method} ${route}`,
    exclusive: false,
    async run(context) {
      const body = method === 'POST' ? resetBody(draw) : undefined;
      await context.http(
        {
          method: otherMethod,
          target: `${path}${query}`,
          headers: { ...credential(draw, context, env), ...(body ? { 'content-type': 'application/json' } : {}) },
          ...(body ? { body } : {}),
        },
        { target: { kind: 'control', route }, note: variant },
      );
    },
  };
};

/** PUT or PATCH of the scenarios; whatever was accepted is replaced by the fuzz scenarios again at once. */
export const controlScenariosCase: CaseBuilder = (draw, env) => {
  const method = draw.chance(0.6) ? 'PUT' : 'PATCH';
  const { path, variant } = pathVariant(draw, '/__sim/scenarios');
  return {
    family: `control ${method} scenarios`,
    exclusive: true,
    async run(context) {
      const document =
        method === 'PUT'
          ? scenarioDocument(draw, env.baselineScenarios)
          : {
              body: writeJson(mutateFields(draw, mergePatch(draw), []).body),
              contentType: 'application/merge-patch+json',
              note: 'mutated merge patch',
            };
      const answer = await context.http(
        { method, target: path, headers: { ...credential(draw, context, env), 'content-type': document.contentType }, body: document.body },
        { target: { kind: 'control', route: 'scenarios' }, note: `${variant}; ${document.note}` },
      );
      if (answer.status >= 200 && answer.status < 300) await restoreBaseline(context);
    },
  };
};

/** Arms a fault (or starts an incident) for the fault test id, then sends a request that meets it. */
export const controlFaultCase: CaseBuilder = (draw, env) => {
  const incident = draw.chance(0.15);
  const fault = draw.weighted<() => unknown>([
    [3, () => ({ kind: 'status', status: draw.pick([400, 429, 500, 503, 599, 200, 99]) })],
    [
      2,
      () => ({
        kind: draw.pick(['reset', 'empty', 'malformed-json', 'malformed-sse', 'stream-cut', 'stream-stall']),
        afterChunks: draw.int(0, 5),
      }),
    ],
    [1, () => ({ kind: 'hang', durationMs: draw.pick([1, 50, 2 ** 31, 2 ** 53, -1, 0.5]) })],
    [1, () => ({ kind: 'status', error: draw.pick(['rate_limited', 'server_error', 'overloaded', 'content_filter', 'nope']) })],
    [2, () => mutateFields(draw, { kind: 'status', status: 503 }, []).body],
  ])();
  const times = draw.chance(0.8) ? draw.int(1, 3) : edgeNumber(draw);
  return {
    family: incident ? 'control faults incident' : 'control faults',
    exclusive: false,
    async run(context) {
      const body = incident
        ? { incident: draw.chance(0.8) ? 'fuzz-incident' : edgeText(draw, 100) }
        : { fault, match: { testId: FAULT_TEST_ID }, times, ...(draw.chance(0.1) ? { extra: wrongValue(draw) } : {}) };
      await context.http(
        {
          method: 'POST',
          target: '/__sim/faults',
          headers: { ...credential(draw, context, env), 'content-type': 'application/json' },
          body: writeJson(body),
        },
        { target: { kind: 'control', route: 'faults' } },
      );
      const stream = draw.chance(0.5);
      await context.http(
        {
          method: 'POST',
          target: '/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21',
          headers: { 'api-key': env.apiKey, 'content-type': 'application/json', 'x-sim-test-id': FAULT_TEST_ID },
          body: writeJson({ messages: [{ role: 'user', content: 'hello' }], ...(stream ? { stream: true } : {}) }),
          timeoutMs: 3_000,
        },
        { target: { kind: 'operation', operation: 'chat' }, faulted: true },
      );
    },
  };
};

/** The generated image files: any size, any seed, no key needed. */
export const imageFileCase: CaseBuilder = (draw) => {
  const size = draw.weighted<string>([
    [6, `${draw.pick([1, 64, 256, 512, 1024])}x${draw.pick([1, 64, 256, 512, 1024])}`],
    [1, draw.pick(['1792x1024', '2048x2048', '4096x1', '1x4096'])],
    [1, draw.pick(['0x0', '99999x1', '-1x5', '1e3x1', '10x', 'x', '4097x4097', `${'9'.repeat(30)}x1`])],
  ]);
  const file = draw.pick([
    `${draw.int(0, 2 ** 31)}.png`,
    '0.png',
    '4294967296.png',
    '-1.png',
    'a.png',
    '1.jpg',
    '..%2f..%2fetc%2fpasswd',
    '1.png%00',
  ]);
  const { path, variant } = pathVariant(draw, `/__sim/images/${size}/${file}`);
  return {
    family: 'image file',
    exclusive: false,
    async run(context) {
      await context.http(
        { method: draw.chance(0.9) ? 'GET' : 'HEAD', target: path, headers: {} },
        { target: { kind: 'image-file' }, note: variant },
      );
    },
  };
};

/** Puts the fuzz scenarios back in force, with the admin key: what a case changed is undone before the next one. */
export async function restoreBaseline(context: CaseContext): Promise<void> {
  const answer = await context.http(
    {
      method: 'PUT',
      target: '/__sim/scenarios',
      headers: { ...context.adminHeaders(), 'content-type': 'application/json' },
      body: writeJson(context.env.baselineScenarios),
    },
    { target: { kind: 'control', route: 'scenarios' } },
  );
  if (answer.status !== 200)
    context.fail(
      'bad-shape',
      `putting the fuzz scenarios back answered ${answer.status}: the rest of this configuration runs on other scenarios`,
    );
}

function credential(draw: Draw, context: CaseContext, env: FuzzEnvironment): Record<string, string> {
  return adminCredential(draw, context.configuration.adminKey ? env.adminKey : draw.pick(['', env.adminKey]), env.apiKey);
}

function resetBody(draw: Draw): Buffer {
  return draw.weighted<() => Buffer>([
    [4, () => Buffer.from('{}')],
    [3, () => writeJson({ testId: draw.chance(0.5) ? `t-${draw.int(0, 60)}` : edgeText(draw, 200) })],
    [2, () => writeJson(mutateFields(draw, { testId: 't-1' }, []).body)],
    [1, () => Buffer.from(draw.pick(['', 'null', '[]', '"x"', '{', '\u0000']))],
  ])();
}

function mergePatch(draw: Draw): Record<string, unknown> {
  return draw.pick<Record<string, unknown>>([
    { scenarios: [{ name: 'fuzz-pushed', match: { testId: 'fuzz-pushed' }, respond: { content: 'patched' } }] },
    { deployments: { 'gpt-4o': { latency: { ttft: 1 } } } },
    { deployments: { 'fuzz-new': { model: 'gpt-4o-2024-08-06' } } },
    { deployments: { 'gpt-4o-limited': null } },
    { server: { journal: { maxEntries: 50 } } },
    { faults: [] },
    { incidents: null },
  ]);
}

const JOURNAL_PARAMS = [
  'deployment',
  'operation',
  'status',
  'status_gte',
  'status_lte',
  'testId',
  'rule',
  'since',
  'until',
  'stream',
  'limit',
  'count',
];
const JOURNAL_VALUES = [
  '',
  '1',
  '200',
  '-1',
  '1e308',
  'NaN',
  'true',
  'chat',
  'gpt-4o',
  '2025-02-30',
  '2025-01-01T00:00:00',
  '2025-01-01T00:00:00Z',
  '0',
  '99999999999999999999',
  '%ff',
  '%ED%A0%80',
  'a'.repeat(3000),
];

function journalQuery(draw: Draw): string {
  const count = draw.int(0, 4);
  const pairs = Array.from({ length: count }, () => `${draw.pick(JOURNAL_PARAMS)}=${draw.pick(JOURNAL_VALUES)}`);
  if (draw.chance(0.2)) pairs.push('limit=1');
  return pairs.length > 0 ? `?${pairs.join('&')}` : draw.pick(['', '?limit=5', '?count']);
}
