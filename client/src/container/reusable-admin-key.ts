import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/**
 * The admin key of reusable containers: one per user of this machine, kept in a file only that user can read,
 * so that a container started by an earlier test run (with the same environment, which Testcontainers' reuse
 * compares) is found again, and its control API still answers.
 */
export async function reusableAdminKey(): Promise<string> {
  const file = join(tmpdir(), `aoai-sim-admin-key-${userInfo().uid}`);
  try {
    await writeFile(file, randomBytes(24).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return (await readFile(file, 'utf8')).trim();
}
