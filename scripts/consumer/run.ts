import { execFile } from 'node:child_process';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment a person's shell would give a command: without the variables npm sets for the script that
 * runs the tests (npm_config_*, which would steer an `npm install` elsewhere) and without this repository's
 * `--conditions=aoai-sim-source`, which points at sources a published package does not carry.
 */
export function userEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== 'INIT_CWD'));
  delete env.NODE_OPTIONS;
  return { ...env, ...extra };
}

/** Runs a command to its end (at most `timeoutMs`); a failure is a result with its exit code, not a throw. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv },
): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: options.cwd, env: options.env ?? userEnvironment(), timeout: options.timeoutMs, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr: error && !stderr ? error.message : stderr });
      },
    );
  });
}

/** `run`, failing with everything the command printed when it does not exit 0. */
export async function runOk(command: string, args: string[], options: Parameters<typeof run>[2]): Promise<string> {
  const result = await run(command, args, options);
  if (result.code !== 0) {
    throw new Error(`\`${command} ${args.join(' ')}\` in ${options.cwd} exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
  }
  return result.stdout;
}
