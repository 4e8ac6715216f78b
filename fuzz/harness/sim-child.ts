// The simulator under test, as its own process: started the way `npm start` and the image start it.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { InspectorSession } from './inspector.ts';
import { pinned } from './pinning.ts';
import { nowMs } from './proc-stats.ts';

const CLI = fileURLToPath(new URL('../../server/src/cli.ts', import.meta.url));
const START_TIMEOUT_MS = 30_000;
const STDERR_KEPT = 16 * 1024;

export interface SimChildOptions {
  scenarios: string;
  /** Added to a minimal environment (PATH, HOME, TMPDIR): nothing of this shell's leaks into the child. */
  env: Record<string, string>;
  /** The core to pin it to (taskset), when the machine has two. */
  core?: string;
  /** Opens the inspector on a free loopback port, so that full collections can be forced before reading RSS. */
  inspect?: boolean;
  /** Its standard output (the JSON log) goes to this file: a file never pushes back, a pipe the harness is slow to read does. */
  logFile: string;
}

export interface SimExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  atMs: number;
}

/** A running simulator child: `node --v8-pool-size=0 server/src/cli.ts --scenarios FILE --port 0 --host 127.0.0.1`. */
export class SimChild {
  /** Set when the process ended, whether asked to or not. */
  exit: SimExit | undefined;
  stopping = false;
  readonly exited: Promise<SimExit>;
  private stderr = '';
  private inspector: InspectorSession | undefined;

  readonly child: ChildProcess;
  readonly logFile: string;
  /** Where it listens, once it does. */
  url = '';
  port = 0;

  private constructor(child: ChildProcess, logFile: string) {
    this.child = child;
    this.logFile = logFile;
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.exit = { code, signal, atMs: nowMs() };
        resolve(this.exit);
      });
    });
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-STDERR_KEPT);
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  static async start(options: SimChildOptions): Promise<SimChild> {
    // FUZZ_SIM_ARGS: Node options for the simulator, e.g. "--cpu-prof --cpu-prof-dir=/tmp/fuzz-prof" to see a stall's cause
    const extra = process.env.FUZZ_SIM_ARGS?.split(' ').filter(Boolean) ?? [];
    const nodeArgs = ['--v8-pool-size=0', ...extra, ...(options.inspect ? ['--inspect=127.0.0.1:0'] : [])];
    const [command, args] = pinned(options.core, process.execPath, [
      ...nodeArgs,
      CLI,
      '--scenarios',
      options.scenarios,
      '--port',
      '0',
      '--host',
      '127.0.0.1',
    ]);
    const log = openSync(options.logFile, 'w');
    const child = spawn(command, args, {
      env: { ...minimalEnv(), LOG_FORMAT: 'json', LOG_LEVEL: 'info', ...options.env },
      stdio: ['ignore', log, 'pipe'],
    });
    closeSync(log);
    const sim = new SimChild(child, options.logFile);
    await sim.waitUntilListening();
    if (options.inspect) sim.inspector = await InspectorSession.open(await sim.inspectorUrl());
    return sim;
  }

  /** The last lines it wrote to standard error: a crash's trace. */
  stderrTail(): string {
    return this.stderr;
  }

  /** Forces a full collection; false when there is no inspector or it failed. */
  async collectGarbage(): Promise<boolean> {
    if (!this.inspector || this.exit) return false;
    try {
      await this.inspector.collectGarbage();
      return true;
    } catch {
      return false;
    }
  }

  /** The bytes the JavaScript heap holds; undefined when there is no inspector or it failed. */
  async heapUsedBytes(): Promise<number | undefined> {
    if (!this.inspector || this.exit) return undefined;
    return this.inspector.heapUsedBytes().catch(() => undefined);
  }

  /** SIGTERM, then SIGKILL when it has not ended after `graceMs`. */
  async stop(graceMs = 15_000): Promise<SimExit> {
    this.stopping = true;
    this.inspector?.close();
    if (!this.exit) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    return this.exit!;
  }

  private async waitUntilListening(): Promise<void> {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.exit)
        throw new Error(`the simulator exited with ${this.exit.code ?? this.exit.signal} before listening:\n${this.stderrTail()}`);
      const found = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(readFileSync(this.logFile, 'utf8'));
      if (found) {
        this.url = found[1]!;
        this.port = Number(found[2]);
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    this.child.kill('SIGKILL');
    throw new Error(`the simulator did not listen within ${START_TIMEOUT_MS / 1000} s:\n${this.stderrTail()}`);
  }

  private async inspectorUrl(): Promise<string> {
    for (let waited = 0; waited < START_TIMEOUT_MS; waited += 20) {
      const found = /Debugger listening on (ws:\/\/\S+)/.exec(this.stderr);
      if (found) return found[1]!;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('the simulator did not open its inspector');
  }
}

/** Just enough of an environment to run Node: a planted secret is then the only one the child has. */
function minimalEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'TZ']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return env;
}
