import test from 'ava';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Agent } from 'node:http';
import { AzureOpenAI } from 'openai';
import { connectionPerRequest, fetchOver, startTwoWorkers } from '../test-support/workers-process.ts';
import { withinOneMinute } from '../test-support/one-minute.ts';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));

const SCENARIOS = `
deployments:
  limited: { model: gpt-4o-2024-08-06, rateLimit: { tpm: 3000, window: per-minute } }
  crowded: { model: gpt-4o-2024-08-06, rateLimit: { tpm: 10000, rpm: 6000 } }
  chat: { model: gpt-4o-2024-08-06 }
scenarios:
  - name: steps
    match: { lastUserMessage: { contains: step } }
    sequence: { responses: [{ content: one }, { content: two }, { content: three }, { content: four }] }
`;

/** Requests over connections kept open between them: once open, many can be sent to the workers at once. */
const keptConnections = new Agent({ keepAlive: true });

test('--workers 2: one port, one quota, one sequence, one journal and summed metrics across the workers, without Redis', async (t) => {
  t.timeout(120_000);
  const { url, log, stop } = await startTwoWorkers(t, SCENARIOS);
  const ports = [...log.matchAll(/listening on http:\/\/[^:]+:(\d+)/g)].map((match) => match[1]);
  t.is(new Set(ports).size, 1, 'both workers listen on one port');

  const client = (deployment: string, fetch: typeof globalThis.fetch = connectionPerRequest) =>
    new AzureOpenAI({ endpoint: url, apiKey: 'any', apiVersion: '2024-10-21', deployment, maxRetries: 0, fetch });
  const steps: Array<string | null> = [];
  for (let i = 0; i < 4; i++) {
    const completion = await client('chat').chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'next step' }] });
    steps.push(completion.choices[0]!.message.content);
  }
  t.deepEqual(steps, ['one', 'two', 'three', 'four'], 'one sequence across the workers');

  const statuses: number[] = [];
  // the six requests are counted in one per-minute window
  await withinOneMinute();
  for (let i = 0; i < 6; i++) {
    try {
      await client('limited').chat.completions.create({ model: 'limited', max_tokens: 992, messages: [{ role: 'user', content: 'hi' }] });
      statuses.push(200);
    } catch (error) {
      statuses.push((error as { status?: number }).status ?? -1);
    }
  }
  t.deepEqual(statuses, [200, 200, 200, 429, 429, 429], 'three 1,000-token requests fill the one 3,000 TPM quota');

  const journal = (await (await connectionPerRequest(`${url}/__sim/journal`)).json()) as { entries: Array<{ replica?: string }> };
  t.is(journal.entries.length, 10, 'any worker lists every worker’s requests');
  t.deepEqual([...new Set(journal.entries.map((entry) => entry.replica))].sort(), ['worker-1', 'worker-2']);
  const metrics = await (await connectionPerRequest(`${url}/metrics`)).text();
  t.regex(
    metrics,
    /^aoai_sim_requests_total\{resource="default",region="East US",deployment="limited",operation="chat",status="429"\} 3$/m,
    'metrics summed over the workers',
  );
  t.regex(metrics, /^aoai_sim_requests_total\{resource="default",region="East US",deployment="chat",operation="chat",status="200"\} 4$/m);

  t.is(
    (await connectionPerRequest(`${url}/__sim/reset`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } }))
      .status,
    200,
  );
  const after = await client('chat').chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'next step' }] });
  t.is(after.choices[0]!.message.content, 'one', 'a reset on one worker resets the shared sequence');

  // thirty connections opened first, then a request on each at once: each worker reads several in one turn of its
  // event loop and asks the primary to admit them together, in one message
  const overKept: typeof fetch = (input, init) => fetchOver(keptConnections, input, init);
  t.teardown(() => keptConnections.destroy());
  await Promise.all(
    Array.from({ length: 30 }, () =>
      client('chat', overKept).chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] }),
    ),
  );
  const crowd = await Promise.all(
    Array.from({ length: 30 }, () =>
      client('crowded', overKept)
        .chat.completions.create({ model: 'crowded', max_tokens: 992, messages: [{ role: 'user', content: 'hi' }] })
        .then(
          () => 200,
          (error: { status?: number }) => error.status ?? -1,
        ),
    ),
  );
  t.is(crowd.filter((status) => status === 200).length, 10, 'thirty 1,000-token requests at once: ten fill the 10,000 TPM quota');
  t.is(crowd.filter((status) => status === 429).length, 20);

  t.is(await stop(), 0, 'SIGTERM stops the workers and the primary cleanly');
});

test('--workers takes a whole number from 1, or auto; anything else is a usage error, exit 2', async (t) => {
  for (const value of ['0', 'two', '1.5']) {
    const child = spawn(process.execPath, [CLI, '--workers', value], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    t.is(code, 2, value);
    t.regex(stderr, /--workers \(AOAI_SIM_WORKERS\) must be a whole number from 1 to 256, or auto/);
  }
});
