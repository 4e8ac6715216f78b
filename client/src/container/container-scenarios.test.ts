import test from 'ava';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../config-error.ts';
import { scenariosFromPath } from './container-scenarios.ts';

async function folder(t: import('ava').ExecutionContext, files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'aoai-sim-client-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), content);
  }
  return dir;
}

test('a scenarios folder holding scenarios.yml is used as one holding scenarios.yaml is, includes beside it', async (t) => {
  const dir = await folder(t, {
    'scenarios.yml': 'include: [shared/base.yaml]\ndeployments:\n  chat: { model: gpt-4o-2024-08-06 }\n',
    'shared/base.yaml': 'deployments:\n  embed: { model: text-embedding-3-small }\n',
  });
  const scenarios = await scenariosFromPath(dir);
  t.is(scenarios.entry, '/scenarios/scenarios.yml');
  t.deepEqual(scenarios.files.map((file) => file.target).sort(), ['/scenarios/scenarios.yml', '/scenarios/shared/base.yaml']);
});

test('scenarios.yaml wins over scenarios.yml, as in the image', async (t) => {
  const dir = await folder(t, {
    'scenarios.yaml': 'deployments:\n  chat: { model: gpt-4o-2024-08-06 }\n',
    'scenarios.yml': 'deployments:\n  other: { model: gpt-4o-2024-08-06 }\n',
  });
  t.is((await scenariosFromPath(dir)).entry, '/scenarios/scenarios.yaml');
});

test('a folder with neither file is a ConfigError that says so, before any container starts', async (t) => {
  const dir = await folder(t, { 'my-scenarios.yaml': 'deployments: {}\n' });
  const error = await t.throwsAsync(scenariosFromPath(dir), { instanceOf: ConfigError });
  t.regex(error.message, /holds no scenarios\.yaml or scenarios\.yml/);
});
