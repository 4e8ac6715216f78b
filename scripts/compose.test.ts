/**
 * compose.yaml: `docker-compose config` accepts it, and, with Docker, `docker-compose up` starts a simulator that
 * answers on the published port with the mounted scenarios and that Docker reports healthy.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { dockerReady, TEST_IMAGE } from '../client/src/container/docker-available.ts';
import { REPO } from './consumer/pack-workspaces.ts';
import { run, runOk } from './consumer/run.ts';
import { freePort } from '../server/src/test-support/free-port.ts';
import { composeMissing } from './compose-support.ts';

const inCi = process.env.CI === 'true';

interface ComposeService {
  image: string;
  ports: Array<{ published: number | string; target: number }>;
  volumes: string[];
  environment: Record<string, string>;
  healthcheck: { test: string[] };
}

if (composeMissing) {
  if (inCi) test('compose.yaml: docker-compose is required in CI', (t) => t.fail(composeMissing));
  else test.skip(`compose.yaml: skipped, ${composeMissing} (CI=true makes this a failure)`, () => {});
} else {
  // compose.yaml reads these: the defaults are checked, whatever the shell running the tests has set
  const shell = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !['AOAI_SIM_IMAGE', 'AOAI_SIM_HOST_PORT', 'SCENARIOS_FILE'].includes(name)),
  );
  const compose = (args: string[], env: Record<string, string> = {}) =>
    run('docker-compose', ['-f', 'compose.yaml', ...args], { cwd: REPO, timeoutMs: 120_000, env: { ...shell, ...env } });

  test('compose.yaml is valid: the simulator on 8080 with ./scenarios mounted, its healthcheck, and the default scenarios', async (t) => {
    const config = await compose(['config']);
    t.is(config.code, 0, config.stderr);
    const service = (parse(config.stdout) as { services: Record<string, ComposeService> }).services['aoai-sim'];
    t.truthy(service);
    t.is(service?.image, 'aoai-sim:dev');
    t.deepEqual(service?.ports, [{ published: 8080, target: 8080 }]);
    t.deepEqual(service?.volumes, [`${REPO}scenarios:/scenarios:rw`]);
    t.is(service?.environment.AOAI_SIM_SCENARIOS, '/scenarios/default.yaml');
    t.is(service?.healthcheck.test[0], 'CMD');
  });

  const docker = dockerReady();
  if (!docker.ready) {
    if (inCi) test('compose.yaml: Docker is required in CI', (t) => t.fail(docker.reason));
    else test.skip(`compose.yaml up: skipped, ${docker.reason} (CI=true makes this a failure)`, () => {});
  } else {
    test('docker-compose up: the simulator answers a chat on the published port, and Docker reports it healthy', async (t) => {
      t.timeout(150_000);
      const project = `aoai-sim-compose-test-${process.pid}`;
      const port = await freePort();
      const env = { AOAI_SIM_HOST_PORT: String(port), AOAI_SIM_IMAGE: TEST_IMAGE, SCENARIOS_FILE: 'examples/minimal.yaml' };
      t.teardown(() => compose(['-p', project, 'down', '--timeout', '5'], env));
      const up = await compose(['-p', project, 'up', '-d', '--no-build'], env);
      t.is(up.code, 0, up.stderr);
      const container = (
        await runOk('docker', ['ps', '-q', '--filter', `label=com.docker.compose.project=${project}`], { cwd: REPO, timeoutMs: 20_000 })
      ).trim();
      t.truthy(container);

      let health = '';
      for (let attempt = 0; attempt < 60 && health !== 'healthy'; attempt++) {
        await sleep(1000);
        health = (
          await run('docker', ['inspect', '--format', '{{.State.Health.Status}}', container], { cwd: REPO, timeoutMs: 20_000 })
        ).stdout.trim();
      }
      t.is(health, 'healthy');

      const answer = await fetch(`http://127.0.0.1:${port}/openai/deployments/chat/chat/completions?api-version=2024-10-21`, {
        method: 'POST',
        headers: { 'api-key': 'any-key', 'content-type': 'application/json' },
        body: JSON.stringify({ messages: [{ role: 'user', content: 'hello' }] }),
      });
      t.is(answer.status, 200);
      const body = (await answer.json()) as { choices: Array<{ message: { content: string } }> };
      t.is(body.choices[0]?.message.content, MINIMAL_GREETING);
    });
  }
}

/** What scenarios/examples/minimal.yaml answers to "hello" (read from the file, so the example stays the truth). */
const MINIMAL_GREETING = (() => {
  const minimal = parse(readFileSync(`${REPO}scenarios/examples/minimal.yaml`, 'utf8')) as {
    scenarios: Array<{ respond: { content: string } }>;
  };
  return minimal.scenarios[0]?.respond.content;
})();
