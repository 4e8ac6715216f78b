import test, { type ExecutionContext } from 'ava';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AzureOpenAI } from 'openai';
import { pino } from 'pino';
import { startSimulator } from 'aoai-sim';
import { AoaiSimControl, AoaiSimControlError, VerificationError } from './index.ts';

const ADMIN = 'admin-secret';
const API_VERSION = '2024-10-21';

// paced admits one call per sliding second (rpm 60 over a 1 s burst window): a second quick call gets a 429
// whose retry-after is under a second. strict admits one per 10 s, so that a retry made at once is early even
// on a machine slow enough to put hundreds of ms between two back-to-back requests.
const SCENARIOS = `
server:
  admin: { apiKey: ${ADMIN} }
deployments:
  chat: { model: gpt-4o-2024-08-06 }
  embed: { model: text-embedding-3-small }
  paced: { model: gpt-4o-2024-08-06, rateLimit: { tpm: 100000, rpm: 60, burstWindow: 1s } }
  strict: { model: gpt-4o-2024-08-06, rateLimit: { tpm: 100000, rpm: 6, burstWindow: 10s } }
scenarios:
  - { name: greet, match: { lastUserMessage: hello }, respond: { content: Hello there } }
  - { name: counted, match: { lastUserMessage: count }, sequence: { responses: [{ content: one }, { content: two }] } }
incidents:
  - name: drill
    start: trigger
    phases: [{ from: 0s, to: 10s, fault: { kind: status, status: 503 } }]
`;

/** A simulator in this process with SCENARIOS, its control client, and ways to call it as an app would. */
async function simulator(t: ExecutionContext) {
  const dir = await mkdtemp(join(tmpdir(), 'aoai-sim-control-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'scenarios.yaml');
  await writeFile(file, SCENARIOS);
  const sim = await startSimulator({ port: 0, host: '127.0.0.1', scenarios: file, watch: false, logger: pino({ level: 'silent' }) });
  t.teardown(() => sim.close());
  const control = new AoaiSimControl(sim.url, ADMIN);
  const client = (deployment: string, maxRetries = 0) =>
    new AzureOpenAI({ endpoint: sim.url, apiKey: 'k', apiVersion: API_VERSION, deployment, maxRetries });
  const ask = (deployment: string, content: string, options: { testId?: string; maxRetries?: number } = {}) =>
    client(deployment, options.maxRetries).chat.completions.create(
      { model: deployment, messages: [{ role: 'user', content }] },
      options.testId === undefined ? {} : { headers: { 'x-sim-test-id': options.testId } },
    );
  /** A bare request with no client retry logic at all: its status, whatever it is. */
  const rawChat = async (deployment: string) => {
    const response = await fetch(`${sim.url}/openai/deployments/${deployment}/chat/completions?api-version=${API_VERSION}`, {
      method: 'POST',
      headers: { 'api-key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
    });
    await response.arrayBuffer();
    return response.status;
  };
  return { sim, control, client, ask, rawChat };
}

test('config shows the effective configuration, secrets masked', async (t) => {
  const { control } = await simulator(t);
  const config = await control.config();
  t.deepEqual(
    config.deployments.map(({ name, model }) => ({ name, model })),
    [
      { name: 'chat', model: 'gpt-4o-2024-08-06' },
      { name: 'embed', model: 'text-embedding-3-small' },
      { name: 'paced', model: 'gpt-4o-2024-08-06' },
      { name: 'strict', model: 'gpt-4o-2024-08-06' },
    ],
  );
  t.deepEqual(config.deployments[0]?.operations.includes('chat'), true);
  t.is(config.server.adminApiKey, '***');
  t.is(config.server.testIdHeader, 'x-sim-test-id');
  t.false(JSON.stringify(config).includes(ADMIN));
});

test('setScenarios changes the answers, from an object or from YAML text', async (t) => {
  const { control, ask } = await simulator(t);
  const applied = await control.setScenarios({
    deployments: { chat: { model: 'gpt-4o-2024-11-20' } },
    scenarios: [{ name: 'all', respond: { content: 'replaced' } }],
  });
  t.deepEqual(applied, { applied: true, deployments: ['chat'], rules: 1 });
  const answer = await ask('chat', 'hello');
  t.is(answer.choices[0]?.message.content, 'replaced');
  t.is(answer.model, 'gpt-4o-2024-11-20');

  await control.setScenarios(
    'deployments:\n  chat: { model: gpt-4o-2024-08-06 }\nscenarios:\n  - { name: yaml, respond: { content: from yaml } }\n',
  );
  t.is((await ask('chat', 'hello')).choices[0]?.message.content, 'from yaml');
});

test('a refused setScenarios throws AoaiSimControlError with every issue, and changes nothing', async (t) => {
  const { control, ask } = await simulator(t);
  const error = await t.throwsAsync(control.setScenarios({ deployments: { chat: { model: 5 as unknown as string } } }), {
    instanceOf: AoaiSimControlError,
  });
  t.is(error.status, 400);
  t.is(error.code, 'InvalidControlRequest');
  t.deepEqual(
    error.issues.map((issue) => issue.text),
    ['request body: /deployments/chat/model must be string, not integer'],
  );
  t.is(
    error.message,
    'PUT /__sim/scenarios failed: 400 InvalidControlRequest: The scenarios were refused; the running set is unchanged.\n' +
      '  - request body: /deployments/chat/model must be string, not integer',
  );

  const yaml = await t.throwsAsync(control.setScenarios('deployments:\n  chat:\n    model: 5\n'), { instanceOf: AoaiSimControlError });
  t.is(yaml.issues[0]?.text, 'request body:3:12: /deployments/chat/model must be string, not integer');
  t.is(yaml.issues[0]?.line, 3);
  t.is((await ask('chat', 'hello')).choices[0]?.message.content, 'Hello there', 'the running set is unchanged');
});

test('patchScenarios merges into the running scenarios', async (t) => {
  const { control, ask } = await simulator(t);
  const applied = await control.patchScenarios({ scenarios: [{ name: 'patched', respond: { content: 'patched answer' } }] });
  t.deepEqual(applied.deployments, ['chat', 'embed', 'paced', 'strict'], 'the deployments came through the patch');
  t.is((await ask('chat', 'hello')).choices[0]?.message.content, 'patched answer');
  await t.throwsAsync(control.patchScenarios([1, 2]), { instanceOf: AoaiSimControlError, message: /merge patch/ });
});

test('reset starts sequences and the journal over, for everyone or for one test id', async (t) => {
  const { control, ask } = await simulator(t);
  t.is((await ask('chat', 'count', { testId: 'a' })).choices[0]?.message.content, 'one');
  t.is((await ask('chat', 'count', { testId: 'b' })).choices[0]?.message.content, 'one');
  t.is((await ask('chat', 'count', { testId: 'b' })).choices[0]?.message.content, 'two');

  t.deepEqual(await control.reset({ testId: 'b' }), { reset: { testId: 'b' }, journalEntriesRemoved: 2 });
  t.is((await ask('chat', 'count', { testId: 'b' })).choices[0]?.message.content, 'one');
  t.is((await ask('chat', 'count', { testId: 'a' })).choices[0]?.message.content, 'two', 'test a kept its place');

  t.deepEqual(await control.reset(), { reset: 'all', journalEntriesRemoved: 3 });
  t.is(await control.journalCount(), 0);
  t.is((await ask('chat', 'count', { testId: 'a' })).choices[0]?.message.content, 'one');
});

test('injectFault breaks the next matching request once; a bad fault is refused with its issue', async (t) => {
  const { control, ask } = await simulator(t);
  const armed = await control.injectFault({ kind: 'status', status: 500 }, { match: { lastUserMessage: { contains: 'break' } } });
  t.deepEqual(armed, [{ action: { kind: 'status', status: 500 }, match: { lastUserMessage: { contains: 'break' } }, remaining: 1 }]);
  t.truthy(await ask('chat', 'fine'), 'a request the match does not select');
  const broken = await t.throwsAsync(ask('chat', 'break me'));
  t.is((broken as { status?: number }).status, 500);
  t.truthy(await ask('chat', 'break me'), 'one-shot: the next one goes through');
  t.deepEqual(
    (await control.journal({ status: 500 })).map((entry) => entry.fault),
    ['control:injected'],
  );

  const bad = await t.throwsAsync(control.injectFault({ kind: 'explode' as 'status' }), { instanceOf: AoaiSimControlError });
  t.is(bad.status, 400);
  t.regex(bad.issues[0]?.text ?? '', /kind must be one of/);
});

test('startIncident starts a configured incident; an unknown one is refused', async (t) => {
  const { control, ask } = await simulator(t);
  t.truthy(await ask('chat', 'hello'));
  await control.startIncident('drill');
  t.is(((await t.throwsAsync(ask('chat', 'hello'))) as { status?: number }).status, 503);
  const error = await t.throwsAsync(control.startIncident('nope'), { instanceOf: AoaiSimControlError });
  t.is(error.status, 400);
  t.regex(error.message, /No incident is named "nope"/);
});

test("limits shows each deployment's quotas as they stand", async (t) => {
  const { control, ask } = await simulator(t);
  await ask('paced', 'hello');
  const limits = await control.limits();
  t.deepEqual(
    limits.map((snapshot) => [snapshot.deployment, snapshot.mode]),
    [
      ['chat', 'unlimited'],
      ['embed', 'unlimited'],
      ['paced', 'standard'],
      ['strict', 'standard'],
    ],
  );
  const paced = limits.find((snapshot) => snapshot.deployment === 'paced');
  t.is(paced?.tokens?.limit, 100000);
  t.true((paced?.tokens?.used ?? 0) > 0);
  t.like(paced?.requests, { limit: 60, used: 1, remaining: 59, burst: { limit: 1, used: 1, remaining: 0, windowMs: 1000 } });
});

test('journal and journalCount apply every filter; clearJournal empties all or one test', async (t) => {
  const { control, ask, client } = await simulator(t);
  const before = new Date();
  await ask('chat', 'hello', { testId: 'a' });
  await ask('chat', 'other', { testId: 'b' });
  await client('embed').embeddings.create({ model: 'embed', input: 'text' });
  await control.injectFault({ kind: 'status', status: 500 }, { match: { deployment: 'chat' } });
  await t.throwsAsync(ask('chat', 'hello', { testId: 'a' }));

  const all = await control.journal();
  t.deepEqual(
    all.map((entry) => [entry.deployment, entry.operation, entry.status, entry.testId]),
    [
      ['chat', 'chat', 200, 'a'],
      ['chat', 'chat', 200, 'b'],
      ['embed', 'embeddings', 200, undefined],
      ['chat', 'chat', 500, 'a'],
    ],
  );
  t.is(all[0]?.rule, 'greet');
  t.is(all[0]?.request.headers['api-key'], 'REDACTED');
  t.is(await control.journalCount({ testId: 'a' }), 2);
  t.is(await control.journalCount({ deployment: 'chat', status: 200 }), 2);
  t.is(await control.journalCount({ status: { gte: 400 } }), 1);
  t.is(await control.journalCount({ operation: 'embeddings' }), 1);
  t.is(await control.journalCount({ rule: 'greet' }), 1);
  t.is(await control.journalCount({ since: before }), 4);
  t.is(await control.journalCount({ until: before }), 0);
  t.deepEqual(
    (await control.journal({ deployment: 'chat', limit: 1 })).map((entry) => entry.status),
    [500],
    'limit keeps the newest',
  );

  const refused = await t.throwsAsync(control.journal({ limit: -1 }), { instanceOf: AoaiSimControlError });
  t.is(refused.status, 400);
  t.regex(refused.message, /limit/);

  t.is(await control.clearJournal({ testId: 'a' }), 2);
  t.is(await control.journalCount(), 2);
  t.is(await control.clearJournal(), 2);
  t.is(await control.journalCount(), 0);
});

test('expectCalls passes on the exact count and fails showing what was seen', async (t) => {
  const { control, ask } = await simulator(t);
  await ask('chat', 'hello', { testId: 'a' });
  await ask('chat', 'other', { testId: 'a' });
  await control.expectCalls({ deployment: 'chat' }, 2);
  await control.expectCalls({ deployment: 'chat', operation: 'chat', testId: 'a', status: 200 }, 2);
  await control.expectCalls({ deployment: 'embed' }, 0);

  const tooMany = await t.throwsAsync(control.expectCalls({ deployment: 'chat', operation: 'chat' }, 1), { instanceOf: VerificationError });
  const lines = tooMany.message.split('\n');
  t.is(lines[0], 'expected deployment "chat" to get exactly 1 call (operation chat), but it got 2:');
  t.regex(lines[1] ?? '', /^ {2}time +deployment +operation +status +tokens +note$/);
  t.regex(lines[2] ?? '', /^ {2}\d{2}:\d{2}:\d{2}\.\d{3}Z +chat +chat +200 +\d+ \+ \d+ +rule greet, test a$/);
  t.regex(lines[3] ?? '', /^ {2}\d{2}:\d{2}:\d{2}\.\d{3}Z +chat +chat +200 +\d+ \+ \d+ +test a$/);
  t.is(lines.length, 4);

  // none matched: the newest calls the journal holds show what went where instead
  const misspelt = await t.throwsAsync(control.expectCalls({ deployment: 'chta' }, 1), { instanceOf: VerificationError });
  t.regex(misspelt.message, /^expected deployment "chta" to get exactly 1 call, but it got none\. The newest calls the journal holds:\n/);
  t.is(misspelt.message.split('\n').filter((line) => / chat +chat +200 /.test(line)).length, 2);

  await control.reset();
  const empty = await t.throwsAsync(control.expectCalls({ deployment: 'chat', testId: 'a' }, 2), { instanceOf: VerificationError });
  t.is(
    empty.message,
    'expected deployment "chat" to get exactly 2 calls (test id "a"), but it got none. The journal holds no calls at all.',
  );
  await t.throwsAsync(control.expectCalls({ deployment: 'chat' }, -1), { instanceOf: RangeError });
});

test('token totals add up the usage the app was sent', async (t) => {
  const { control, ask } = await simulator(t);
  const answers = [await ask('chat', 'hello', { testId: 'a' }), await ask('chat', 'a longer question than the first', { testId: 'a' })];
  await ask('chat', 'hello', { testId: 'b' });
  const sum = (pick: (usage: { prompt_tokens: number; completion_tokens: number }) => number) =>
    answers.reduce((total, answer) => total + (answer.usage ? pick(answer.usage) : NaN), 0);
  t.is(
    await control.totalPromptTokens({ testId: 'a' }),
    sum((usage) => usage.prompt_tokens),
  );
  t.is(
    await control.totalCompletionTokens({ testId: 'a' }),
    sum((usage) => usage.completion_tokens),
  );
  t.true((await control.totalPromptTokens()) > (await control.totalPromptTokens({ testId: 'a' })));
  t.is(await control.totalPromptTokens({ deployment: 'embed' }), 0);
});

// serial, so that they run before the other tests crowd the event loop: a second call held up for a second
// would be admitted instead of refused
test.serial('expectRetryHonoured passes when the client waited the retry-after', async (t) => {
  const { control, ask } = await simulator(t);
  await ask('paced', 'hello');
  // the SDK waits retry-after-ms before it retries
  const started = performance.now();
  await ask('paced', 'hello', { maxRetries: 3 });
  t.true(performance.now() - started > 100, 'the second call was held back by a 429');

  const statuses = (await control.journal({ deployment: 'paced' })).map((entry) => entry.status);
  t.is(statuses[0], 200);
  t.is(statuses[1], 429);
  t.is(statuses.at(-1), 200);
  const gaps = await control.expectRetryHonoured({ deployment: 'paced' });
  t.true(gaps.length >= 1);
  t.true(gaps.every((gap) => gap.honoured && gap.requiredMs > 0 && gap.requiredMs <= 1000));
});

test.serial('expectRetryHonoured fails when a client retried at once, naming the gap and the wait', async (t) => {
  const { control, rawChat } = await simulator(t);
  t.is(await rawChat('strict'), 200);
  t.is(await rawChat('strict'), 429);
  t.is(await rawChat('strict'), 429, 'retried at once, ignoring the retry-after');

  const error = await t.throwsAsync(control.expectRetryHonoured({ deployment: 'strict' }), { instanceOf: VerificationError });
  const lines = error.message.split('\n');
  t.is(lines[0], 'a retry for deployment "strict" came too soon after a 429:');
  t.regex(lines[1] ?? '', /^ {2}the 429 at \S+Z asked for a wait of \d+ ms; the next call came at \S+Z, \d+ ms later \(\d+ ms too soon\)$/);
  const [, wait, gap] = /wait of (\d+) ms; .*, (\d+) ms later/.exec(lines[1] ?? '') ?? [];
  t.true(Number(wait) > 5000 && Number(gap) < Number(wait), `${wait} ms asked, ${gap} ms waited`);
  t.true(
    lines.some((line) => /strict +chat +429 .*refused \(call limit\), retry after \d+ ms/.test(line)),
    'the table shows the refusals',
  );
});

test('expectRetryHonoured fails when there was no 429 to judge', async (t) => {
  const { control, ask } = await simulator(t);
  await ask('paced', 'hello');
  const error = await t.throwsAsync(control.expectRetryHonoured({ deployment: 'paced' }), { instanceOf: VerificationError });
  t.regex(
    error.message,
    /^expected a retry after a 429 for deployment "paced", but the journal holds 1 call and no 429 with a retry-after/,
  );
});

test('expectNoErrors passes on clean traffic and lists the failures otherwise', async (t) => {
  const { control, ask } = await simulator(t);
  await ask('chat', 'hello', { testId: 'a' });
  await control.expectNoErrors();
  await control.injectFault({ kind: 'status', status: 503 }, { times: 2 });
  await t.throwsAsync(ask('chat', 'hello', { testId: 'b' }));
  await t.throwsAsync(ask('chat', 'hello', { testId: 'b' }));
  await control.expectNoErrors({ testId: 'a' });
  const error = await t.throwsAsync(control.expectNoErrors({ deployment: 'chat' }), { instanceOf: VerificationError });
  const lines = error.message.split('\n');
  t.is(lines[0], 'expected no errors for deployment "chat", but 2 of 3 calls failed (503 ×2):');
  t.is(lines.filter((line) => / chat +chat +503 +- +fault control:injected, test b$/.test(line)).length, 2, lines.join('\n'));
});

test('expectNoErrors fails for a request refused before any deployment answered: a misspelt name, no key', async (t) => {
  const { control, ask, sim } = await simulator(t);
  await ask('chat', 'hello', { testId: 'typo' });
  await t.throwsAsync(ask('chta', 'hello', { testId: 'typo' }), { message: /404/ });
  const refused = await t.throwsAsync(control.expectNoErrors({ testId: 'typo' }), { instanceOf: VerificationError });
  const lines = refused.message.split('\n');
  t.is(lines[0], 'expected no errors for test id "typo", but 1 of 2 calls failed (404 ×1):');
  t.regex(lines.at(-1) ?? '', / - +chat +404 +- +DeploymentNotFound, POST \/openai\/deployments\/chta\/chat\/completions, test typo$/);

  await control.reset();
  const keyless = await fetch(`${sim.url}/openai/deployments/chat/chat/completions?api-version=${API_VERSION}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
  });
  t.is(keyless.status, 401);
  await t.throwsAsync(control.expectNoErrors(), { instanceOf: VerificationError, message: /401 ×1/ });
});

test('the admin key is required: a wrong or missing key is an AoaiSimControlError 401', async (t) => {
  const { sim } = await simulator(t);
  for (const control of [new AoaiSimControl(sim.url, 'wrong'), new AoaiSimControl(`${sim.url}/`)]) {
    const error = await t.throwsAsync(control.config(), { instanceOf: AoaiSimControlError });
    t.is(error.status, 401);
    t.is(error.code, 'AdminKeyRequired');
    t.regex(
      error.message,
      /^GET \/__sim\/config failed: 401 AdminKeyRequired: The control API needs the admin key in the x-sim-admin-key header\.$/,
    );
  }
});

test('an unreachable simulator is an AoaiSimControlError with status 0; a bad URL fails at once', async (t) => {
  const { sim } = await simulator(t);
  const url = sim.url;
  await sim.close();
  const error = await t.throwsAsync(new AoaiSimControl(url, ADMIN).limits(), { instanceOf: AoaiSimControlError });
  t.is(error.status, 0);
  t.is(error.code, 'ConnectionFailed');
  t.regex(error.message, new RegExp(`could not reach the simulator at ${url.replaceAll('.', '\\.')}: .*ECONNREFUSED`));
  t.throws(() => new AoaiSimControl('localhost:8080'), { instanceOf: TypeError });
});

/** A control API that answers GET /__sim/journal as a cluster's replica does, with `missing` from `misses`. */
async function clusterJournal(t: ExecutionContext, misses: string[][]) {
  const { createServer } = await import('node:http');
  const asked: string[] = [];
  const server = createServer((request, response) => {
    const missing = misses[asked.length] ?? [];
    asked.push(request.url ?? '');
    const entries = missing.length > 0 ? [] : [{ id: 1, replica: 'b' }];
    const body = request.url?.includes('count=') ? { count: entries.length } : { entries, stats: { entries: 1, bytes: 1, dropped: 0 } };
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ ...body, replicas: { answered: ['a'], missing } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { control: new AoaiSimControl(`http://127.0.0.1:${(server.address() as { port: number }).port}`), asked };
}

test("a cluster's journal is asked again when a replica did not answer, and is never returned short", async (t) => {
  const late = await clusterJournal(t, [['b']]);
  t.deepEqual(await late.control.journal(), [{ id: 1, replica: 'b' }] as never, 'the second answer, with every replica');
  t.is(late.asked.length, 2);

  const gone = await clusterJournal(t, [['b'], ['b'], ['b'], ['b']]);
  const error = await t.throwsAsync(gone.control.journalCount({ deployment: 'chat' }), { instanceOf: AoaiSimControlError });
  t.is(error?.code, 'ReplicasMissing');
  t.regex(error?.message ?? '', /did not answer, twice.*\(b\); 1 answered/);
  t.is(gone.asked.length, 2, 'asked twice, not forever');
  await t.throwsAsync(gone.control.expectCalls({ deployment: 'chat' }, 0), { message: /ReplicasMissing/ });
});
