import test from 'ava';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startSimulator } from '../server.ts';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';
import { ConfigError, formatIssue } from './config-error.ts';

const UPSTREAM_KEY = 'upstream-key';

test('record mode with a RECORDING_DIR that does not exist makes it, and records into it', async (t) => {
  const upstream = await startTestSimulator(t, {
    scenarios: { server: { auth: { apiKeys: [UPSTREAM_KEY] } }, deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } } },
  });
  const dir = await tempTree(t, {});
  const recordings = join(dir, 'not', 'yet', 'there');
  const recorder = await startTestSimulator(t, {
    scenarios: { server: { mode: 'record' }, deployments: { 'gpt-4o': { model: 'gpt-4o-2024-08-06' } } },
    // what the CLI makes of RECORDING_DIR, AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_KEY
    record: { dir: recordings, upstream: upstream.url, apiKey: UPSTREAM_KEY },
  });
  const answer = await azureClient(recorder, { deployment: 'gpt-4o' }).chat.completions.create({
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'Record me.' }],
  });
  t.truthy(answer.choices[0]?.message.content);
  // beside it, while the session is open, the recording's own journal
  t.true((await readdir(recordings)).includes('default.yaml'));
});

test('a replay directory that does not exist stops startup with what to do', async (t) => {
  const dir = await tempTree(t, {
    'scenarios.yaml': yaml`
      server: { mode: replay }
      deployments:
        gpt-4o: { model: gpt-4o-2024-08-06 }
      replay: { cassettes: [recorded/] }
    `,
  });
  const error = await t.throwsAsync(startSimulator({ scenarios: join(dir, 'scenarios.yaml'), logLevel: 'silent' }), {
    instanceOf: ConfigError,
  });
  const [message] = error.issues.map(formatIssue);
  t.regex(
    message ?? '',
    /recorded: replay\.cassettes names this, and it does not exist\. Record the cassettes first \(server\.mode: record-missing/,
  );
  t.regex(message ?? '', /or correct the path: in a scenarios file it is relative to the file\.$/);
});

test('record-missing makes the directory it both replays and records into', async (t) => {
  const dir = await tempTree(t, {
    'scenarios.yaml': yaml`
      server: { mode: record-missing }
      deployments:
        gpt-4o: { model: gpt-4o-2024-08-06 }
      replay: { cassettes: [cassettes/] }
      record: { dir: cassettes, upstream: "http://127.0.0.1:9" }
    `,
  });
  await startTestSimulator(t, { scenarios: join(dir, 'scenarios.yaml') });
  t.deepEqual(await readdir(join(dir, 'cassettes')), []);
});
