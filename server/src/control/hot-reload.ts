import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { ConfigError, formatIssue } from '../config/config-error.ts';
import { loadScenarios } from '../config/load-scenarios.ts';
import type { Logger } from '../logger.ts';
import type { StateHolder } from '../sim-state.ts';
import { reconfigure } from './reconfigure.ts';

/** How long a burst of file events settles before one reload (editors write in several steps). */
const SETTLE_MS = 150;

/**
 * Watches the scenarios file and every file it includes. On a change: load, validate, then swap atomically.
 * An invalid change leaves the old configuration in force; its problems, with line and column, go to the log
 * and to GET /__sim/config. Returns the function that stops watching.
 *
 * The directories are watched, not the files: an editor or `sed -i` saves by writing a new file and renaming it
 * over the old one, and a watch on the old file sees that rename and nothing after it. A directory's watch lasts,
 * so a save after an invalid one, and a file deleted and written again, are seen too.
 */
export function watchScenarios(
  state: StateHolder,
  root: string,
  files: readonly string[],
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
): () => void {
  const watchers = new Map<string, FSWatcher>();
  /** The names watched in each directory: the root and the files it included at the last successful load. */
  let watched = new Map<string, Set<string>>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  /** The reload under way: the next waits for it, so that an older read of the file never wins over a newer one. */
  let reloading = Promise.resolve();

  const rewatch = (paths: readonly string[]) => {
    watched = namesByDirectory([root, ...paths]);
    for (const [dir, watcher] of watchers) {
      if (watched.has(dir)) continue;
      watcher.close();
      watchers.delete(dir);
    }
    for (const dir of watched.keys()) {
      if (watchers.has(dir)) continue;
      try {
        const watcher = watch(dir, { persistent: false }, (_event, name) => onEvent(dir, name));
        // a directory that goes away: its watch ends, and the next successful load watches again
        watcher.on('error', () => watchers.delete(dir));
        watchers.set(dir, watcher);
      } catch {
        // a directory that does not exist (any more): the next successful load watches again
      }
    }
  };

  const onEvent = (dir: string, name: string | Buffer | null) => {
    // some platforms do not say which file changed: reload then, as a spurious reload costs one load; a
    // Kubernetes ConfigMap volume swaps every file at once by renaming its `..data` link
    if (name === null || watched.get(dir)?.has(String(name)) || String(name) === '..data') schedule();
  };

  const reload = async () => {
    try {
      const loaded = await loadScenarios(root, { env });
      await reconfigure(state, loaded.scenarios, { file: root, files: loaded.files, embeddedDefault: false }, state.overrides);
      state.lastReload = { at: new Date(state.clock.epochMs()).toISOString(), ok: true, source: root };
      logger.info({ files: loaded.files.length }, `scenarios reloaded from ${root}`);
      if (!stopped) rewatch(loaded.files);
    } catch (error) {
      const errors = error instanceof ConfigError ? error.issues.map(formatIssue) : [(error as Error).message];
      state.lastReload = { at: new Date(state.clock.epochMs()).toISOString(), ok: false, source: root, errors };
      logger.error(
        { errors },
        `scenarios not reloaded: the file is invalid, the previous configuration stays in force\n${errors.join('\n')}`,
      );
    }
  };

  function schedule(): void {
    if (stopped) return;
    clearTimeout(timer);
    // real time: file events settle on the file system's time, whatever clock the simulation runs on
    timer = setTimeout(() => {
      reloading = reloading.then(reload);
    }, SETTLE_MS);
  }

  rewatch(files);
  return () => {
    stopped = true;
    clearTimeout(timer);
    for (const watcher of watchers.values()) watcher.close();
    watchers.clear();
  };
}

/** Absolute file paths grouped by their directory, as the names a directory watch reports. */
function namesByDirectory(paths: readonly string[]): Map<string, Set<string>> {
  const byDirectory = new Map<string, Set<string>>();
  for (const path of paths.map((each) => resolve(each))) {
    const dir = dirname(path);
    if (!byDirectory.has(dir)) byDirectory.set(dir, new Set());
    byDirectory.get(dir)!.add(basename(path));
  }
  return byDirectory;
}
