import { execFileSync } from 'node:child_process';

/** Why the compose tests cannot run here, or undefined when Debian's docker-compose answers. */
export const composeMissing: string | undefined = (() => {
  try {
    execFileSync('docker-compose', ['version'], { stdio: 'ignore', timeout: 20_000 });
    return undefined;
  } catch {
    return 'docker-compose is not installed (apt-get install docker-compose)';
  }
})();
