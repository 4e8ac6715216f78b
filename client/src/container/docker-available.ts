import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The image the container tests run: the one .ci/run builds, unless AOAI_SIM_IMAGE names another. */
export const TEST_IMAGE = process.env.AOAI_SIM_IMAGE ?? 'aoai-sim:dev';

/**
 * Whether Docker can run the container tests. Without it they are skipped with a notice locally, and fail
 * loudly in CI (CI=true), where a missing engine must not pass for green. Builds the image when it is absent,
 * so `npm test` works on a fresh machine.
 */
export function dockerReady(): { ready: true } | { ready: false; reason: string } {
  // this machine's Testcontainers cannot pull its reaper image; the tests stop their containers themselves
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
  try {
    execFileSync('docker', ['info'], { stdio: 'ignore', timeout: 20_000 });
  } catch {
    return { ready: false, reason: 'no Docker engine answers `docker info`' };
  }
  try {
    execFileSync('docker', ['image', 'inspect', TEST_IMAGE], { stdio: 'ignore' });
  } catch {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    execFileSync('docker', ['build', '--network', 'host', '-t', TEST_IMAGE, root], { stdio: 'inherit', timeout: 600_000 });
  }
  return { ready: true };
}
