import { execFileSync } from 'node:child_process';
import { delimiter, dirname } from 'node:path';
import { dockerBlock, dockerImage, removeContainers, track } from './docker-blocks.ts';
import { outputMatches, type FencedBlock } from './fenced-blocks.ts';
import { BackgroundScript, freePort, runScript } from './shell-process.ts';
import { blockPath, checkScenariosDocument, compileTypeScript } from './static-checks.ts';
import { Workspace } from './workspace.ts';

/** What one page's blocks came to: the blocks run or checked, those left alone and why, and what failed. */
export interface PageReport {
  ran: string[];
  /** What a Docker block really did: which commands were only checked, which containers ran. */
  docker: string[];
  skipped: string[];
  failures: string[];
}

const RUN_TIMEOUT_MS = 60_000;
const START_TIMEOUT_MS = 60_000;
/** The address the docs use for a simulator, replaced by the one the test started. */
const DOCS_ADDRESS = /\b(localhost|127\.0\.0\.1):8080\b/g;
/** Commands no block may run here: they would reinstall node_modules from under the suite, or run the suite again. */
const FORBIDDEN = /\bnpm\s+(ci|install|i|test|t|run\s+(test|fuzz|soak|bench)\S*)\b|\bnpx\s+ava\b/;
/** Docker commands, which only a `needs Docker` block may run, and only as docker-blocks.ts rewrites them. */
const DOCKER = /\bdocker(-compose)?\s+(build|run|compose|up)\b/;
/** What the reader's shell might carry that would change the simulator the docs describe. */
const READER_SETTINGS =
  /^(AOAI_SIM_(?!IMAGE$)|LOG_LEVEL$|LOG_FORMAT$|SIMULATOR_|RECORDING_|CASSETTE_|AZURE_OPENAI_|OPENAI_DEPLOYMENT_|ALLOW_UNDEFINED_|LATENCY_OPEN)/;

/**
 * Runs a page's blocks in order, in a working folder that looks like a clone. Shell, TypeScript and Python
 * blocks run against a simulator: the one the last `starts the simulator` block started, or one started as
 * `npx aoai-sim --host 127.0.0.1` would be; `localhost:8080` in a block becomes that simulator's address.
 */
export async function runPage(repo: string, page: string, blocks: FencedBlock[]): Promise<PageReport> {
  const report: PageReport = { ran: [], docker: [], skipped: [], failures: [] };
  const workspace = await Workspace.create(repo, page);
  const runner = new PageRunner(workspace, report);
  try {
    const compiled = blocks.filter((block) => block.kind === 'typescript' && !block.notChecked);
    report.failures.push(...(await compileTypeScript(compiled, workspace, repo)));
    for (const block of blocks) await runner.take(block);
  } finally {
    await runner.stopSimulator();
    await workspace.remove();
  }
  return report;
}

class PageRunner {
  private simulator: { script: BackgroundScript; port: number; containers: string[] } | undefined;
  private lastOutput: { block: FencedBlock; output: string } | undefined;
  private readonly workspace: Workspace;
  private readonly report: PageReport;

  constructor(workspace: Workspace, report: PageReport) {
    this.workspace = workspace;
    this.report = report;
  }

  async take(block: FencedBlock): Promise<void> {
    const where = `${block.page}:${block.line}`;
    if (block.writeTo && block.kind !== 'typescript') await this.workspace.write(block.writeTo, block.code);
    if (block.notChecked) return this.skip(block, block.notChecked);
    if (block.kind === 'text') return block.output ? this.checkOutput(block) : undefined;
    if (block.kind === 'data') {
      if (block.output) return this.checkOutput(block);
      const problem = await checkScenariosDocument(block, this.workspace);
      return problem ? void this.report.failures.push(problem) : void this.report.ran.push(`${where} validated`);
    }
    if (block.kind === 'other') {
      if (block.notRun) return this.skip(block, block.notRun);
      return void this.report.failures.push(`${where}: a \`${block.lang}\` block the test cannot run: mark it <!-- not run: why -->`);
    }
    this.lastOutput = undefined;
    if (block.notRun) {
      // the blocks after a simulator start the test cannot run still run, against a stand-in: the same CLI
      if (block.startsSimulator) await this.stopSimulator();
      return this.skip(block, block.notRun);
    }
    if (block.needsDocker && !dockerImage()) {
      if (block.startsSimulator) await this.stopSimulator();
      return this.skip(block, 'needs Docker and AOAI_SIM_IMAGE naming a built image');
    }
    if (block.needsDocker && block.kind === 'shell') return this.runDocker(block);
    if (block.kind === 'python' && pythonSdkMissing())
      return this.skip(block, `the openai Python SDK is not importable: ${pythonSdkMissing()}`);
    const runs = block.startsSimulator ? servedScript(block.code, 0) : block.code;
    const forbidden = FORBIDDEN.exec(runs) ?? DOCKER.exec(runs);
    if (forbidden)
      return void this.report.failures.push(
        `${where}: runs \`${forbidden[0]}\`, which the docs test must not: mark it <!-- not run: why -->${forbidden[0].startsWith('docker') ? ' or <!-- needs Docker -->' : ''}`,
      );
    if (block.startsSimulator) return this.startSimulator(block);
    await this.run(block);
  }

  /** A Docker block: its image build taken as done, its containers named, on a free loopback port, and removed. */
  private async runDocker(block: FencedBlock): Promise<void> {
    const where = `${block.page}:${block.line}`;
    const image = dockerImage()!;
    const port = await freePort();
    const docker = dockerBlock(block.code, image, port);
    const forbidden = FORBIDDEN.exec(docker.script);
    if (docker.problem || forbidden)
      return void this.report.failures.push(`${where}: ${docker.problem ?? `runs \`${forbidden![0]}\`, which the docs test must not`}`);
    for (const build of docker.builds)
      this.report.docker.push(`${where} checked, not run: \`${build}\`, as AOAI_SIM_IMAGE=${image} is built already`);
    track(docker.containers);
    if (!block.startsSimulator) {
      try {
        await this.run(block, docker.script);
      } finally {
        await removeContainers(docker.containers);
      }
      if (docker.containers.length > 0)
        this.report.docker.push(`${where} ran ${docker.containers.length} container(s) of ${image}, removed`);
      return;
    }
    await this.stopSimulator();
    if (docker.containers.length !== 1)
      return void this.report.failures.push(
        `${where}: starts the simulator, so it runs one \`docker run\`, not ${docker.containers.length}`,
      );
    try {
      await this.started(docker.script, port, docker.containers);
      this.report.ran.push(`${where} started a simulator in Docker`);
      this.report.docker.push(`${where} ran \`docker run\` of ${image} as ${docker.containers[0]} on 127.0.0.1:${port}: /healthz answered`);
    } catch (error) {
      await removeContainers(docker.containers);
      this.report.failures.push(`${where}: the container did not start: ${(error as Error).message}`);
    }
  }

  private async run(block: FencedBlock, shown = block.code): Promise<void> {
    const where = `${block.page}:${block.line}`;
    const port = shown.match(DOCS_ADDRESS) ? await this.simulatorPort() : undefined;
    const code = port === undefined ? shown : shown.replace(DOCS_ADDRESS, `127.0.0.1:${port}`);
    let script = code;
    if (block.kind === 'typescript') {
      const file = await this.workspace.write(blockPath(block, 'ts'), code);
      script = `node --conditions=aoai-sim-source "${file}"`;
    } else if (block.kind === 'python') {
      const file = await this.workspace.write(blockPath(block, 'py'), code);
      script = `"\${PYTHON:-python3}" "${file}"`;
    }
    const result = await runScript(script, { cwd: this.workspace.dir, env: blockEnv(), timeoutMs: RUN_TIMEOUT_MS });
    if (result.timedOut) this.report.failures.push(`${where}: still running after ${RUN_TIMEOUT_MS} ms:\n${result.output}`);
    else if (result.code !== block.exitCode)
      this.report.failures.push(`${where}: exited ${result.code}, expected ${block.exitCode}:\n${result.output}`);
    else this.report.ran.push(`${where} ran`);
    this.lastOutput = { block, output: result.output };
  }

  private async startSimulator(block: FencedBlock): Promise<void> {
    await this.stopSimulator();
    const port = await freePort();
    try {
      await this.started(servedScript(block.code, port), port);
      this.report.ran.push(`${block.page}:${block.line} started a simulator`);
    } catch (error) {
      this.report.failures.push(`${block.page}:${block.line}: the simulator did not start: ${(error as Error).message}`);
    }
  }

  private async simulatorPort(): Promise<number> {
    if (!this.simulator) await this.started('npx aoai-sim --host 127.0.0.1', await freePort());
    return this.simulator!.port;
  }

  private async started(script: string, port: number, containers: string[] = []): Promise<void> {
    const env = { ...blockEnv(), AOAI_SIM_PORT: String(port) };
    const started = new BackgroundScript(script, { cwd: this.workspace.dir, env });
    await started.waitFor(`http://127.0.0.1:${port}/healthz`, START_TIMEOUT_MS);
    this.simulator = { script: started, port, containers };
  }

  /** Stops the simulator: `docker run` forwards the signal to its container, then `docker rm -f` makes sure. */
  async stopSimulator(): Promise<void> {
    await this.simulator?.script.stop();
    await removeContainers(this.simulator?.containers ?? []);
    this.simulator = undefined;
  }

  private checkOutput(block: FencedBlock): void {
    const where = `${block.page}:${block.line}`;
    if (!this.lastOutput) return this.skip(block, 'the output of a block that was not run');
    if (outputMatches(block.code, this.lastOutput.output)) return void this.report.ran.push(`${where} output matched`);
    this.report.failures.push(
      `${where}: the page shows an output that ${this.lastOutput.block.page}:${this.lastOutput.block.line} did not print; it printed:\n${this.lastOutput.output}`,
    );
  }

  private skip(block: FencedBlock, reason: string): void {
    this.report.skipped.push(`${block.page}:${block.line} (${block.lang || 'text'}): ${reason}`);
  }
}

/**
 * A block that starts the simulator, as the test runs it: on its own port, and without a leading `npm ci`, since
 * the test runs in an installed checkout (installing again would pull node_modules from under the running suite).
 */
function servedScript(code: string, port: number): string {
  return code.replace(/^npm ci\b[^&\n]*(&&\s*|\n)/m, '').replace(/--port\s+\d+/g, `--port ${port}`);
}

function blockEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) if (!READER_SETTINGS.test(name)) env[name] = value;
  env.PATH = `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}`;
  env.npm_config_update_notifier = 'false';
  if (process.env.OPENAI_PYTHON_SRC) env.PYTHONPATH = process.env.OPENAI_PYTHON_SRC;
  // as the container tests do: Testcontainers' reaper image cannot be pulled on every machine
  env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
  return env;
}

let pythonProblem: string | undefined | null = null;
/** Why the openai Python SDK cannot be imported here (python3, or PYTHON, with OPENAI_PYTHON_SRC on its path), if it cannot. */
function pythonSdkMissing(): string | undefined {
  if (pythonProblem !== null) return pythonProblem;
  try {
    execFileSync(process.env.PYTHON ?? 'python3', ['-c', 'import openai'], { env: blockEnv(), stdio: 'pipe', timeout: 30_000 });
    pythonProblem = undefined;
  } catch (error) {
    const said = String((error as { stderr?: Buffer }).stderr ?? (error as Error).message)
      .trim()
      .split('\n')
      .at(-1);
    pythonProblem = `${said} (set OPENAI_PYTHON_SRC to the SDK's source folder, and PYTHON to the interpreter)`;
  }
  return pythonProblem;
}
