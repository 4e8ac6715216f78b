import { mkdir, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import { displayPath } from '../paths.ts';
import { ConfigError, type ConfigIssue } from './config-error.ts';
import type { SimConfig } from './resolve-config.ts';

/** Whether this configuration writes cassettes: record mode, record-missing, or a replay that records its misses. */
export function writesCassettes(config: SimConfig): boolean {
  const { mode } = config.server;
  return mode === 'record' || mode === 'record-missing' || (mode === 'replay' && config.scenarios.replay?.onMiss === 'record');
}

/**
 * Readies the cassette directories before the cassettes load: the directory recordings are written to is made
 * (with its parents), so a first recording session starts from nothing; a replay path that is only read and
 * does not exist stops startup (or a reload) with what to do, rather than a bare "no such file or directory".
 * Globs are left to the loader, which reports one that matches nothing.
 */
export async function prepareCassetteDirs(config: SimConfig, cwd = process.cwd()): Promise<void> {
  if (writesCassettes(config)) {
    const dir = resolve(cwd, config.scenarios.record?.dir ?? 'cassettes');
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      throw new ConfigError([{ file: displayPath(cwd, dir), message: `record.dir cannot be created: ${(error as Error).message}` }]);
    }
  }
  const issues: ConfigIssue[] = [];
  for (const pattern of config.scenarios.replay?.cassettes ?? []) {
    if (isDynamicPattern(pattern)) continue;
    const path = resolve(cwd, pattern);
    if (await stat(path).catch(() => undefined)) continue;
    issues.push({
      file: displayPath(cwd, path),
      message:
        'replay.cassettes names this, and it does not exist. Record the cassettes first (server.mode: record-missing, with ' +
        'record.dir pointing here and AZURE_OPENAI_ENDPOINT and AZURE_OPENAI_KEY set), or correct the path: in a ' +
        'scenarios file it is relative to the file.',
    });
  }
  if (issues.length > 0) throw new ConfigError(issues);
}
