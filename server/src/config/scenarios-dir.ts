import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The names a scenarios directory's entry file may have, in the order they are looked for. */
export const SCENARIOS_FILE_NAMES = ['scenarios.yaml', 'scenarios.yml'] as const;

/** The scenarios file a directory holds, or undefined when it holds none of SCENARIOS_FILE_NAMES. */
export function scenariosFileIn(dir: string): string | undefined {
  return SCENARIOS_FILE_NAMES.map((name) => join(dir, name)).find((file) => existsSync(file));
}

/** Whether `path` is a directory (a shared scenarios repository, the image's mount) rather than a file. */
export function isDirectory(path: string): boolean {
  return existsSync(path) && statSync(path).isDirectory();
}

/** What a scenarios directory (AOAI_SIM_SCENARIOS_DIR) gives: its file, or why the embedded default applies. */
export interface MountedScenarios {
  file?: string;
  /** Set when the directory was meant to hold scenarios (it has files, or something is mounted there) but does not. */
  warning?: string;
}

/**
 * The scenarios file of the image's mount. The image makes an empty /scenarios, so an empty directory that
 * nothing is mounted on is the plain `docker run` and says nothing; a directory holding other files, or a mount
 * holding none (Docker makes a missing host folder an empty one), is a mistake worth a warning.
 */
export function mountedScenarios(dir: string | undefined, mountPoints: () => ReadonlySet<string> = linuxMountPoints): MountedScenarios {
  if (!dir || !isDirectory(dir)) return {};
  const file = scenariosFileIn(dir);
  if (file) return { file };
  const entries = readdirSync(dir);
  if (entries.length === 0 && !mountPoints().has(resolve(dir))) return {};
  const holds = entries.length === 0 ? 'it is empty' : `it has ${entries.slice(0, 5).join(', ')}${entries.length > 5 ? ', …' : ''}`;
  return {
    warning: `${dir} (AOAI_SIM_SCENARIOS_DIR) holds no ${SCENARIOS_FILE_NAMES.join(' or ')} (${holds}): running the embedded default scenarios. Name your file scenarios.yaml, or point AOAI_SIM_SCENARIOS at it.`,
  };
}

/** Where something is mounted, from /proc/self/mountinfo (its fifth field); none where there is no such file. */
function linuxMountPoints(): ReadonlySet<string> {
  try {
    const lines = readFileSync('/proc/self/mountinfo', 'utf8').split('\n');
    // octal escapes (\040 for a space) as the kernel writes them
    const unescape = (field: string) => field.replace(/\\([0-7]{3})/g, (_, code: string) => String.fromCharCode(parseInt(code, 8)));
    return new Set(
      lines
        .map((line) => line.split(' ')[4])
        .filter((field): field is string => !!field)
        .map(unescape),
    );
  } catch {
    return new Set();
  }
}
