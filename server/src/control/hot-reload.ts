import { watch, type FSWatcher } from 'node:fs';
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
 */
export function watchScenarios(
  state: StateHolder,
  root: string,
  files: readonly string[],
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
): () => void {
  let watchers: FSWatcher[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const rewatch = (paths: readonly string[]) => {
    for (const watcher of watchers) watcher.close();
    watchers = paths.flatMap((path) => {
      try {
        return [watch(path, { persistent: false }, schedule)];
      } catch {
        return []; // a file that vanished: the next successful load watches again
      }
    });
  };

  const reload = async () => {
    try {
      const loaded = await loadScenarios(root, { env });
      await reconfigure(state, loaded.scenarios, { file: root, files: loaded.files, embeddedDefault: false }, state.overrides);
      state.lastReload = { at: new Date().toISOString(), ok: true, source: root };
      logger.info({ files: loaded.files.length }, `scenarios reloaded from ${root}`);
      if (!stopped) rewatch(loaded.files);
    } catch (error) {
      const errors = error instanceof ConfigError ? error.issues.map(formatIssue) : [(error as Error).message];
      state.lastReload = { at: new Date().toISOString(), ok: false, source: root, errors };
      logger.error(
        { errors },
        `scenarios not reloaded: the file is invalid, the previous configuration stays in force\n${errors.join('\n')}`,
      );
    }
  };

  function schedule(): void {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void reload(), SETTLE_MS);
  }

  rewatch(files);
  return () => {
    stopped = true;
    clearTimeout(timer);
    for (const watcher of watchers) watcher.close();
  };
}
