import test from 'ava';
import { AzureOpenAI, AuthenticationError, BadRequestError, NotFoundError } from 'openai';
import { join } from 'node:path';
import { azureClient, PREVIEW_API_VERSION } from '../test-support/clients.ts';
import { fakeJwt, startTestSimulator } from '../test-support/simulator.ts';
import { tempTree } from '../test-support/temp-tree.ts';

const hello = [{ role: 'user' as const, content: 'Hello' }];

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const response = await fetch(url, { method: 'POST', headers: { 'api-key': 'k', 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

test('an unknown deployment is 404 DeploymentNotFound, on dated and v1 routes', async (t) => {
  const sim = await startTestSimulator(t);
  const error = await t.throwsAsync(azureClient(sim, { deployment: 'nope' }).chat.completions.create({ model: 'nope', messages: hello }), {
    instanceOf: NotFoundError,
  });
  t.is(error.code, 'DeploymentNotFound');
  t.is(
    error.message,
    '404 The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
  );
  const v1 = await post(`${sim.url}/openai/v1/chat/completions`, JSON.stringify({ model: 'nope', messages: hello }));
  t.is(v1.status, 404);
  t.regex(v1.text, /"code":"DeploymentNotFound"/);
});

test('an operation the model cannot serve is 400 OperationNotSupported naming the deployment', async (t) => {
  const sim = await startTestSimulator(t);
  const error = await t.throwsAsync(
    azureClient(sim, { deployment: 'text-embedding-3-small' }).chat.completions.create({ model: 'x', messages: hello }),
    { instanceOf: BadRequestError },
  );
  t.is(error.code, 'OperationNotSupported');
  t.is(
    error.message,
    '400 The chatCompletion operation does not work with the specified model, text-embedding-3-small. Please choose different model and try again. You can learn more about which models can be used with each operation here: https://go.microsoft.com/fwlink/?linkid=2197993.',
  );
});

test('a prompt beyond the context window is 400 context_length_exceeded with the service wording', async (t) => {
  const dir = await tempTree(t, { 's.yaml': 'deployments:\n  small:\n    model: gpt-4o-2024-08-06\n    contextWindow: 50\n' });
  const sim = await startTestSimulator(t, { scenarios: join(dir, 's.yaml') });
  const client = azureClient(sim, { deployment: 'small' });
  const long = [{ role: 'user' as const, content: 'word '.repeat(100) }];
  const error = await t.throwsAsync(client.chat.completions.create({ model: 'small', messages: long }), { instanceOf: BadRequestError });
  t.is(error.code, 'context_length_exceeded');
  t.is(error.param, 'messages');
  t.regex(
    error.message,
    /^400 This model's maximum context length is 50 tokens\. However, your messages resulted in \d+ tokens\. Please reduce the length of the messages\.$/,
  );
  const withMax = await t.throwsAsync(client.chat.completions.create({ model: 'small', max_tokens: 45, messages: hello }), {
    instanceOf: BadRequestError,
  });
  t.regex(
    withMax.message,
    /However, you requested \d+ tokens \(\d+ in the messages, 45 in the completion\)\. Please reduce the length of the messages or completion\.$/,
  );
});

test('missing, mistyped and out-of-range parameters are 400 invalid_request_error naming the param', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const cases: Array<[Record<string, unknown>, string, string]> = [
    [{}, 'messages', "400 Missing required parameter: 'messages'."],
    [{ messages: 'hi' }, 'messages', "400 Invalid type for 'messages': expected an array, but got a string instead."],
    [
      { messages: [] },
      'messages',
      "400 Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
    ],
    [
      { messages: [{ role: 'wizard', content: 'x' }] },
      'messages[0].role',
      "400 Invalid value: 'wizard'. Supported values are: 'system', 'developer', 'user', 'assistant', 'tool', and 'function'.",
    ],
    [
      { messages: hello, temperature: 3 },
      'temperature',
      "400 Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 3 instead.",
    ],
    [{ messages: hello, n: 0 }, 'n', "400 Invalid 'n': integer below minimum value. Expected a value >= 1, but got 0 instead."],
    [
      { messages: [{ role: 'user', content: 5 }] },
      'messages[0].content',
      "400 Invalid type for 'messages[0].content': expected one of a string or an array or null, but got an integer instead.",
    ],
  ];
  for (const [body, param, message] of cases) {
    const error = await t.throwsAsync(client.chat.completions.create({ model: 'gpt-4o', ...body } as never), {
      instanceOf: BadRequestError,
    });
    t.is(error.param, param, JSON.stringify(body));
    t.is(error.type, 'invalid_request_error');
    t.is(error.message, message);
  }
  const unknown = await t.throwsAsync(client.chat.completions.create({ model: 'gpt-4o', messages: hello, frobnicate: 1 } as never), {
    instanceOf: BadRequestError,
  });
  t.is(unknown.message, '400 Unrecognized request argument supplied: frobnicate');
});

test('malformed JSON is 400; an oversized body 413; a wrong method 405; another content type 415', async (t) => {
  const dir = await tempTree(t, { 's.yaml': 'server:\n  maxBodyBytes: 2048\ndeployments:\n  gpt-4o: { model: gpt-4o-2024-08-06 }\n' });
  const sim = await startTestSimulator(t, { scenarios: join(dir, 's.yaml') });
  const url = `${sim.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`;

  const malformed = await post(url, '{"messages": [');
  t.is(malformed.status, 400);
  t.regex(JSON.parse(malformed.text).error.message, /^We could not parse the JSON body of your request\./);

  const large = await post(url, JSON.stringify({ messages: [{ role: 'user', content: 'x'.repeat(5000) }] }));
  t.is(large.status, 413);
  t.is(JSON.parse(large.text).error.code, 'RequestEntityTooLarge');

  const get = await fetch(url, { headers: { 'api-key': 'k' } });
  t.is(get.status, 405);
  t.is(get.headers.get('allow'), 'POST');
  t.is(JSON.parse(await get.text()).error.code, 'MethodNotAllowed');

  const text = await post(url, 'hello', { 'content-type': 'text/plain' });
  t.is(text.status, 415);
  t.is(JSON.parse(text.text).error.code, 'unsupported_content_type');

  t.is((await fetch(`${sim.url}/healthz`)).status, 200, 'the server keeps serving');
});

test('api-version: missing is 404, unknown is 400, and the any policy accepts every version', async (t) => {
  const sim = await startTestSimulator(t);
  const body = JSON.stringify({ messages: hello });
  const missing = await post(`${sim.url}/openai/deployments/gpt-4o/chat/completions`, body);
  t.is(missing.status, 404);
  t.is(missing.text, '{"error":{"code":"404","message": "Resource not found"}}');
  const unknown = await post(`${sim.url}/openai/deployments/gpt-4o/chat/completions?api-version=2031-01-01`, body);
  t.is(unknown.status, 400);
  t.is(unknown.text, '{"error":{"code":"BadRequest","message":"API version not supported"}}');

  const dir = await tempTree(t, { 's.yaml': 'server:\n  apiVersionPolicy: any\ndeployments:\n  gpt-4o: { model: gpt-4o-2024-08-06 }\n' });
  const lenient = await startTestSimulator(t, { scenarios: join(dir, 's.yaml') });
  t.is((await post(`${lenient.url}/openai/deployments/gpt-4o/chat/completions?api-version=2031-01-01`, body)).status, 200);
});

test('feature gates: stream_options and json_schema need new enough api-versions', async (t) => {
  const sim = await startTestSimulator(t);
  const old = azureClient(sim, { deployment: 'gpt-4o', apiVersion: '2024-06-01' });
  const streamOptions = await t.throwsAsync(
    old.chat.completions.create({ model: 'gpt-4o', messages: hello, stream: true, stream_options: { include_usage: true } }),
    { instanceOf: BadRequestError },
  );
  t.is(streamOptions.message, '400 Unrecognized request argument supplied: stream_options');
  const schema = await t.throwsAsync(
    old.chat.completions.create({
      model: 'gpt-4o',
      messages: hello,
      response_format: { type: 'json_schema', json_schema: { name: 'x', schema: { type: 'object' } } },
    }),
    { instanceOf: BadRequestError },
  );
  t.regex(schema.message, /json_schema is enabled only for api versions 2024-08-01-preview and later/);
  const preview = azureClient(sim, { deployment: 'gpt-4o', apiVersion: PREVIEW_API_VERSION });
  const ok = await preview.chat.completions.create({
    model: 'gpt-4o',
    messages: hello,
    response_format: {
      type: 'json_schema',
      json_schema: { name: 'x', schema: { type: 'object', properties: { a: { type: 'integer' } }, required: ['a'] } },
    },
  });
  t.is(typeof (JSON.parse(ok.choices[0]?.message.content ?? '{}') as { a: unknown }).a, 'number');
});

test('auth through the SDK: a wrong key and a bad token get the two 401 shapes', async (t) => {
  const dir = await tempTree(t, {
    's.yaml': 'server:\n  auth:\n    apiKeys: [right-key]\ndeployments:\n  gpt-4o: { model: gpt-4o-2024-08-06 }\n',
  });
  const sim = await startTestSimulator(t, { scenarios: join(dir, 's.yaml') });
  const wrongKey = await t.throwsAsync(
    azureClient(sim, { deployment: 'gpt-4o', apiKey: 'wrong' }).chat.completions.create({ model: 'gpt-4o', messages: hello }),
    {
      instanceOf: AuthenticationError,
    },
  );
  t.is(wrongKey.status, 401);
  t.is(wrongKey.code, '401');
  t.regex(wrongKey.message, /^401 Access denied due to invalid subscription key or wrong API endpoint\./);

  const badToken = new AzureOpenAI({
    endpoint: sim.url,
    apiVersion: '2024-10-21',
    deployment: 'gpt-4o',
    maxRetries: 0,
    azureADTokenProvider: async () => 'not-a-token',
  });
  const tokenError = await t.throwsAsync(badToken.chat.completions.create({ model: 'gpt-4o', messages: hello }), {
    instanceOf: AuthenticationError,
  });
  t.is(tokenError.status, 401);
  t.regex(tokenError.message, /Unauthorized\. Access token is missing, invalid, audience is incorrect/);

  const goodToken = new AzureOpenAI({
    endpoint: sim.url,
    apiVersion: '2024-10-21',
    deployment: 'gpt-4o',
    maxRetries: 0,
    azureADTokenProvider: async () => fakeJwt({ aud: 'https://cognitiveservices.azure.com' }),
  });
  const completion = await goodToken.chat.completions.create({ model: 'gpt-4o', messages: hello });
  t.truthy(completion.choices[0]?.message.content);
});
