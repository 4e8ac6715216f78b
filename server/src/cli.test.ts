import test from 'ava';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { copyFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveUntilListening } from './test-support/cli-process.ts';
import { tempTree, yaml } from './test-support/temp-tree.ts';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `aoai-sim ARGS` as a user would, to completion. */
function run(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return runCommand(process.execPath, [CLI, ...args], options);
}

async function runCommand(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const child = spawn(command, args, {
    cwd: options.cwd ?? REPO,
    env: { PATH: process.env.PATH, LOG_FORMAT: 'json', ...options.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

test('validate: the default and example scenarios pass, exit 0', async (t) => {
  const result = await run([
    'validate',
    'scenarios/default.yaml',
    'scenarios/examples/minimal.yaml',
    'scenarios/examples/service-with-shared.yaml',
  ]);
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /^ok scenarios\/default\.yaml \(19 deployments, 0 scenario rules\)$/m);
  t.regex(result.stdout, /^ok scenarios\/examples\/service-with-shared\.yaml \(2 deployments, 3 scenario rules, 2 included files\)$/m);
});

test('validate counts in words: 1 deployment, 1 scenario rule, 1 included file', async (t) => {
  const dir = await tempTree(t, {
    'one.yaml': 'include: [more.yaml]\ndeployments:\n  chat: { model: gpt-4o }\nscenarios:\n  - { name: hi, respond: { content: hi } }\n',
    'more.yaml': 'deployments:\n  other: { model: gpt-4o }\n',
  });
  const result = await run(['validate', 'scenarios/examples/minimal.yaml', join(dir, 'one.yaml')]);
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /^ok scenarios\/examples\/minimal\.yaml \(1 deployment, 1 scenario rule\)$/m);
  t.regex(result.stdout, /one\.yaml \(2 deployments, 1 scenario rule, 1 included file\)$/m);
});

test('the aoai-sim command works straight after npm ci, without a build', async (t) => {
  // the link npm makes in node_modules/.bin, run as `npx aoai-sim` runs it
  const bin = join(REPO, 'node_modules', '.bin', 'aoai-sim');
  const result = await runCommand(bin, ['validate', 'scenarios/default.yaml']);
  t.is(result.code, 0, result.stderr);
  t.regex(result.stdout, /^ok scenarios\/default\.yaml \(19 deployments, 0 scenario rules\)$/m);
});

test('the launcher runs dist/cli.js when it is built, and the TypeScript sources when it is not', async (t) => {
  const launcher = fileURLToPath(new URL('../bin/aoai-sim.js', import.meta.url));
  const clone = await tempTree(t, {});
  await mkdir(join(clone, 'bin'));
  await copyFile(launcher, join(clone, 'bin', 'aoai-sim.js'));
  await symlink(fileURLToPath(new URL('.', import.meta.url)), join(clone, 'src'));
  const fromSources = await runCommand(process.execPath, [
    join(clone, 'bin', 'aoai-sim.js'),
    'validate',
    'scenarios/examples/minimal.yaml',
  ]);
  t.is(fromSources.code, 0, fromSources.stderr);
  t.regex(fromSources.stdout, /^ok scenarios\/examples\/minimal\.yaml/m);

  await mkdir(join(clone, 'dist'));
  await writeFile(join(clone, 'dist', 'cli.js'), 'console.log(`built: ${process.argv.slice(2).join(" ")}`);\n');
  const built = await runCommand(process.execPath, [join(clone, 'bin', 'aoai-sim.js'), '--version']);
  t.is(built.stdout.trim(), 'built: --version');
});

test('--help and the command-line guide list the same environment variables', async (t) => {
  const variables = (text: string) => new Set(text.match(/\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g));
  const help = await run(['--help']);
  const fromHelp = variables(help.stdout.slice(help.stdout.indexOf('Environment')));
  const guide = await readFile(join(REPO, 'docs', 'cli.md'), 'utf8');
  const start = guide.indexOf('## Environment variables');
  t.true(start >= 0, 'docs/cli.md has no "Environment variables" section');
  const end = guide.indexOf('\n## ', start + 1);
  const section = guide.slice(start, end < 0 ? undefined : end);
  const table = section
    .split('\n')
    .filter((line) => line.startsWith('| `'))
    .join('\n');
  t.true(fromHelp.size > 10);
  t.deepEqual([...variables(table)].sort(), [...fromHelp].sort());
});

test('the image’s scenarios directory: scenarios.yml is used, and a mount without a scenarios file is a warning', async (t) => {
  const yml = await tempTree(t, { 'scenarios.yml': 'deployments:\n  from-yml: { model: gpt-4o-2024-08-06 }\n' });
  const used = await serveUntilListening(t, ['--host', '127.0.0.1', '--port', '0'], { AOAI_SIM_SCENARIOS_DIR: yml });
  t.regex(used.line, /deployments: from-yml \(gpt-4o-2024-08-06\)/);
  used.child.kill('SIGTERM');

  const misnamed = await tempTree(t, { 'my-scenarios.yaml': 'deployments:\n  mine: { model: gpt-4o }\n' });
  const warned = await serveUntilListening(t, ['--host', '127.0.0.1', '--port', '0'], { AOAI_SIM_SCENARIOS_DIR: misnamed });
  t.regex(warned.line, /\(embedded default\)/);
  const warning = warned.before.map((line) => JSON.parse(line) as { level: number; msg: string }).find((line) => line.level === 40);
  t.regex(warning?.msg ?? '', /holds no scenarios\.yaml or scenarios\.yml \(it has my-scenarios\.yaml\): running the embedded default/);
  warned.child.kill('SIGTERM');

  // the image's own empty /scenarios, with nothing mounted on it: the plain `docker run`, no warning
  const empty = await tempTree(t, {});
  const quiet = await serveUntilListening(t, ['--host', '127.0.0.1', '--port', '0'], { AOAI_SIM_SCENARIOS_DIR: empty });
  t.deepEqual(
    quiet.before.filter((line) => line.includes('"level":40')),
    [],
  );
  quiet.child.kill('SIGTERM');
});

test('validate: a file with three mistakes reports all three with line and column, exit 1', async (t) => {
  const dir = await tempTree(t, {
    'bad.yaml': yaml`
      server:
        apiVersionPolicy: strikt
      deployments:
        gpt-4o:
          modell: gpt-4o-2024-08-06
      scenarios:
        - name: x
          priority: high
          respond: { content: hi }
    `,
    'good.yaml': 'deployments:\n  gpt-4o: { model: gpt-4o }\n',
  });
  const result = await run(['validate', 'good.yaml', 'bad.yaml'], { cwd: dir });
  t.is(result.code, 1);
  t.regex(result.stdout, /^ok good\.yaml/m);
  t.deepEqual(result.stderr.trim().split('\n'), [
    'bad.yaml:2:21: /server/apiVersionPolicy must be one of "strict", "any"; did you mean "strict"?',
    'bad.yaml:4:3: /deployments/gpt-4o must have property "model"',
    'bad.yaml:5:5: /deployments/gpt-4o/modell is not a known property of Deployment; did you mean "model"?',
    'bad.yaml:8:15: /scenarios/0/priority must be integer, not string',
    '1 of 2 files are invalid',
  ]);
});

test('validate with no file, an unknown command or a bad flag is a usage error, exit 2', async (t) => {
  for (const args of [['validate'], ['serve-please'], ['--port', 'eighty'], ['--frobnicate']]) {
    const result = await run(args);
    t.is(result.code, 2, args.join(' '));
    t.regex(result.stderr, /Usage:/, args.join(' '));
  }
});

test('serving invalid scenarios exits 1 with the problems and no stack trace', async (t) => {
  const dir = await tempTree(t, { 'scenarios.yaml': 'deployments:\n  gpt-4o: { model: 7 }\n' });
  const result = await run(['--scenarios', 'scenarios.yaml', '--port', '0'], { cwd: dir });
  t.is(result.code, 1);
  t.is(result.stderr.trim(), 'scenarios.yaml:2:20: /deployments/gpt-4o/model must be string, not integer');
  t.notRegex(result.stderr, /\bat .*:\d+:\d+\)/);
});

test('a scenarios file that does not exist exits 1 with a clear message', async (t) => {
  const result = await run(['--scenarios', 'missing.yaml', '--port', '0']);
  t.is(result.code, 1);
  t.is(result.stderr.trim(), 'missing.yaml: cannot read missing.yaml: no such file');
});

test('serve: the startup line names the URL, scenarios, deployments and auth; SIGTERM exits 0', async (t) => {
  const child = spawn(process.execPath, [CLI, '--port', '0', '--host', '127.0.0.1'], {
    cwd: REPO,
    env: { PATH: process.env.PATH, LOG_FORMAT: 'json' },
  });
  t.teardown(() => child.kill('SIGKILL'));
  let stdout = '';
  const startup = await new Promise<{ msg: string }>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((candidate) => candidate.includes('listening on'));
      if (line) resolve(JSON.parse(line) as { msg: string });
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before listening`)));
  });
  t.regex(startup.msg, /^aoai-sim listening on http:\/\/127\.0\.0\.1:\d+ /);
  t.regex(startup.msg, /scenarios: \S*scenarios\/default\.yaml \(embedded default\)/);
  t.regex(startup.msg, /deployments: gpt-4o \(gpt-4o-2024-08-06\), /);
  t.regex(
    startup.msg,
    /auth: any non-empty api-key \(no keys configured\) or an Entra bearer token for https:\/\/cognitiveservices\.azure\.com or https:\/\/ai\.azure\.com, unexpired/,
  );
  t.regex(startup.msg, /control API: open to anyone who reaches the port/);
  const url = /listening on (\S+)/.exec(startup.msg)![1]!;
  t.is((await fetch(`${url}/healthz`)).status, 200);
  const answer = await fetch(`${url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, {
    method: 'POST',
    headers: { 'api-key': 'k', 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }] }),
  });
  t.is(answer.status, 200);

  child.kill('SIGTERM');
  const [code] = (await once(child, 'exit')) as [number | null];
  t.is(code, 0);
  // every line logged reaches stdout before the process ends: the request's access line, then the shutdown's
  const lines = stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { msg: string; requestId?: string; status?: number });
  const access = lines.find((line) => line.msg === 'request' && line.requestId === answer.headers.get('apim-request-id'));
  t.is(access?.status, 200);
  t.truthy(lines.find((line) => line.msg.startsWith('SIGTERM received')));
});

test('the environment sets the port, the api key and the scenarios', async (t) => {
  const dir = await tempTree(t, { 'mine.yaml': 'deployments:\n  only-one: { model: gpt-4o-2024-08-06 }\n' });
  const { child, line } = await serveUntilListening(t, ['--host', '127.0.0.1'], {
    AOAI_SIM_PORT: '0',
    AOAI_SIM_API_KEY: 'env-key',
    AOAI_SIM_SCENARIOS: join(dir, 'mine.yaml'),
  });
  t.regex(line, /deployments: only-one \(gpt-4o-2024-08-06\)/);
  t.regex(line, /api-key \(1 configured\)/);
  child.kill('SIGTERM');
  await once(child, 'exit');
});

test('the startup line says who may use the control API; AOAI_SIM_ADMIN_ACCESS chooses it', async (t) => {
  const exposed = await serveUntilListening(t, ['--host', '0.0.0.0', '--port', '0'], {});
  t.regex(
    exposed.line,
    /control API: read-only \(listening beyond loopback without an admin key: set AOAI_SIM_ADMIN_KEY, or AOAI_SIM_ADMIN_ACCESS=open\)/,
  );
  const opened = await serveUntilListening(t, ['--host', '0.0.0.0', '--port', '0'], { AOAI_SIM_ADMIN_ACCESS: 'open' });
  t.regex(opened.line, /control API: open to anyone who reaches the port/);
  const keyed = await serveUntilListening(t, ['--host', '0.0.0.0', '--port', '0'], { AOAI_SIM_ADMIN_KEY: 'adm' });
  t.regex(keyed.line, /control API: admin key required/);
  const wrong = await run(['--port', '0'], { env: { AOAI_SIM_ADMIN_ACCESS: 'wide-open' } });
  t.is(wrong.code, 2);
  t.regex(wrong.stderr, /AOAI_SIM_ADMIN_ACCESS must be one of auto, open, read-only, off, not "wide-open"/);
});
