import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { asClientError, serverIfInstalled } from '../optional-server.ts';
import { SCENARIOS_MOUNT } from './constants.ts';

/** Scenarios as the container gets them: files to copy, the entry file, and the local folder they came from. */
export interface ContainerScenarios {
  files: Array<{ content: string; target: string }>;
  entry: string;
  /** Absent for a scenarios object. */
  localRoot?: string;
}

/**
 * A scenarios file or directory, checked locally first when the server package is installed (the same loader as
 * the server: a mistake fails before any container starts), then copied with everything in its directory, so
 * includes and cassettes resolve.
 */
export async function scenariosFromPath(path: string): Promise<ContainerScenarios> {
  const isDirectory = (await stat(path)).isDirectory();
  const root = isDirectory ? path : dirname(path);
  const entryFile = isDirectory ? join(path, 'scenarios.yaml') : path;
  const server = serverIfInstalled();
  if (server) await server.loadScenarios(entryFile).catch((error: unknown) => Promise.reject(asClientError(server, error)));
  const files: Array<{ content: string; target: string }> = [];
  for (const file of await listFiles(root)) {
    files.push({ content: await readFile(file, 'utf8'), target: `${SCENARIOS_MOUNT}/${relative(root, file).split('\\').join('/')}` });
  }
  return { files, entry: `${SCENARIOS_MOUNT}/${isDirectory ? 'scenarios.yaml' : basename(path)}`, localRoot: root };
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
