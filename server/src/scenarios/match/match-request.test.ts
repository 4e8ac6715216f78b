import test, { type ExecutionContext } from 'ava';
import type { BodyMatcher, Match } from '../../generated/scenarios.ts';
import { compileMatch } from './compile-match.ts';
import { matchRequest, requestMatches } from './index.ts';
import { chatRequest, responsesRequest } from './test-requests.ts';
import type { MatchFailure, RequestView } from './types.ts';

const weatherChat = chatRequest(
  {
    messages: [
      { role: 'system', content: 'You are a weather bot.' },
      { role: 'user', content: 'What is the weather in Paris?' },
    ],
    tools: [{ type: 'function', function: { name: 'get_weather' } }],
    temperature: 0.2,
  },
  { headers: { 'x-tenant': 'acme-42', 'content-type': 'application/json' }, testId: 'run-7' },
);

/** The generated type narrows `equals` to objects; the schema allows any JSON value. */
function bodyField(matcher: { path: string; equals: unknown }): BodyMatcher {
  return matcher as BodyMatcher;
}

function failures(match: Match, request: RequestView = weatherChat): MatchFailure[] {
  return matchRequest(match, request).failures;
}

function matches(t: ExecutionContext, match: Match, request: RequestView = weatherChat): void {
  const result = matchRequest(match, request);
  t.true(result.matched, JSON.stringify(result.failures));
}

test('an undefined or empty match matches everything', (t) => {
  for (const match of [undefined, {}, { headers: {}, query: {}, body: [] }]) {
    const { matched, failures, captures, capturesBy } = matchRequest(match, weatherChat);
    t.deepEqual({ matched, failures, captures, capturesBy }, { matched: true, failures: [], captures: [], capturesBy: {} });
  }
});

test('deployment, path and testId are string matchers', (t) => {
  matches(t, { deployment: 'gpt-4o', path: { contains: '/chat/completions' }, testId: { regex: '^run-\\d+$' } });
  t.deepEqual(failures({ deployment: 'gpt-4o-mini' }), [{ field: 'deployment', expected: '"gpt-4o-mini"', actual: '"gpt-4o"' }]);
  t.deepEqual(failures({ path: { contains: '/embeddings' } }), [
    { field: 'path', expected: 'contains "/embeddings"', actual: '"/openai/deployments/gpt-4o/chat/completions"' },
  ]);
});

test('testId is absent when the request has none', (t) => {
  const anonymous = chatRequest({});
  matches(t, { testId: { exists: false } }, anonymous);
  t.deepEqual(failures({ testId: 'run-7' }, anonymous), [{ field: 'testId', expected: '"run-7"', actual: 'absent' }]);
  t.deepEqual(failures({ testId: { exists: false } }), [{ field: 'testId', expected: 'absent', actual: '"run-7"' }]);
});

test('operation: one, or any of several', (t) => {
  matches(t, { operation: 'chat' });
  matches(t, { operation: ['responses', 'chat'] });
  t.deepEqual(failures({ operation: 'embeddings' }), [{ field: 'operation', expected: 'embeddings', actual: 'chat' }]);
  t.deepEqual(failures({ operation: ['completions', 'responses'] }), [
    { field: 'operation', expected: 'one of completions, responses', actual: 'chat' },
  ]);
});

test('headers match by name whatever its case', (t) => {
  matches(t, { headers: { 'X-Tenant': { regex: '^acme' }, 'content-type': { contains: 'json' } } });
  t.deepEqual(failures({ headers: { 'X-Tenant': 'globex' } }), [{ field: 'headers.x-tenant', expected: '"globex"', actual: '"acme-42"' }]);
  t.deepEqual(failures({ headers: { 'X-Region': { exists: true } } }), [
    { field: 'headers.x-region', expected: 'present', actual: 'absent' },
  ]);
  matches(t, { headers: { 'X-Region': { exists: false } } });
});

test('query parameters match by name', (t) => {
  matches(t, { query: { 'api-version': { regex: '^2024-' } } });
  t.deepEqual(failures({ query: { 'api-version': '2025-01-01' } }), [
    { field: 'query.api-version', expected: '"2025-01-01"', actual: '"2024-10-21"' },
  ]);
  t.deepEqual(failures({ query: { foo: { exists: true } } }), [{ field: 'query.foo', expected: 'present', actual: 'absent' }]);
});

test('body matchers, each failing on its own', (t) => {
  matches(t, { body: [bodyField({ path: 'messages[-1].role', equals: 'user' }), { path: 'temperature', lte: 0.5 }] });
  t.deepEqual(
    failures({
      body: [
        { path: 'temperature', gt: 0.5 },
        { path: 'stream', exists: true },
        { path: 'tools[0].function.name', regex: 'weather' },
      ],
    }),
    [
      { field: 'body.temperature', expected: '> 0.5', actual: '0.2' },
      { field: 'body.stream', expected: 'present', actual: 'absent' },
    ],
  );
});

test('lastUserMessage and systemMessage in the chat shape', (t) => {
  matches(t, { lastUserMessage: { contains: 'WEATHER', ignoreCase: true }, systemMessage: { contains: 'weather bot' } });
  t.deepEqual(failures({ lastUserMessage: { contains: 'time' }, systemMessage: { exists: false } }), [
    { field: 'lastUserMessage', expected: 'contains "time"', actual: '"What is the weather in Paris?"' },
    { field: 'systemMessage', expected: 'absent', actual: '"You are a weather bot."' },
  ]);
  t.deepEqual(failures({ lastUserMessage: { contains: 'x' } }, chatRequest({ messages: [{ role: 'system', content: 's' }] })), [
    { field: 'lastUserMessage', expected: 'contains "x"', actual: 'absent' },
  ]);
});

test('hasTools, tool, toolResultFor and turns in the chat shape', (t) => {
  matches(t, { hasTools: true, tool: 'get_weather', turns: { gte: 2 } });
  t.deepEqual(failures({ hasTools: false, tool: 'get_time', toolResultFor: '*', turns: 3 }), [
    { field: 'hasTools', expected: 'false', actual: 'true' },
    { field: 'tool', expected: '"get_time"', actual: '"get_weather"' },
    { field: 'toolResultFor', expected: 'any tool result', actual: 'no tool results' },
    { field: 'turns', expected: '3', actual: '2' },
  ]);
  const followUp = chatRequest({
    messages: [
      { role: 'user', content: 'weather?' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '20C' },
    ],
  });
  matches(t, { toolResultFor: '*', hasTools: false }, followUp);
  matches(t, { toolResultFor: 'call_1' }, followUp);
  t.deepEqual(failures({ toolResultFor: 'call_2', tool: 'get_weather' }, followUp), [
    { field: 'toolResultFor', expected: 'a tool result for "call_2"', actual: 'tool results for "call_1"' },
    { field: 'tool', expected: '"get_weather"', actual: 'absent' },
  ]);
});

test('the shorthands read the Responses shape', (t) => {
  const request = responsesRequest({
    instructions: 'You are a weather bot.',
    input: [
      { role: 'user', content: [{ type: 'input_text', text: 'Weather in Oslo?' }] },
      { type: 'function_call', call_id: 'call_5', name: 'get_weather', arguments: '{}' },
      { type: 'function_call_output', call_id: 'call_5', output: '-3C' },
    ],
    tools: [{ type: 'function', name: 'get_weather' }],
  });
  matches(
    t,
    {
      operation: 'responses',
      lastUserMessage: { regex: 'in (?<city>\\w+)' },
      systemMessage: { contains: 'weather' },
      hasTools: true,
      tool: 'get_weather',
      toolResultFor: 'call_5',
      turns: 3,
    },
    request,
  );
  t.deepEqual(failures({ tool: 'get_time', toolResultFor: 'call_6', turns: { lt: 3 } }, request), [
    { field: 'tool', expected: '"get_time"', actual: '"get_weather"' },
    { field: 'toolResultFor', expected: 'a tool result for "call_6"', actual: 'tool results for "call_5"' },
    { field: 'turns', expected: '< 3', actual: '3' },
  ]);
  const plain = responsesRequest({ input: 'Tell me a joke' });
  matches(t, { lastUserMessage: { contains: 'joke' }, systemMessage: { exists: false }, turns: 1, hasTools: false }, plain);
});

test('failures list every condition that failed, in the order written', (t) => {
  t.deepEqual(
    failures({ turns: 9, deployment: 'gpt-4o', tool: 'x', lastUserMessage: { contains: 'time' } }).map((failure) => failure.field),
    ['turns', 'tool', 'lastUserMessage'],
  );
});

test('captures come from the first regex condition in field order, whatever the order written', (t) => {
  const result = matchRequest(
    {
      testId: { regex: 'run-(\\d+)' },
      deployment: { regex: 'gpt-(.*)' },
      headers: { 'x-tenant': { regex: '(?<tenant>\\w+)-(\\d+)' } },
      systemMessage: { regex: 'a (\\w+) bot' },
      lastUserMessage: { contains: 'weather' },
    },
    weatherChat,
  );
  t.true(result.matched);
  t.deepEqual([...result.captures], ['a weather bot', 'weather']);
  t.deepEqual(Object.keys(result.capturesBy).sort(), ['deployment', 'headers.x-tenant', 'systemMessage', 'testId']);
  t.deepEqual([...result.capturesBy['headers.x-tenant']!], ['acme-42', 'acme', '42']);
  t.deepEqual(result.capturesBy['headers.x-tenant']!.groups, { tenant: 'acme' });
  t.deepEqual([...result.capturesBy.testId!], ['run-7', '7']);
});

test('captures rank lastUserMessage first, then path, headers as written, query, body in order, deployment', (t) => {
  const order: Array<[Match, string]> = [
    [{ deployment: { regex: 'gpt' }, lastUserMessage: { regex: 'Paris' } }, 'Paris'],
    [{ deployment: { regex: 'gpt' }, path: { regex: 'chat' } }, 'chat'],
    [
      { query: { 'api-version': { regex: '2024' } }, headers: { 'content-type': { regex: 'json' }, 'x-tenant': { regex: 'acme' } } },
      'json',
    ],
    [{ body: [{ path: 'tools[0].function.name', regex: 'weather' }], query: { 'api-version': { regex: '2024' } } }, '2024'],
    [
      {
        deployment: { regex: '4o' },
        body: [
          { path: 'messages[0].role', regex: 'sys' },
          { path: 'messages[1].role', regex: 'us' },
        ],
      },
      'sys',
    ],
    [{ testId: { regex: 'run' }, deployment: { regex: '4o' } }, '4o'],
  ];
  for (const [match, first] of order) t.is(matchRequest(match, weatherChat).captures[0], first, JSON.stringify(match));
});

test('named groups come along with captures', (t) => {
  const result = matchRequest({ lastUserMessage: { regex: 'weather in (?<city>\\w+)' } }, weatherChat);
  t.deepEqual([...result.captures], ['weather in Paris', 'Paris']);
  t.deepEqual(result.captures.groups, { city: 'Paris' });
  t.deepEqual(result.capturesBy.lastUserMessage?.groups, { city: 'Paris' });
});

test('a miss gives no captures', (t) => {
  const result = matchRequest({ lastUserMessage: { regex: '(Paris)' }, deployment: 'other' }, weatherChat);
  t.false(result.matched);
  t.deepEqual(result.captures, []);
  t.deepEqual(result.capturesBy, {});
});

test('an invalid regex is a failure, not an exception', (t) => {
  t.deepEqual(failures({ lastUserMessage: { regex: '[' } }), [
    {
      field: 'lastUserMessage',
      expected: 'matches /[/, an invalid regular expression (RE2 cannot parse it: missing closing ]: `[`)',
      actual: '"What is the weather in Paris?"',
    },
  ]);
});

test('malformed requests and bodies fail conditions without throwing', (t) => {
  const everything: Match = {
    deployment: 'gpt-4o',
    operation: 'chat',
    path: { contains: 'chat' },
    headers: { 'x-a': 'b' },
    query: { q: 'r' },
    body: [bodyField({ path: 'messages[0].role', equals: 'user' })],
    lastUserMessage: { contains: 'x' },
    systemMessage: { contains: 'y' },
    hasTools: true,
    tool: 'get_weather',
    toolResultFor: '*',
    turns: { gte: 1 },
    testId: { exists: true },
  };
  const bodies: unknown[] = [
    null,
    undefined,
    'text',
    [],
    { messages: 'hi', tools: 'x' },
    { messages: [null, 4, { role: 5, content: { text: 1 } }], tools: [null, { function: null }] },
    { input: { role: 'user' } },
  ];
  for (const body of bodies) {
    for (const operation of ['chat', 'responses'] as const) {
      const request = { deployment: 7, operation, path: null, headers: null, query: undefined, body } as unknown as RequestView;
      const result = matchRequest(everything, request);
      t.false(result.matched);
      const failed = new Set(result.failures.map((failure) => failure.field));
      for (const field of [
        'deployment',
        'path',
        'headers.x-a',
        'query.q',
        'body.messages[0].role',
        'lastUserMessage',
        'systemMessage',
        'tool',
        'toolResultFor',
        'testId',
      ]) {
        t.true(failed.has(field), `${field} with ${JSON.stringify(body)}`);
      }
    }
  }
});

test('a match is compiled once', (t) => {
  const match: Match = { lastUserMessage: { contains: 'weather' } };
  t.is(compileMatch(match), compileMatch(match));
  matches(t, match);
});

test('requestMatches agrees with matchRequest on every hit and its captures, and stops at the first miss', (t) => {
  const cases: Match[] = [
    {},
    { deployment: 'gpt-4o' },
    { lastUserMessage: { regex: 'weather in (\\w+)' } },
    { lastUserMessage: { regex: 'weather in (\\w+)' }, headers: { 'x-tenant': { regex: 'acme-(\\d+)' } } },
    { deployment: 'other', lastUserMessage: { contains: 'weather' } },
    { lastUserMessage: { contains: 'snow' }, hasTools: false, testId: 'run-8' },
  ];
  for (const match of cases) {
    const full = matchRequest(match, weatherChat);
    const quick = requestMatches(match, weatherChat);
    t.is(quick.matched, full.matched, JSON.stringify(match));
    t.deepEqual(quick.captures, full.captures, JSON.stringify(match));
    t.deepEqual(quick.capturesBy, full.capturesBy, JSON.stringify(match));
    if (!full.matched) t.deepEqual(quick.failures, [], 'a quick miss says nothing of why');
  }
  t.is(
    failures({ lastUserMessage: { contains: 'snow' }, hasTools: false, testId: 'run-8' }).length,
    3,
    'matchRequest still lists every failure',
  );
  // a miss on the first condition reads nothing else: a body whose messages cannot be read is never looked at
  const unreadable = { ...weatherChat, deployment: 'gpt-4o', body: new Proxy({}, { get: () => t.fail('the body was read') }) };
  t.false(requestMatches({ deployment: 'other', lastUserMessage: { contains: 'weather' } }, unreadable).matched);
});
