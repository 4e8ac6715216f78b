import test from 'ava';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempTree, yaml } from '../test-support/temp-tree.ts';
import { loadProblems } from '../test-support/load-problems.ts';
import { loadScenarios } from './load-scenarios.ts';

const SCENARIOS_DIR = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

const problems = loadProblems;

test('the embedded default scenarios are valid and have the deployments the README promises', async (t) => {
  const { scenarios } = await loadScenarios(join(SCENARIOS_DIR, 'default.yaml'));
  t.deepEqual(Object.keys(scenarios.deployments ?? {}).sort(), [
    'dall-e-3',
    'gpt-35-turbo-instruct',
    'gpt-4.1',
    'gpt-4o',
    'gpt-4o-audio-preview',
    'gpt-4o-mini',
    'gpt-4o-mini-batch',
    'gpt-4o-mini-realtime-preview',
    'gpt-4o-realtime-preview',
    'gpt-audio',
    'gpt-image-1',
    'gpt-realtime',
    'o3-mini',
    'sora-2',
    'text-embedding-3-large',
    'text-embedding-3-small',
    'text-embedding-ada-002',
    'tts',
    'whisper',
  ]);
  t.is(scenarios.deployments?.['gpt-4o']?.model, 'gpt-4o-2024-08-06');
});

test('every example scenario file is valid', async (t) => {
  const examples = (await readdir(join(SCENARIOS_DIR, 'examples'))).filter((name) => name.endsWith('.yaml'));
  t.true(examples.length >= 4);
  for (const name of examples) {
    t.deepEqual(await problems(join(SCENARIOS_DIR, 'examples', name)), [], name);
  }
});

test('all mistakes in a file are reported at once, each with line, column and pointer', async (t) => {
  const dir = await tempTree(t, {
    'scenarios.yaml': yaml`
      server:
        port: eighty
      deployments:
        gpt-4o:
          model: gpt-4o-2024-08-06
          rateLimt:
            tpm: 1000
      scenarios:
        - name: greet
          match:
            operation: chatt
          respond: { content: hi }
    `,
  });
  t.deepEqual(await problems('scenarios.yaml', {}, dir), [
    'scenarios.yaml:2:9: /server/port must be integer, not string',
    'scenarios.yaml:6:5: /deployments/gpt-4o/rateLimt is not a known property of Deployment; did you mean "rateLimit"?',
    'scenarios.yaml:11:18: /scenarios/0/match/operation must be one of "chat", "completions", "embeddings", "images", "imageEdits", "transcriptions", "translations", "speech", "responses", "videos", "realtime"; did you mean "chat"?',
  ]);
});

test('a value that may be a string or an object is judged by the type given', async (t) => {
  const dir = await tempTree(t, {
    'a.yaml': yaml`
      scenarios:
        - name: one
          match:
            lastUserMessage: 5
            deployment: { contain: x }
          respond: { content: hi }
    `,
  });
  t.deepEqual(await problems('a.yaml', {}, dir), [
    'a.yaml:4:24: /scenarios/0/match/lastUserMessage must be string or object, not integer',
    'a.yaml:5:21: /scenarios/0/match/deployment/contain is not a known property; did you mean "contains"?',
  ]);
});

test('checks beyond the schema: one answer per rule, regexes that compile, known models, distributions', async (t) => {
  const dir = await tempTree(t, {
    'a.yaml': yaml`
      deployments:
        mystery:
          model: llama-3
          latency:
            ttft: { distribution: uniform, min: 5 }
        standard-and-ptu:
          model: gpt-4o
          rateLimit: { tpm: 10, ptu: 5 }
      scenarios:
        - name: both
          respond: { content: hi }
          sequence: { responses: [{ content: x }] }
        - name: bad-regex
          match: { lastUserMessage: { regex: "(" } }
          respond: { content: hi }
    `,
  });
  t.deepEqual(await problems('a.yaml', {}, dir), [
    'a.yaml:3:12: /deployments/mystery/model is a model the simulator does not know ("llama-3"): list the operations it serves under "operations"',
    'a.yaml:5:13: /deployments/mystery/latency/ttft a uniform distribution needs "min" and "max" (missing max)',
    'a.yaml:8:16: /deployments/standard-and-ptu/rateLimit must have "tpm" or "ptu", not both: a deployment is either standard or provisioned',
    'a.yaml:10:5: /scenarios/0 must have exactly one of "respond" or "sequence" (rule "both" has 2)',
    'a.yaml:14:40: /scenarios/1/match/lastUserMessage/regex is not a regular expression the simulator can run: RE2 cannot parse it: missing closing ): `(`. Regexes in scenarios run on RE2, which matches in time linear in the text: its syntax is at https://github.com/google/re2/wiki/Syntax',
  ]);
});

test('YAML syntax errors are reported with their position', async (t) => {
  const dir = await tempTree(t, { 'a.yaml': 'deployments:\n  gpt-4o:\n    model: [unclosed\n' });
  const [first] = await problems('a.yaml', {}, dir);
  t.regex(first ?? '', /^a\.yaml:\d+:\d+: YAML: /);
});

test('a duplicate key in one file is a YAML error', async (t) => {
  const dir = await tempTree(t, { 'a.yaml': 'deployments:\n  x1:\n    model: gpt-4o\n  x1:\n    model: gpt-4o\n' });
  t.deepEqual(await problems('a.yaml', {}, dir), ['a.yaml:4:3: YAML: Map keys must be unique']);
});

test('a missing file is a clear problem, not an exception', async (t) => {
  const dir = await tempTree(t, {});
  t.deepEqual(await problems('nope.yaml', {}, dir), ['nope.yaml: cannot read nope.yaml: no such file']);
});

test('an empty file is a valid, empty configuration', async (t) => {
  const dir = await tempTree(t, { 'empty.yaml': '# nothing yet\n' });
  const { scenarios } = await loadScenarios(join(dir, 'empty.yaml'));
  t.deepEqual(scenarios, {});
});

test('includes resolve relative to the including file, globs included, own rules first', async (t) => {
  const dir = await tempTree(t, {
    'service/scenarios.yaml': yaml`
      include: [../shared/deployments.yaml, "../shared/rules/*.yaml"]
      scenarios:
        - { name: own, respond: { content: own } }
    `,
    'shared/deployments.yaml': 'deployments:\n  gpt-4o: { model: gpt-4o-2024-08-06 }\n',
    'shared/rules/b.yaml': 'scenarios:\n  - { name: b, respond: { content: b } }\n',
    'shared/rules/a.yaml': 'scenarios:\n  - { name: a, respond: { content: a } }\n',
  });
  const loaded = await loadScenarios(join(dir, 'service/scenarios.yaml'));
  t.deepEqual(
    loaded.scenarios.scenarios?.map((rule) => rule.name),
    ['own', 'a', 'b'],
  );
  t.deepEqual(Object.keys(loaded.scenarios.deployments ?? {}), ['gpt-4o']);
  t.is(loaded.files.length, 4);
});

test('a file included twice through different files is read once', async (t) => {
  const dir = await tempTree(t, {
    'root.yaml': 'include: [a.yaml, b.yaml]\n',
    'a.yaml': 'include: [common.yaml]\n',
    'b.yaml': 'include: [common.yaml]\n',
    'common.yaml': 'deployments:\n  gpt-4o: { model: gpt-4o }\n',
  });
  const loaded = await loadScenarios(join(dir, 'root.yaml'));
  t.deepEqual(Object.keys(loaded.scenarios.deployments ?? {}), ['gpt-4o']);
});

test('an include cycle is reported at the include that closes it', async (t) => {
  const dir = await tempTree(t, {
    'a.yaml': 'include: [b.yaml]\n',
    'b.yaml': 'deployments: {}\ninclude:\n  - a.yaml\n',
  });
  t.deepEqual(await problems('a.yaml', {}, dir), ['b.yaml:3:5: /include/0 include cycle: a.yaml → b.yaml → a.yaml']);
});

test('a name defined in two files is an error naming both places', async (t) => {
  const dir = await tempTree(t, {
    'a.yaml': 'include: [b.yaml]\ndeployments:\n  gpt-4o: { model: gpt-4o }\nscenarios:\n  - { name: hello, respond: { content: a } }\n',
    'b.yaml': 'deployments:\n  gpt-4o: { model: gpt-4o }\nscenarios:\n  - { name: hello, respond: { content: b } }\n',
  });
  t.deepEqual(await problems('a.yaml', {}, dir), [
    'b.yaml:2:3: /deployments/gpt-4o deployment "gpt-4o" is defined twice: here and at a.yaml:3:3',
    'b.yaml:4:7: /scenarios/0/name scenario rule "hello" is defined twice: here and at a.yaml:5:7',
  ]);
});

test('a missing include or a glob matching nothing is reported at the include', async (t) => {
  const dir = await tempTree(t, { 'a.yaml': 'include:\n  - missing.yaml\n  - "none/*.yaml"\n' });
  t.deepEqual(await problems('a.yaml', {}, dir), [
    'a.yaml:2:5: /include/0 cannot read missing.yaml: no such file',
    'a.yaml:3:5: /include/1 "none/*.yaml" matches no file (relative to .)',
  ]);
});

test('problems inside an included file point into that file', async (t) => {
  const dir = await tempTree(t, { 'a.yaml': 'include: [sub/b.yaml]\n', 'sub/b.yaml': 'deployments:\n  x1: { model: 5 }\n' });
  t.deepEqual(await problems('a.yaml', {}, dir), ['sub/b.yaml:2:16: /deployments/x1/model must be string, not integer']);
});

test('environment references are replaced, typed like the text they become', async (t) => {
  const dir = await tempTree(t, {
    'a.yaml': yaml`
      server:
        port: \${PORT}
        host: \${HOST:-127.0.0.1}
        region: "\${REGION:-West Europe}"
        auth:
          apiKeys: ["\${KEY}", "literal-$\${NOT_A_VAR}"]
    `,
  });
  const { scenarios } = await loadScenarios(join(dir, 'a.yaml'), { env: { PORT: '9090', KEY: 's3cret' } });
  t.deepEqual(scenarios.server, {
    port: 9090,
    host: '127.0.0.1',
    region: 'West Europe',
    auth: { apiKeys: ['s3cret', 'literal-${NOT_A_VAR}'] },
  });
});

test('a quoted reference stays a string, whatever the text it becomes', async (t) => {
  const dir = await tempTree(t, { 'a.yaml': 'server:\n  region: "${REGION}"\n' });
  const { scenarios } = await loadScenarios(join(dir, 'a.yaml'), { env: { REGION: '42' } });
  t.is(scenarios.server?.region, '42');
});

test('a variable that is not set and has no default is reported where it is used', async (t) => {
  const dir = await tempTree(t, { 'a.yaml': 'server:\n  auth:\n    apiKeys: [fixed, "${SIM_KEY}"]\n' });
  t.deepEqual(await problems('a.yaml', {}, dir), [
    'a.yaml:3:22: /server/auth/apiKeys/1 uses the environment variable SIM_KEY, which is not set (write ${SIM_KEY:-default} to give a default)',
  ]);
});
