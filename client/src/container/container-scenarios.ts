import { access, readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { ConfigError } from '../config-error.ts';
import { asClientError, serverIfInstalled } from '../optional-server.ts';
import { SCENARIOS_MOUNT } from './constants.ts';

/** Scenarios as the container gets them: files to copy, the entry file, and the local folder they came from. */
export interface ContainerScenarios {
  files: Array<{ content: string; target: string }>;
  entry: string;
  /** Absent for a scenarios object. */
  localRoot?: string;
}

/** The names a scenarios folder's entry file may have, in the order the server's image looks for them. */
const ENTRY_NAMES = ['scenarios.yaml', 'scenarios.yml'];

/**
 * A scenarios file or directory (holding `scenarios.yaml` or `scenarios.yml`), checked locally first when the server package is installed (the same loader as
 * the server: a mistake fails before any container starts), then copied with everything in its directory, so
 * includes and cassettes resolve.
 */
export async function scenariosFromPath(path: string): Promise<ContainerScenarios> {
  const isDirectory = (await stat(path)).isDirectory();
  const root = isDirectory ? path : dirname(path);
  const entryFile = isDirectory ? await entryIn(path) : path;
  const server = serverIfInstalled();
  if (server) await server.loadScenarios(entryFile).catch((error: unknown) => Promise.reject(asClientError(server, error)));
  const files: Array<{ content: string; target: string }> = [];
  for (const file of await listFiles(root)) {
    files.push({ content: await readFile(file, 'utf8'), target: `${SCENARIOS_MOUNT}/${relative(root, file).split('\\').join('/')}` });
  }
  return { files, entry: `${SCENARIOS_MOUNT}/${basename(entryFile)}`, localRoot: root };
}

async function entryIn(dir: string): Promise<string> {
  for (const name of ENTRY_NAMES) {
    const file = join(dir, name);
    if (
      await access(file).then(
        () => true,
        () => false,
      )
    )
      return file;
  }
  throw new ConfigError([{ file: dir, message: `holds no ${ENTRY_NAMES.join(' or ')}: name the scenarios file, or add one` }]);
}

async function listFiles(dir: string, depth = 0): Promise<string[]> {
  if (depth > 8) return [];
  const entries = await readdir(dir, { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.git')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path, depth + 1)));
    else if (/\.(ya?ml|json)$/.test(entry.name)) files.push(path);
  }
  return files;
}
