// Runs wrk against one URL, pinned to core 1, with the checking script (wrk-check.lua): a warm-up, then the
// measured run, parsed. Shared by `npm run bench` and `npm run bench:memory`, so that both load the simulator
// the same way.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const LUA = fileURLToPath(new URL('./wrk-check.lua', import.meta.url));

export interface WrkOptions {
  /** The measured run, as wrk takes it (`15s`). */
  duration: string;
  /** An unmeasured run first, so that the server is measured warm (JIT-compiled), as a long load test sees it. */
  warmup: string;
  connections: number;
}

export interface WrkResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  wrong: number;
  checked: number;
  /** wrk's CPU over the measured run, % of one core. */
  wrkCpu: number;
}

/**
 * Runs wrk and waits for it without blocking this process's event loop: the simulator's log lines come through a
 * pipe this process must keep reading, or the simulator would stall on a full pipe and the figures would lie.
 * `onMeasured` is called when the measured run starts (after the warm-up).
 */
export async function wrk(url: string, body: unknown, expect: string, options: WrkOptions, onMeasured?: () => void): Promise<WrkResult> {
  const { duration, warmup: warmupFor, connections } = options;
  const env = { ...process.env, WRK_BODY: JSON.stringify(body), WRK_EXPECT: expect };
  const warmup = spawn('taskset', ['-c', '1', 'wrk', '-t1', `-c${connections}`, `-d${warmupFor}`, '-s', LUA, url], {
    env,
    stdio: 'ignore',
  });
  await new Promise((resolve) => warmup.once('exit', resolve));
  onMeasured?.();
  const before = childCpuMs();
  const started = performance.now();
  const child = spawn('taskset', ['-c', '1', 'wrk', '-t1', `-c${connections}`, `-d${duration}`, '--latency', '-s', LUA, url], {
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (out += text));
  await new Promise((resolve) => child.once('exit', resolve));
  const wall = performance.now() - started;
  const wrkCpu = ((childCpuMs() - before) / wall) * 100;
  const ms = (text: string | undefined) => {
    const match = /([\d.]+)(us|ms|s)/.exec(text ?? '');
    if (!match) return NaN;
    const value = Number(match[1]);
    return match[2] === 'us' ? value / 1000 : match[2] === 's' ? value * 1000 : value;
  };
  const check = /CHECK checked=(\d+) wrong=(\d+)/.exec(out);
  return {
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
    p50: ms(/\s50%\s+(\S+)/.exec(out)?.[1]),
    p99: ms(/\s99%\s+(\S+)/.exec(out)?.[1]),
    non2xx: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out)?.[1] ?? 0),
    checked: Number(check?.[1] ?? 0),
    wrong: Number(check?.[2] ?? NaN),
    wrkCpu,
  };
}

/** CPU time of this process's finished children (wrk), from /proc: how busy the load generator was. */
function childCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // after the command name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
}
