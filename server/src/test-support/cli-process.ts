import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ExecutionContext } from 'ava';

/** The aoai-sim command's entry point, and the repository it runs from. */
export const CLI = fileURLToPath(new URL('../cli.ts', import.meta.url));
export const REPO = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Starts `aoai-sim ARGS` with JSON logs and resolves with its startup line (as logged, a JSON line) and the lines
 * logged before it; the process is killed when the test ends.
 */
export async function serveUntilListening(t: ExecutionContext, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO, env: { PATH: process.env.PATH, LOG_FORMAT: 'json', ...env } });
  t.teardown(() => child.kill('SIGKILL'));
  let stdout = '';
  const line = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const found = stdout.split('\n').find((candidate) => candidate.includes('listening on'));
      if (found) resolve(found);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before listening`)));
  });
  // the lines logged before the startup line
  const before = stdout.slice(0, stdout.indexOf(line)).split('\n').filter(Boolean);
  return { child, line, before };
}
