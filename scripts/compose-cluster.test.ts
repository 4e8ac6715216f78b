/**
 * deploy/compose/cluster.yaml: `docker-compose config` accepts it, and, with Docker, `docker-compose up` starts
 * Redis, three simulators and the balancer, through which the replicas hold one quota and answer one journal.
 */
import test from 'ava';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AzureOpenAI } from 'openai';
import { parse } from 'yaml';
import { dockerReady, TEST_IMAGE } from '../client/src/container/docker-available.ts';
import { REPO } from './consumer/pack-workspaces.ts';
import { run } from './consumer/run.ts';
import { freePort } from '../server/src/test-support/free-port.ts';
import { composeMissing } from './compose-support.ts';

const CLUSTER_FILE = 'deploy/compose/cluster.yaml';
const REPLICAS = ['aoai-sim-1', 'aoai-sim-2', 'aoai-sim-3'];
/** The variables cluster.yaml reads: the defaults are checked, whatever the shell running the tests has set. */
const FILE_VARIABLES = [
  'AOAI_SIM_IMAGE',
  'AOAI_SIM_HOST_PORT',
  'AOAI_SIM_ADMIN_KEY',
  'AOAI_SIM_REDIS_IMAGE',
  'AOAI_SIM_BALANCER_IMAGE',
  'SCENARIOS_DIR',
  'SCENARIOS_FILE',
];
/** `limited`: a per-minute quota that holds three requests of 1,000 tokens (8 of prompt, 992 of max_tokens). */
const SCENARIOS = `deployments:
  limited: { model: gpt-4o-2024-08-06, rateLimit: { tpm: 3000, window: per-minute } }
  chat: { model: gpt-4o-2024-08-06 }
`;

const inCi = process.env.CI === 'true';

interface ComposeService {
  image: string;
  command?: string[];
  ports?: Array<{ published: number | string; target: number }>;
  volumes?: string[];
  environment?: Record<string, string>;
  healthcheck?: { test: string[] };
  depends_on?: Record<string, { condition: string }>;
}

if (composeMissing) {
  if (inCi) test('cluster.yaml: docker-compose is required in CI', (t) => t.fail(composeMissing));
  else test.skip(`cluster.yaml: skipped, ${composeMissing} (CI=true makes this a failure)`, () => {});
} else {
  const shell = Object.fromEntries(Object.entries(process.env).filter(([name]) => !FILE_VARIABLES.includes(name)));
  const compose = (args: string[], env: Record<string, string> = {}, timeoutMs = 120_000) =>
    run('docker-compose', ['-f', CLUSTER_FILE, ...args], { cwd: REPO, timeoutMs, env: { ...shell, ...env } });

  test('cluster.yaml is valid: Redis, three replicas sharing it, and the balancer on 8080, each with a healthcheck', async (t) => {
    const config = await compose(['config']);
    t.is(config.code, 0, config.stderr);
    const services = (parse(config.stdout) as { services: Record<string, ComposeService> }).services;
    t.deepEqual(Object.keys(services).sort(), ['aoai-sim-1', 'aoai-sim-2', 'aoai-sim-3', 'balancer', 'redis']);
    for (const [name, service] of Object.entries(services)) t.is(service.healthcheck?.test[0], 'CMD', `${name} has a healthcheck`);

    t.is(services.redis?.image, 'redis:7-bookworm');
    t.deepEqual(services.redis?.command, ['redis-server', '--protected-mode', 'no', '--save', '', '--appendonly', 'no']);
    for (const name of REPLICAS) {
      const replica = services[name];
      t.is(replica?.image, 'aoai-sim:dev');
      t.is(replica?.environment?.AOAI_SIM_REDIS_URL, 'redis://redis:6379');
      t.is(replica?.environment?.AOAI_SIM_SCENARIOS, '/scenarios/default.yaml');
      t.deepEqual(replica?.volumes, [`${REPO}scenarios:/scenarios:rw`]);
      t.deepEqual(replica?.depends_on, { redis: { condition: 'service_healthy' } });
      t.is(replica?.ports, undefined, `${name} is reached through the balancer only`);
    }

    const balancer = services.balancer;
    t.deepEqual(balancer?.ports, [{ published: 8080, target: 8080 }]);
    t.is(balancer?.environment?.UPSTREAMS, REPLICAS.map((name) => `${name}:8080`).join(','));
    t.deepEqual(balancer?.depends_on, Object.fromEntries(REPLICAS.map((name) => [name, { condition: 'service_healthy' }])));
  });

  test('cluster.yaml passes one admin key to every replica', async (t) => {
    const config = await compose(['config'], { AOAI_SIM_ADMIN_KEY: 'one-key' });
    t.is(config.code, 0, config.stderr);
    const services = (parse(config.stdout) as { services: Record<string, ComposeService> }).services;
    t.deepEqual(
      REPLICAS.map((name) => services[name]?.environment?.AOAI_SIM_ADMIN_KEY),
      ['one-key', 'one-key', 'one-key'],
    );
  });

  const docker = dockerReady();
  if (!docker.ready) {
    if (inCi) test('cluster.yaml: Docker is required in CI', (t) => t.fail(docker.reason));
    else test.skip(`cluster.yaml up: skipped, ${docker.reason} (CI=true makes this a failure)`, () => {});
  } else {
    test('docker-compose up: through the balancer, three replicas hold one TPM quota and one journal', async (t) => {
      t.timeout(300_000);
      const project = `aoai-sim-cluster-test-${process.pid}`;
      const port = await freePort();
      const adminKey = randomBytes(18).toString('base64url');
      // the replicas run as the image's `node` user: the folder and file must be readable by it
      const scenariosDir = mkdtempSync(join(tmpdir(), 'aoai-sim-cluster-'));
      chmodSync(scenariosDir, 0o755);
      writeFileSync(join(scenariosDir, 'scenarios.yaml'), SCENARIOS, { mode: 0o644 });
      const env = {
        AOAI_SIM_HOST_PORT: String(port),
        AOAI_SIM_IMAGE: TEST_IMAGE,
        AOAI_SIM_ADMIN_KEY: adminKey,
        SCENARIOS_DIR: scenariosDir,
        SCENARIOS_FILE: 'scenarios.yaml',
      };
      t.teardown(async () => {
        const down = await compose(['-p', project, 'down', '-v', '--timeout', '5'], env);
        rmSync(scenariosDir, { recursive: true, force: true });
        if (down.code !== 0) console.error(`cluster.yaml: down failed: ${down.stderr}`);
      });

      // up waits for Redis and then the replicas to be healthy before it starts the balancer
      const up = await compose(['-p', project, 'up', '-d', '--no-build'], env, 240_000);
      t.is(up.code, 0, up.stderr);
      const endpoint = `http://127.0.0.1:${port}`;
      let healthy = false;
      for (let attempt = 0; attempt < 60 && !healthy; attempt++) {
        healthy = await fetch(`${endpoint}/healthz`).then(
          (answer) => answer.ok,
          () => false,
        );
        if (!healthy) await sleep(1000);
      }
      t.true(healthy, 'the balancer answers /healthz from a replica');

      // a streamed answer comes through the balancer as server-sent events the SDK reads to the end
      const chat = new AzureOpenAI({ endpoint, apiKey: 'any-key', apiVersion: '2024-10-21', deployment: 'chat', maxRetries: 0 });
      const stream = await chat.chat.completions.create({ model: 'chat', stream: true, messages: [{ role: 'user', content: 'Hi' }] });
      let chunks = 0;
      let streamed = '';
      for await (const chunk of stream) {
        chunks++;
        streamed += chunk.choices[0]?.delta.content ?? '';
      }
      t.true(chunks > 2, `${chunks} chunks`);
      t.not(streamed, '');

      const client = new AzureOpenAI({ endpoint, apiKey: 'any-key', apiVersion: '2024-10-21', deployment: 'limited', maxRetries: 0 });
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) {
        try {
          await client.chat.completions.create({ model: 'limited', max_tokens: 992, messages: [{ role: 'user', content: 'hi' }] });
          statuses.push(200);
        } catch (error) {
          statuses.push((error as { status?: number }).status ?? -1);
        }
      }
      // three replicas with a quota each would admit all six (two each): one shared quota admits three
      t.deepEqual(statuses, [200, 200, 200, 429, 429, 429], 'one quota for the three replicas, not three');

      const answer = await fetch(`${endpoint}/__sim/journal?deployment=limited`, { headers: { 'x-sim-admin-key': adminKey } });
      t.is(answer.status, 200);
      const journal = (await answer.json()) as { entries: Array<{ replica?: string }>; replicas: { missing: string[] } };
      t.is(journal.entries.length, 6);
      t.is(new Set(journal.entries.map((entry) => entry.replica)).size, 3, 'the balancer spread them over three replicas');
      t.deepEqual(journal.replicas.missing, []);
    });
  }
}
