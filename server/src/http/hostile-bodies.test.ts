import test from 'ava';
import { BadRequestError } from 'openai';
import { join } from 'node:path';
import { azureClient, v1Client } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';

const hello = [{ role: 'user' as const, content: 'Hello' }];
const CHAT = '/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21';
const MALFORMED = /^We could not parse the JSON body of your request\./;

/** A JSON schema whose object properties nest `levels` deep. */
function nestedSchema(levels: number): Record<string, unknown> {
  let schema: Record<string, unknown> = { type: 'string' };
  for (let i = 0; i < levels; i++) schema = { type: 'object', properties: { inner: schema }, required: ['inner'] };
  return schema;
}

/** JSON text of `{"a":{"a":…1…}}`, `levels` objects deep. */
const nestedObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

async function post(url: string, body: string | Buffer) {
  const response = await fetch(url, { method: 'POST', headers: { 'api-key': 'k', 'content-type': 'application/json' }, body });
  return { status: response.status, error: ((await response.json()) as { error?: { message: string; param: string | null } }).error };
}

test('a body nesting thousands of levels is a 400 that says so, on every JSON route, and the server stays up', async (t) => {
  const sim = await startTestSimulator(t);
  const chat = azureClient(sim, { deployment: 'gpt-4o' });
  // the SDK's own JSON.stringify gives out near 3,000 levels; 1,000 are past the limit all the same
  const tools = [{ type: 'function' as const, function: { name: 'deep', parameters: nestedSchema(1000) } }];
  const inTools = await t.throwsAsync(chat.chat.completions.create({ model: 'gpt-4o', messages: hello, tools, tool_choice: 'required' }), {
    instanceOf: BadRequestError,
  });
  t.is(inTools.message, '400 The request body nests objects and arrays more than 256 levels deep. Send a flatter body.');
  const format = { type: 'json_schema' as const, json_schema: { name: 'deep', schema: nestedSchema(1000) } };
  await t.throwsAsync(chat.chat.completions.create({ model: 'gpt-4o', messages: hello, response_format: format }), {
    instanceOf: BadRequestError,
    message: /nests objects and arrays more than 256 levels/,
  });
  const plain = nestedObject(5000);
  const schema = `${'{"type":"object","properties":{"a":'.repeat(3000)}{"type":"string"}${'}}'.repeat(3000)}`;
  for (const [path, body] of [
    [CHAT, `{"messages":[{"role":"user","content":"Hello"}],"tools":[{"type":"function","function":{"name":"f","parameters":${schema}}}]}`],
    [CHAT, `{"messages":[{"role":"user","content":"Hello"}],"metadata":${plain}}`],
    [CHAT, `{"messages":[{"role":"user","content":${'['.repeat(5000)}${']'.repeat(5000)}}]}`],
    ['/openai/v1/responses', `{"model":"gpt-4o","input":"Hello","metadata":${plain}}`],
    ['/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21', `{"input":${'['.repeat(5000)}${']'.repeat(5000)}}`],
  ] as const) {
    const answer = await post(`${sim.url}${path}`, body);
    t.is(answer.status, 400, path);
    t.regex(answer.error?.message ?? '', /more than 256 levels deep/);
  }
  t.truthy((await chat.chat.completions.create({ model: 'gpt-4o', messages: hello })).choices[0]);
});

test('a schema nesting past 64 levels is a 400 naming the schema, not a stack overflow', async (t) => {
  const sim = await startTestSimulator(t);
  const chat = azureClient(sim, { deployment: 'gpt-4o' });
  const tools = [{ type: 'function' as const, function: { name: 'deep', parameters: nestedSchema(100) } }];
  const error = await t.throwsAsync(chat.chat.completions.create({ model: 'gpt-4o', messages: hello, tools, tool_choice: 'required' }), {
    instanceOf: BadRequestError,
  });
  t.is(error.param, 'tools[0].function.parameters');
  t.is(error.message, "400 Invalid schema for function 'deep': The schema nests subschemas more than 64 levels deep");
  const format = { format: { type: 'json_schema' as const, name: 'deep', schema: nestedSchema(100) } };
  await t.throwsAsync(v1Client(sim).responses.create({ model: 'gpt-4o', input: 'Hello', text: format }), {
    instanceOf: BadRequestError,
    message: /Invalid schema for text\.format 'deep': The schema nests subschemas more than 64 levels deep/,
  });
  // a deep schema within the bound is answered
  const answer = await chat.chat.completions.create({
    model: 'gpt-4o',
    messages: hello,
    tools: [{ ...tools[0]!, function: { name: 'ok', parameters: nestedSchema(30) } }],
    tool_choice: 'required',
  });
  t.is(answer.choices[0]?.finish_reason, 'tool_calls');
});

test('a body just inside the nesting limit goes through every walker: the journal, recording, replay and its near-miss report', async (t) => {
  const upstream = await startTestSimulator(t);
  const dir = await tempTree(t, {
    'recorder.yaml': yaml`
      server: { mode: record-missing }
      deployments: { gpt-4o: { model: gpt-4o-2024-08-06 } }
      replay: { cassettes: [cassettes], onMiss: record }
      record: { upstream: ${upstream.url}, apiKey: upstream-key, dir: cassettes }
    `,
    'cassettes/.keep': '',
    'replayer.yaml': yaml`
      server: { mode: replay }
      deployments: { gpt-4o: { model: gpt-4o-2024-08-06 } }
      replay: { cassettes: [cassettes], onMiss: error }
    `,
  });
  const deepest = (leaf: string) =>
    `{"messages":[{"role":"user","content":"Hello"}],"metadata":${nestedObject(254).replace('1', `"${leaf}"`)}}`;
  // metadata, the deep body's carrier, is a chat parameter from 2024-12-01-preview: older versions refuse it
  const CHAT = '/openai/deployments/gpt-4o/chat/completions?api-version=2024-12-01-preview';
  const recorder = await startTestSimulator(t, { scenarios: join(dir, 'recorder.yaml') });
  t.is((await post(`${recorder.url}${CHAT}`, deepest('x'))).status, 200);
  t.is((await post(`${recorder.url}${CHAT}`, deepest('x'))).status, 200);
  const journal = await fetch(`${recorder.url}/__sim/journal`);
  t.is(journal.status, 200);
  t.is(((await journal.json()) as { entries: unknown[] }).entries.length, 2);

  const replayer = await startTestSimulator(t, { scenarios: join(dir, 'replayer.yaml') });
  t.is((await post(`${replayer.url}${CHAT}`, deepest('x'))).status, 200);
  const miss = await post(`${replayer.url}${CHAT}`, deepest('y'));
  t.true(miss.status >= 400 && miss.status < 500, String(miss.status));
});

test('bytes that are not UTF-8 and lone surrogates are the service’s could-not-parse 400; well-formed text passes', async (t) => {
  const sim = await startTestSimulator(t);
  const prefix = Buffer.from('{"messages":[{"role":"user","content":"');
  const suffix = Buffer.from('"}]}');
  for (const bad of [Buffer.from([0xff, 0xfe]), Buffer.from([0xc3]), Buffer.from([0xed, 0xa0, 0x80]) /* a surrogate in UTF-8 form */]) {
    const answer = await post(`${sim.url}${CHAT}`, Buffer.concat([prefix, bad, suffix]));
    t.is(answer.status, 400, bad.toString('hex'));
    t.regex(answer.error?.message ?? '', MALFORMED);
  }
  for (const body of [
    '{"messages":[{"role":"user","content":"half an emoji \\ud83d"}]}',
    '{"messages":[{"role":"user","content":"\\ude00 alone"}]}',
    '{"messages":[{"role":"user","content":"Hello"}],"metadata":{"\\udc00":"in a key"}}',
  ]) {
    const answer = await post(`${sim.url}${CHAT}`, body);
    t.is(answer.status, 400, body);
    t.regex(answer.error?.message ?? '', MALFORMED);
  }
  for (const body of [
    '{"messages":[{"role":"user","content":"a pair \\ud83d\\ude00 and \\\\ud800 as text"}]}',
    '{"messages":[{"role":"user","content":"😀 é"}]}',
  ]) {
    t.is((await post(`${sim.url}${CHAT}`, body)).status, 200, body);
  }
});
