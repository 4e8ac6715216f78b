import { existsSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Files the server reads at run time. In the repository they sit at its top level; a published package or the
 * image carries copies beside `dist/`. This file is at the same depth in `src/` and `dist/`, and so is the bundle
 * (`dist/aoai-sim.cjs`, whose `import.meta.url` every bundled module shares): a path found from here is right in all
 * three, so the files the server reads at run time are found here only.
 */
function firstExisting(...candidates: string[]): string {
  const paths = candidates.map((candidate) => fileURLToPath(new URL(candidate, import.meta.url)));
  return paths.find((path) => existsSync(path)) ?? paths[paths.length - 1]!;
}

export const SCHEMA_PATH = firstExisting('../schema/scenarios.schema.json', '../../schema/scenarios.schema.json');
export const DEFAULT_SCENARIOS_PATH = firstExisting('../scenarios/default.yaml', '../../scenarios/default.yaml');
/** Where `npm run build:ui` writes the dashboard page: server/ui-dist. */
export const UI_BUILD_DIR = fileURLToPath(new URL('../ui-dist/', import.meta.url));
export const CASSETTE_SCHEMA_PATH = firstExisting('../schema/cassette.schema.json', '../../schema/cassette.schema.json');

/** `path` as messages show it: relative to `cwd` when it is below it, else as it is. */
export function displayPath(cwd: string, path: string): string {
  const fromCwd = relative(cwd, path);
  return fromCwd.startsWith('..') || isAbsolute(fromCwd) ? path : fromCwd;
}
