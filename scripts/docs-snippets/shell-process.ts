import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ScriptResult {
  code: number | null;
  /** stdout and stderr together, in the order a terminal shows them. */
  output: string;
  timedOut: boolean;
}

export interface ScriptOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

/** Runs a shell script to its end in a process group of its own, killed whole when it outlives its time. */
export async function runScript(script: string, options: ScriptOptions): Promise<ScriptResult> {
  const child = spawnGroup(script, options);
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (text: string) => (output += text));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    killGroup(child, 'SIGKILL');
  }, options.timeoutMs);
  const code = await new Promise<number | null>((done) => child.on('close', (status) => done(status)));
  clearTimeout(timer);
  return { code, output, timedOut };
}

/** A script that serves until stopped: a simulator started the way a page says to start it. */
export class BackgroundScript {
  private readonly child: ChildProcess;
  private output = '';
  private exited: Promise<number | null>;

  constructor(script: string, options: Omit<ScriptOptions, 'timeoutMs'>) {
    this.child = spawnGroup(script, { ...options, timeoutMs: 0 });
    this.child.stdout!.setEncoding('utf8').on('data', (text: string) => (this.output = (this.output + text).slice(-20_000)));
    this.exited = new Promise((done) => this.child.on('close', (status) => done(status)));
  }

  /** Waits until `url` answers 200, or fails with what the script printed when it exits or the time is up. */
  async waitFor(url: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let gone = false;
    void this.exited.then(() => (gone = true));
    while (Date.now() < deadline && !gone) {
      const status = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
        (response) => response.status,
        () => 0,
      );
      if (status === 200) return;
      await sleep(100);
    }
    await this.stop();
    throw new Error(`${gone ? 'it exited' : `${url} did not answer within ${timeoutMs} ms`}; it printed:\n${this.output}`);
  }

  /** SIGTERM to the whole group (npm, the shell and the simulator), SIGKILL if it lingers. */
  async stop(): Promise<void> {
    killGroup(this.child, 'SIGTERM');
    const stopped = await Promise.race([this.exited.then(() => true), sleep(10_000).then(() => false)]);
    if (!stopped) {
      killGroup(this.child, 'SIGKILL');
      await this.exited;
    }
  }
}

export { freePort } from '../../server/src/test-support/free-port.ts';

function spawnGroup(script: string, options: ScriptOptions): ChildProcess {
  return spawn('bash', ['-o', 'pipefail', '-e', '-c', `exec 2>&1\n${script}`], {
    cwd: options.cwd,
    env: options.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  // the whole group, even when the shell itself has exited: what it started may still run
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}
