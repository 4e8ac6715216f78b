/**
 * The packages as a user gets them: both workspaces built and packed as a release packs them, then installed
 * from the tarballs into a new project in a temporary folder (a copy of scripts/consumer/project/): first the
 * client alone, as a project that only starts containers has it, then with the server beside it. Needs the npm
 * registry for the packages' own dependencies; takes a minute or two.
 */
import test, { type ExecutionContext } from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dockerReady, TEST_IMAGE } from '../client/src/container/docker-available.ts';
import { packWorkspaces, REPO, type Pack } from './consumer/pack-workspaces.ts';
import { readmePrograms } from './consumer/readme-programs.ts';
import { run, runOk } from './consumer/run.ts';

const TEMPLATE = join(REPO, 'scripts', 'consumer', 'project');
const TSC = join(REPO, 'node_modules', 'typescript', 'bin', 'tsc');
const docker = dockerReady();
// the consumer's containers run the image built here (the published one is pulled by name only after a release)
process.env.AOAI_SIM_IMAGE = TEST_IMAGE;
const inCi = process.env.CI === 'true';
// the versions this repository tests with, so that a new major of either cannot fail this test on its own
const { devDependencies } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };

let work = '';
let consumer = '';
let packs: { server: Pack; client: Pack };

const npm = (args: string[], timeoutMs = 240_000) =>
  runOk('npm', [...args, '--no-audit', '--no-fund', '--ignore-scripts', '--prefer-offline'], { cwd: consumer, timeoutMs });
const node = (args: string[], timeoutMs = 120_000) => run(process.execPath, args, { cwd: consumer, timeoutMs });
const tsc = (project: string) => run(process.execPath, [TSC, '-p', project], { cwd: consumer, timeoutMs: 120_000 });

/** What a step printed, failing with its error output when it did not exit 0. */
async function printed(t: ExecutionContext, args: string[]): Promise<string> {
  const result = await node(args);
  t.is(result.code, 0, `node ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

test.before(async (t) => {
  t.timeout(420_000, 'packing and installing took too long');
  work = await mkdtemp(join(tmpdir(), 'aoai-sim-consumer-'));
  packs = await packWorkspaces(work);
  consumer = join(work, 'consumer');
  await cp(TEMPLATE, consumer, { recursive: true });
  await npm(['install', packs.client.tarball, `openai@${devDependencies.openai}`, `@types/node@${devDependencies['@types/node']}`]);
});

test.after.always(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

test.serial('each tarball carries its LICENSE, its README and built JavaScript with declarations, and no sources or tests', (t) => {
  for (const pack of [packs.server, packs.client]) {
    t.true(pack.files.includes('LICENSE'), `${pack.name}: no LICENSE`);
    t.true(pack.files.includes('README.md'), `${pack.name}: no README.md`);
    t.true(pack.files.includes('dist/index.js') && pack.files.includes('dist/index.d.ts'), `${pack.name}: no dist/index.js and .d.ts`);
    t.deepEqual(
      pack.files.filter((file) => file.startsWith('src/') || /\.test\.|test-support|fixtures|\/test-[^/]*$/.test(file)),
      [],
      `${pack.name} ships sources or tests`,
    );
  }
  t.true(packs.server.files.includes('bin/aoai-sim.js') && packs.server.files.includes('schema/scenarios.schema.json'));
  // the dashboard is built at package time (prepack), not committed
  t.true(
    packs.server.files.includes('ui-dist/index.html') && packs.server.files.includes('ui-dist/assets/dashboard.js'),
    'the dashboard is packed',
  );
  t.is(readFileSync(join(consumer, 'node_modules', '@aoai-sim', 'client', 'LICENSE'), 'utf8'), readFileSync(join(REPO, 'LICENSE'), 'utf8'));
});

test.serial('the client alone installs without the server and its dependencies', async (t) => {
  for (const serverOnly of ['aoai-sim', 'koa', 'tiktoken', 'pino', 'liquidjs']) {
    t.false(existsSync(join(consumer, 'node_modules', serverOnly)), `${serverOnly} was installed with the client`);
  }
  const installed = JSON.parse(readFileSync(join(consumer, 'node_modules', '.package-lock.json'), 'utf8')) as { packages: object };
  const megabytes = (await runOk('du', ['-sm', 'node_modules'], { cwd: consumer, timeoutMs: 60_000 })).split('\t')[0];
  t.log(`@aoai-sim/client, openai and @types/node: ${Object.keys(installed.packages).length} packages, ${megabytes} MB`);
});

test.serial('the client alone: strict TypeScript (nodenext, no skipLibCheck), ESM import and CommonJS require', async (t) => {
  const compiled = await tsc('tsconfig.client-only.json');
  t.is(compiled.code, 0, compiled.stdout + compiled.stderr);
  const exported = JSON.parse(await printed(t, ['client-only.ts', 'exports'])) as Record<string, string>;
  t.deepEqual(exported, {
    image: `ghcr.io/aoai-sim/aoai-sim:${packs.client.version}`,
    apiKey: 'aoai-sim-test-key',
    control: 'function',
    startError: 'function',
  });
  t.deepEqual(JSON.parse(await printed(t, ['client-only.cjs'])), {
    AoaiSimContainer: 'function',
    AoaiSim: 'function',
    ConfigError: 'function',
  });
});

test.serial(
  'the client alone: the in-process mode names the package it needs, and scenarios are left to the container to check',
  async (t) => {
    t.regex(await printed(t, ['client-only.ts', 'in-process']), /AoaiSim\.startInProcess\(\) needs .*`npm install --save-dev aoai-sim`/);
    t.is(await printed(t, ['client-only.ts', 'define']), 'returned unchecked');
  },
);

const withDocker = (title: string, body: (t: ExecutionContext) => Promise<void>) => {
  if (docker.ready) test.serial(title, body);
  else if (inCi) test.serial(title, (t) => t.fail(`Docker is required in CI: ${docker.reason}`));
  else test.serial.skip(`${title} (skipped: ${docker.reason}; CI=true makes this a failure)`, body);
};

withDocker(
  'the client alone: AoaiSimContainer.start() answers through the openai SDK, and a container refuses invalid scenarios',
  async (t) => {
    t.timeout(180_000);
    t.deepEqual(JSON.parse(await printed(t, ['client-only.ts', 'container'])), {
      answer: 'Hello from a container!',
      journaled: ['greeting'],
      deployments: ['chat'],
    });
    t.is(await printed(t, ['client-only.ts', 'container-invalid']), 'scenarios: /deployments/chat/model must be string, not integer');
  },
);

test.serial('with the server: strict TypeScript over both APIs and the READMEs, ESM and CommonJS, and the command', async (t) => {
  t.timeout(300_000);
  await npm(['install', packs.server.tarball]);
  const programs = [
    ...readmePrograms(join(REPO, 'server', 'README.md'), 'readme-server'),
    ...readmePrograms(join(REPO, 'client', 'README.md'), 'readme-client'),
  ];
  for (const program of programs) await writeFile(join(consumer, program.name), program.source);
  const compiled = await tsc('tsconfig.json');
  t.is(compiled.code, 0, compiled.stdout + compiled.stderr);
  t.deepEqual(JSON.parse(await printed(t, ['both.cjs'])), { client: true, server: true, startSimulator: 'function' });
  t.deepEqual((await printed(t, ['both.ts', 'define-invalid'])).split('\n').sort(), [
    'scenarios: /deployments/chat/model must be string, not integer',
    'scenarios: /deployments/chat/rateLimt is not a known property of Deployment; did you mean "rateLimit"?',
  ]);
  t.deepEqual(JSON.parse(await printed(t, ['both.ts', 'server'])), { deployments: true, health: 200 });

  const npx = (args: string[]) => run('npx', ['--no', 'aoai-sim', ...args], { cwd: consumer, timeoutMs: 60_000 });
  const valid = await npx(['validate', 'node_modules/aoai-sim/scenarios/default.yaml']);
  t.is(valid.code, 0, valid.stderr);
  t.regex(valid.stdout, /^ok node_modules\/aoai-sim\/scenarios\/default\.yaml/);
  const invalid = await npx(['validate', 'invalid.yaml']);
  t.is(invalid.code, 1);
  t.regex(invalid.stdout + invalid.stderr, /invalid\.yaml:3:12: \/deployments\/chat\/model must be string/);

  for (const program of programs.filter((program) => !program.needsDocker)) {
    t.deepEqual((await printed(t, [program.name])).split('\n'), program.prints, program.name);
  }
});

withDocker('with the server: the README programs that start a container print what they say', async (t) => {
  t.timeout(180_000);
  const programs = readmePrograms(join(REPO, 'client', 'README.md'), 'readme-client').filter((program) => program.needsDocker);
  t.true(programs.length > 0);
  for (const program of programs) t.deepEqual((await printed(t, [program.name])).split('\n'), program.prints, program.name);
});
