// Starts the simulator as a child process pinned to one core, for benchmarks that load it from another core.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { BUNDLE_PATH, buildBundleIfStale } from '../server/bundle/build.ts';

export interface SimProcess {
  url: string;
  child: ChildProcess;
  /** The peak resident set size so far, from /proc (VmHWM), in MiB. */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

/** Node's options as `npm start` and the image give them (package.json, Dockerfile). */
const NODE_OPTIONS = ['--v8-pool-size=0'];

/**
 * `taskset -c CORE node --v8-pool-size=0 [EXTRA_ARGS] server/dist/aoai-sim.cjs --scenarios FILE --port 0 [CLI_ARGS]`,
 * resolved once it listens.
 */
export async function startSimProcess(
  scenarios: string,
  core = '0',
  extraArgs: string[] = [],
  entry?: string,
  cliArgs: string[] = [],
): Promise<SimProcess> {
  // what `npm start` and the image run: the server bundled into one file (built here when a source changed);
  // `entry`, another build's command (bench/builds-ab.ts)
  if (entry === undefined) await buildBundleIfStale();
  const child = spawn(
    'taskset',
    [
      '-c',
      core,
      process.execPath,
      ...NODE_OPTIONS,
      ...extraArgs,
      entry ?? BUNDLE_PATH,
      '--scenarios',
      scenarios,
      '--port',
      '0',
      '--host',
      '127.0.0.1',
      ...cliArgs,
    ],
    {
      env: { ...process.env, LOG_FORMAT: 'json', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      // not left running: under --workers it would hold this process's stderr open, and the machine's cores
      child.kill('SIGKILL');
      reject(new Error('the simulator did not start within 60 s'));
    }, 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const found = /listening on (http:\/\/[^\s"]+)/.exec(out);
      if (found) {
        clearTimeout(timer);
        // from here on the log is read and dropped (kept, a load test's access lines would grow without bound),
        // or written to BENCH_SIM_LOG, to read the simulator's own traces (BENCH_SIM_ARGS=--trace-gc, say)
        child.stdout!.off('data', onData);
        if (process.env.BENCH_SIM_LOG) child.stdout!.pipe(createWriteStream(process.env.BENCH_SIM_LOG));
        else child.stdout!.resume();
        out = '';
        resolve(found[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the simulator exited with ${code}`)));
  });
  return {
    url,
    child,
    peakRssMiB() {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 15_000).unref();
      }),
  };
}
