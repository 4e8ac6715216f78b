import test, { type ExecutionContext } from 'ava';
import { AoaiError } from '../http/aoai-error.ts';
import type { JournalEntry } from '../journal/index.ts';
import { createLogger, type LineDestination } from '../logger.ts';
import { serviceErrors } from '../protocol/service-errors.ts';
import type { RunningSimulator } from '../server.ts';
import { API_VERSION, azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';

/**
 * The commonest mistakes, each refused at a different stage before an operation runs: every one must reach the
 * journal with its status and error code (so a test's expectNoErrors() sees it), with the service's exact body
 * for the client and a warning in the log that says what to fix.
 */
async function simulator(t: ExecutionContext, apiKeys?: string[]) {
  const warnings: string[] = [];
  const destination: LineDestination = {
    write(text) {
      for (const line of text.split('\n').filter(Boolean)) warnings.push((JSON.parse(line) as { msg: string }).msg);
      return true;
    },
    flush: (callback) => callback(),
  };
  const logger = createLogger({ level: 'warn', format: 'json', destination });
  const sim = await startTestSimulator(t, {
    scenarios: {
      ...(apiKeys ? { server: { auth: { apiKeys } } } : {}),
      deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' }, embeddings: { model: 'text-embedding-3-small' } },
    },
    logger,
  });
  /** The warnings logged so far, the newest last. */
  const logged = async () => {
    await new Promise((resolve) => logger.flush(resolve));
    return warnings;
  };
  return { sim, logged };
}

async function journal(sim: RunningSimulator): Promise<JournalEntry[]> {
  return ((await (await fetch(`${sim.url}/__sim/journal`)).json()) as { entries: JournalEntry[] }).entries;
}

function chatAt(sim: RunningSimulator, path: string, headers: Record<string, string> = { 'api-key': 'k' }) {
  return fetch(`${sim.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
  });
}

test('a misspelt deployment: journaled as 404 DeploymentNotFound, the log names the deployments and the nearest', async (t) => {
  const { sim, logged } = await simulator(t);
  const error = await t.throwsAsync(
    azureClient(sim, { deployment: 'gpt4o' }).chat.completions.create({ model: 'gpt4o', messages: [{ role: 'user', content: 'hi' }] }),
  );
  t.is((error as { status?: number }).status, 404);
  const [entry] = await journal(sim);
  t.like(entry, { status: 404, errorCode: 'DeploymentNotFound', operation: 'chat', method: 'POST' });
  t.regex(entry!.path, /\/deployments\/gpt4o\/chat\/completions$/);
  t.is(entry!.response.body, serviceErrors.deploymentNotFound().body, 'the body is the service’s, word for word');
  t.deepEqual(await logged(), ['no deployment "gpt4o"; did you mean "gpt-4o"? The deployments are gpt-4o, embeddings.']);
});

test('no api-version, and an unknown one: journaled, with the accepted api-versions in the log', async (t) => {
  const { sim, logged } = await simulator(t);
  const missing = await chatAt(sim, '/openai/deployments/gpt-4o/chat/completions');
  t.is(missing.status, 404);
  t.is(await missing.text(), AoaiError.resourceNotFound().body);
  const unknown = await t.throwsAsync(
    azureClient(sim, { deployment: 'gpt-4o', apiVersion: '2024-10-12' }).chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
    }),
  );
  t.is((unknown as { status?: number }).status, 400);
  const entries = await journal(sim);
  t.deepEqual(
    entries.map((entry) => [entry.status, entry.errorCode]),
    [
      [404, '404'],
      [400, 'BadRequest'],
    ],
  );
  const [noVersion, badVersion] = await logged();
  t.regex(noVersion ?? '', /^no api-version: .*The accepted api-versions are 2022-12-01, .*2024-10-21 \(stable\)/);
  t.regex(badVersion ?? '', /^api-version "2024-10-12" is not one the service knows; did you mean "2024-10-21"\?/);
});

test('no key, and a wrong one: journaled as 401, the log says which header carries the key', async (t) => {
  const { sim, logged } = await simulator(t, ['the-key']);
  const none = await chatAt(sim, `/openai/deployments/gpt-4o/chat/completions?api-version=${API_VERSION}`, {});
  t.is(none.status, 401);
  t.is(await none.text(), AoaiError.invalidApiKey().body);
  await t.throwsAsync(
    azureClient(sim, { deployment: 'gpt-4o', apiKey: 'not-the-key' }).chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'hi' }],
    }),
  );
  t.deepEqual(
    (await journal(sim)).map((entry) => [entry.status, entry.errorCode]),
    [
      [401, '401'],
      [401, '401'],
    ],
  );
  const [noKey, wrongKey] = await logged();
  t.regex(noKey ?? '', /^no credential: send the key in the api-key header/);
  t.regex(wrongKey ?? '', /is not one of the 1 configured in server\.auth\.apiKeys/);
  t.false((wrongKey ?? '').includes('not-the-key'), 'a key is never logged');
});

test('an operation the model does not serve: journaled as 400 OperationNotSupported, the log says what it serves', async (t) => {
  const { sim, logged } = await simulator(t);
  await t.throwsAsync(azureClient(sim, { deployment: 'gpt-4o' }).embeddings.create({ model: 'gpt-4o', input: 'hi' }));
  const [entry] = await journal(sim);
  t.like(entry, { status: 400, errorCode: 'OperationNotSupported', deployment: 'gpt-4o', operation: 'embeddings' });
  t.is(entry!.response.body, serviceErrors.operationNotSupported('embeddings', 'gpt-4o').body);
  t.regex((await logged())[0] ?? '', /^deployment "gpt-4o" \(model gpt-4o-2024-08-06\) does not serve embeddings; it serves chat, /);
});

test('a path under /openai/ that no route serves, and a wrong method: journaled, the log shows the nearest path', async (t) => {
  const { sim, logged } = await simulator(t);
  const typo = await chatAt(sim, `/openai/deployments/gpt-4o/chat/completion?api-version=${API_VERSION}`);
  t.is(typo.status, 404);
  t.is(await typo.text(), AoaiError.resourceNotFound().body);
  const get = await fetch(`${sim.url}/openai/deployments/gpt-4o/chat/completions?api-version=${API_VERSION}`, {
    headers: { 'api-key': 'k', 'x-ms-test-id': 'unused' },
  });
  t.is(get.status, 405);
  const entries = await journal(sim);
  t.deepEqual(
    entries.map((entry) => [entry.method, entry.status, entry.errorCode]),
    [
      ['POST', 404, '404'],
      ['GET', 405, 'MethodNotAllowed'],
    ],
  );
  t.regex(
    (await logged())[0] ?? '',
    /^no route for POST \/openai\/deployments\/gpt-4o\/chat\/completion; did you mean \/openai\/deployments\/gpt-4o\/chat\/completions\?/,
  );
});

test('a request that succeeds is journaled without an error code, and logs nothing at warn', async (t) => {
  const { sim, logged } = await simulator(t);
  await azureClient(sim, { deployment: 'gpt-4o' }).chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'hi' }],
  });
  const [entry] = await journal(sim);
  t.is(entry?.status, 200);
  t.false('errorCode' in entry!);
  t.deepEqual(await logged(), []);
});
