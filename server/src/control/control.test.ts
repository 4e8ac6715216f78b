import test from 'ava';
import { join } from 'node:path';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';

const ADMIN = 'admin-secret';

async function withControl(t: import('ava').ExecutionContext) {
  const dir = await tempTree(t, {
    's.yaml': yaml`
      server:
        admin: { apiKey: ${ADMIN} }
        auth: { apiKeys: [data-key] }
      deployments:
        gpt-4o: { model: gpt-4o-2024-08-06, rateLimit: { tpm: 100000 } }
      scenarios:
        - { name: counted, match: { lastUserMessage: count }, sequence: { responses: [{ content: one }, { content: two }] } }
      incidents:
        - name: drill
          start: trigger
          phases: [{ from: 0s, to: 10s, fault: { kind: status, status: 503 } }]
    `,
  });
  const sim = await startTestSimulator(t, { scenarios: join(dir, 's.yaml') });
  const control = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${sim.url}/__sim${path}`, {
      method,
      headers: {
        'x-sim-admin-key': ADMIN,
        ...(body === undefined ? {} : { 'content-type': typeof body === 'string' ? 'application/yaml' : 'application/json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, any> }));
  const client = azureClient(sim, { deployment: 'gpt-4o', apiKey: 'data-key' });
  const ask = (content: string) => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content }] });
  return { sim, control, client, ask };
}

test('the admin key is required, and separate from the data-plane keys', async (t) => {
  const { control } = await withControl(t);
  t.is((await control('GET', '/config', undefined, { 'x-sim-admin-key': 'wrong' })).status, 401);
  t.is((await control('GET', '/config', undefined, { 'x-sim-admin-key': 'data-key' })).status, 401);
  t.is((await control('GET', '/config')).status, 200);
});

test('GET /__sim/config shows the effective configuration with secrets masked', async (t) => {
  const { control } = await withControl(t);
  const { body } = await control('GET', '/config');
  t.deepEqual(body.server.auth.apiKeys, ['***']);
  t.is(body.server.adminApiKey, '***');
  t.is(body.deployments[0].model, 'gpt-4o-2024-08-06');
  t.false(JSON.stringify(body).includes(ADMIN));
  t.false(JSON.stringify(body).includes('data-key'));
});

test('PUT replaces the scenarios; a bad update is refused with pointers and positions, the running set untouched', async (t) => {
  const { control, ask } = await withControl(t);
  const replaced = await control('PUT', '/scenarios', {
    deployments: { 'gpt-4o': { model: 'gpt-4o-2024-11-20' } },
    scenarios: [{ name: 'hi', respond: { content: 'replaced' } }],
  });
  t.is(replaced.status, 200);
  const answer = await ask('anything');
  t.is(answer.choices[0]?.message.content, 'replaced');
  t.is(answer.model, 'gpt-4o-2024-11-20');

  const bad = await control('PUT', '/scenarios', { deployments: { 'gpt-4o': { modell: 'x' } } });
  t.is(bad.status, 400);
  t.deepEqual(
    bad.body.error.issues.map((issue: { text: string }) => issue.text),
    [
      'request body: /deployments/gpt-4o must have property "model"',
      'request body: /deployments/gpt-4o/modell is not a known property of Deployment; did you mean "model"?',
    ],
  );
  const badYaml = await control('PUT', '/scenarios', 'deployments:\n  gpt-4o:\n    model: 5\n');
  t.is(badYaml.status, 400);
  t.is(badYaml.body.error.issues[0].text, 'request body:3:12: /deployments/gpt-4o/model must be string, not integer');
  t.is((await ask('anything')).choices[0]?.message.content, 'replaced', 'the running set is unchanged');
});

test('PATCH merges into the running scenarios', async (t) => {
  const { control, ask } = await withControl(t);
  const patched = await control('PATCH', '/scenarios', { scenarios: [{ name: 'patched', respond: { content: 'patched answer' } }] });
  t.is(patched.status, 200);
  t.is((await ask('x')).choices[0]?.message.content, 'patched answer');
  const { body } = await control('GET', '/config');
  t.is(body.deployments[0].name, 'gpt-4o', 'the deployments came through the patch');
});

test('reset clears sequence counters and rate-limit windows, all or for one test id', async (t) => {
  const { control, ask } = await withControl(t);
  t.is((await ask('count')).choices[0]?.message.content, 'one');
  t.is((await ask('count')).choices[0]?.message.content, 'two');
  t.is((await control('POST', '/reset', {})).status, 200);
  t.is((await ask('count')).choices[0]?.message.content, 'one');
  const limits = await control('GET', '/limits');
  t.is(limits.body.deployments[0].tokens.limit, 100000);
  t.is(limits.body.deployments[0].requests.used, 1);
  t.is((await control('POST', '/reset', { testId: 'nobody' })).status, 200);
  t.is((await control('POST', '/reset', { testId: 5 })).status, 400);
});

test('POST /__sim/faults arms a one-shot fault for the next matching request, and starts incidents', async (t) => {
  const { control, ask } = await withControl(t);
  const armed = await control('POST', '/faults', {
    fault: { kind: 'status', status: 500 },
    match: { lastUserMessage: { contains: 'break' } },
    times: 2,
  });
  t.is(armed.status, 200);
  t.truthy(await ask('fine'));
  await t.throwsAsync(ask('break me'));
  await t.throwsAsync(ask('break me'));
  t.truthy(await ask('break me'), 'two times, then done');
  t.is((await control('POST', '/faults', { incident: 'drill' })).status, 200);
  const error = await t.throwsAsync(ask('anything'));
  t.is((error as { status?: number }).status, 503);
  t.is((await control('POST', '/faults', { incident: 'nope' })).status, 400);
  const bad = await control('POST', '/faults', { fault: { kind: 'explode' } });
  t.is(bad.status, 400);
  t.regex(bad.body.error.issues[0].text, /kind must be one of/);
});

test('one-shot faults armed at once are bounded; a reset makes room again', async (t) => {
  const { control, ask } = await withControl(t);
  const fault = { fault: { kind: 'status', status: 500 }, match: { lastUserMessage: { contains: 'never sent' } } };
  for (let i = 0; i < 1000; i++) t.is((await control('POST', '/faults', fault)).status, 200);
  const refused = await control('POST', '/faults', fault);
  t.is(refused.status, 400);
  t.regex(refused.body.error.message, /1000 one-shot faults are armed already/);
  t.truthy(await ask('fine'), 'a request is checked against all of them and still answered');
  t.is((await control('POST', '/reset', {})).status, 200);
  t.is((await control('POST', '/faults', fault)).status, 200);
});

test('POST /__sim/faults reports a bad fault by its pointer in the body that was sent', async (t) => {
  const { control } = await withControl(t);
  const bad = await control('POST', '/faults', { fault: { kind: 'explode' }, match: { deploymnt: 'gpt-4o' } });
  t.is(bad.status, 400);
  const pointers = (bad.body.error.issues as Array<{ pointer: string; text: string }>).map((issue) => issue.pointer);
  t.true(pointers.includes('/fault/kind'), pointers.join(', '));
  t.true(pointers.includes('/match/deploymnt'), pointers.join(', '));
  t.false(JSON.stringify(bad.body).includes('/faults/0'));
  const missing = await control('POST', '/faults', { times: 2 });
  t.deepEqual(
    (missing.body.error.issues as Array<{ text: string }>).map((issue) => issue.text),
    ['request body: / must have property "fault"'],
  );
});

test('the control API takes the standard media types, and answers any other with a 415 naming them', async (t) => {
  const { control, sim, ask } = await withControl(t);
  const send = (method: string, path: string, type: string | undefined, body: string) =>
    fetch(`${sim.url}/__sim${path}`, {
      method,
      headers: { 'x-sim-admin-key': ADMIN, ...(type === undefined ? {} : { 'content-type': type }) },
      // fetch gives a string body text/plain; bytes go without a type
      body: type === undefined ? Buffer.from(body) : body,
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as Record<string, any> }));
  const patch = JSON.stringify({ scenarios: [{ name: 'patched', respond: { content: 'merge-patched' } }] });
  t.is((await send('PATCH', '/scenarios', 'application/merge-patch+json', patch)).status, 200);
  t.is((await ask('x')).choices[0]?.message.content, 'merge-patched');

  const yamlDocument =
    'deployments:\n  gpt-4o: { model: gpt-4o-2024-08-06 }\nscenarios:\n  - { name: y, respond: { content: from yaml } }\n';
  for (const type of ['application/yaml', 'text/yaml', 'application/yaml; charset=utf-8']) {
    t.is((await send('PUT', '/scenarios', type, yamlDocument)).status, 200, type);
  }
  t.is((await ask('x')).choices[0]?.message.content, 'from yaml');
  t.is(
    (await send('PUT', '/scenarios', 'application/json', JSON.stringify({ deployments: { 'gpt-4o': { model: 'gpt-4o' } } }))).status,
    200,
  );

  // curl --data-binary @scenarios.yaml sends application/x-www-form-urlencoded unless told otherwise
  const form = await send('PUT', '/scenarios', 'application/x-www-form-urlencoded', yamlDocument);
  t.is(form.status, 415);
  t.is(form.body.error.code, 'UnsupportedMediaType');
  t.regex(
    form.body.error.message,
    /^PUT \/__sim\/scenarios takes a body of type application\/yaml, text\/yaml, .*application\/json, not application\/x-www-form-urlencoded/,
  );
  t.regex(form.body.error.message, /-H 'content-type: application\/yaml'/);
  for (const [method, path, type] of [
    ['PUT', '/scenarios', 'text/plain'],
    ['PUT', '/scenarios', undefined],
    ['PATCH', '/scenarios', 'application/yaml'],
    ['POST', '/faults', 'application/x-www-form-urlencoded'],
  ] as const) {
    const refused = await send(method, path, type, patch);
    t.is(refused.status, 415, `${method} ${path} ${type}`);
    t.regex(refused.body.error.message, method === 'PATCH' ? /application\/merge-patch\+json/ : /application\/(yaml|json)/);
  }
  t.is((await control('POST', '/reset')).status, 200, 'a call without a body needs no type');
});

test('bad input to the control API is a 400 with the reason, never a 500', async (t) => {
  const { control, sim } = await withControl(t);
  const broken = await fetch(`${sim.url}/__sim/scenarios`, {
    method: 'PUT',
    headers: { 'x-sim-admin-key': ADMIN, 'content-type': 'application/json' },
    body: '{"deployments": ',
  });
  t.is(broken.status, 400);
  t.is((await control('PATCH', '/scenarios', [1, 2])).status, 400);
  t.is((await control('POST', '/faults', { fault: { kind: 'status' }, times: 0 })).status, 400);
  // a value checked against a list of numbers (found by the fuzzer: a 500 from the near-miss hint)
  const badVersion = await control('PUT', '/scenarios', 'version: ""\n');
  t.is(badVersion.status, 400);
  t.is(badVersion.body.error.issues[0].text, 'request body:1:10: /version must be integer, not string');
});

test('a scenario swap under concurrent requests is atomic: no request sees a mix', async (t) => {
  const { control, client } = await withControl(t);
  const set = (label: string, model: string) => ({
    deployments: { 'gpt-4o': { model } },
    scenarios: [{ name: 'label', respond: { content: label } }],
  });
  const seen: string[] = [];
  let swapping = true;
  const swapper = (async () => {
    for (let i = 0; i < 30; i++)
      await control('PUT', '/scenarios', i % 2 === 0 ? set('A', 'gpt-4o-2024-08-06') : set('B', 'gpt-4o-2024-11-20'));
    swapping = false;
  })();
  const askers = Array.from({ length: 4 }, async () => {
    while (swapping) {
      const answer = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
      seen.push(`${answer.choices[0]?.message.content}|${answer.model}`);
    }
  });
  await Promise.all([swapper, ...askers]);
  const mixed = seen.filter(
    (pair) => pair !== 'A|gpt-4o-2024-08-06' && pair !== 'B|gpt-4o-2024-11-20' && !pair.endsWith('|gpt-4o-2024-08-06'),
  );
  t.true(seen.length > 10);
  t.deepEqual(mixed, []);
});
