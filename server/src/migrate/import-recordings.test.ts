import test from 'ava';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCassette } from '../cassettes/index.ts';
import { LARGE, PLAIN, STREAMED, successorRecording } from '../cassettes/vcr/vcr-fixtures.ts';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';

const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));
const KEY = 'upstream-secret-key-123';

/** `aoai-sim ARGS` in `cwd`, to completion. */
async function aoaiSim(cwd: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number];
  return { code, stdout, stderr };
}

test('aoai-sim import: the Python simulators’ recordings become sanitized cassettes that replay the same answers', async (t) => {
  const work = await tempTree(t, {
    // the key and an e-mail address in an answer: the key is always redacted, the address by the file's rule
    '.recording/openai_deployments_gpt-4o_chat_completions.yaml': successorRecording(`Paris. Key ${KEY}, ask ada@example.com`),
    '.recording/formrecognizer_documentModels_prebuilt-layout:analyze.yaml': yaml`
      interactions:
      - request:
          body: '{"urlSource": "https://example.com/a.pdf"}'
          headers: {}
          method: POST
          uri: http://localhost:8000/formrecognizer/documentModels/prebuilt-layout:analyze?api-version=2023-07-31
        response:
          body: { string: '' }
          headers: { operation-location: [ 'http://localhost:8000/x' ] }
          status: { code: 202 }
      version: 1
    `,
    'scenarios.yaml': yaml`
      record:
        sanitize:
          patterns: [{ regex: "[\\\\w.+-]+@[\\\\w-]+\\\\.[\\\\w.]+", replacement: "<email>" }]
    `,
  });
  const run = await aoaiSim(work, ['import', '.recording', '--out', 'cassettes', '--scenarios', 'scenarios.yaml'], {
    AZURE_OPENAI_KEY: KEY,
  });
  t.is(run.code, 0, run.stderr);
  t.regex(
    run.stdout,
    /^ok \.recording\/openai_deployments_gpt-4o_chat_completions\.yaml -> cassettes\/openai_deployments_gpt-4o_chat_completions\.yaml \(4 interactions, 1 matched by body hash\)$/m,
  );
  t.regex(
    run.stdout,
    /left out interactions\[0\]: POST \/formrecognizer\/documentModels\/prebuilt-layout:analyze is not an Azure OpenAI data-plane request/,
  );

  const file = join(work, 'cassettes', 'openai_deployments_gpt-4o_chat_completions.yaml');
  const text = await readFile(file, 'utf8');
  t.false(text.includes(KEY));
  t.false(text.includes('ada@example.com'));
  const cassette = await readCassette(file);
  t.is(cassette.interactions[1]?.response.chunks?.length, 4, 'the stream, as its events');
  t.deepEqual(cassette.interactions[2]?.request.body, { body_hash: cassette.interactions[2]?.request.body.body_hash });

  const sim = await startTestSimulator(t, {
    mode: 'replay',
    scenarios: { deployments: { 'gpt-4o': { model: 'gpt-4o-2024-05-13' } }, replay: { cassettes: [join(work, 'cassettes')] } },
  });
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  t.is((await client.chat.completions.create(PLAIN)).choices[0]?.message.content, 'Paris. Key REDACTED, ask <email>');
  t.is((await client.chat.completions.create(LARGE)).choices[0]?.message.content, 'A summary of the large request.');
  const pieces: string[] = [];
  for await (const part of await client.chat.completions.create(STREAMED)) pieces.push(part.choices[0]?.delta.content ?? '');
  t.is(pieces.join(''), 'Hello there');

  const again = await aoaiSim(work, ['import', '.recording', '--out', 'cassettes']);
  t.is(again.code, 1, 'an existing cassette is never overwritten');
  t.regex(again.stderr, /openai_deployments_gpt-4o_chat_completions\.yaml: exists already/);
  t.deepEqual(await readdir(join(work, 'cassettes')), ['openai_deployments_gpt-4o_chat_completions.yaml']);
});

test('aoai-sim import: a broken recording is reported with its line and column, exit 1', async (t) => {
  const work = await tempTree(t, {
    'rec/openai_deployments_gpt-4o_chat_completions.yaml': yaml`
      interactions:
      - request:
          body: '{}'
          method: POST
          uri: http://localhost/openai/deployments/gpt-4o/chat/completions
        response:
          body: { string: '{}' }
          status: { code: OK }
      version: 1
    `,
  });
  const run = await aoaiSim(work, ['import', 'rec']);
  t.is(run.code, 1);
  t.regex(
    run.stderr,
    /^rec\/openai_deployments_gpt-4o_chat_completions\.yaml:8:21: \/interactions\/0\/response\/status\/code must be an HTTP status$/m,
  );
  const usage = await aoaiSim(work, ['import']);
  t.is(usage.code, 2);
  t.regex(usage.stderr, /import needs one directory/);
});
