import { realpath } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { isDynamicPattern } from 'tinyglobby';
import { cassetteFiles } from '../cassettes/index.ts';
import type { SimConfig } from '../config/resolve-config.ts';
import type { Scenarios } from '../generated/scenarios.ts';
import { badControlRequest } from './control-errors.ts';

/**
 * What a document sent to the control API may not change, because it decides where the real key goes and which
 * files are read and written: the mode, the upstream, its key and the record directory. They stay as the
 * simulator started (or as its own scenarios file last set them); `replay.cassettes` may change, within the
 * directories configured at startup.
 */
export interface StartupSettings {
  /** What relative paths in a control-API document are relative to: the scenarios file's directory. */
  base: string;
  /** The directories cassettes may be read from: the scenarios file's, the startup cassettes', the record directory. */
  roots: readonly string[];
}

/** The startup settings of a configuration, taken when the server starts. */
export function startupSettings(config: SimConfig): StartupSettings {
  const fromDisk = !config.source.embeddedDefault && isAbsolute(config.source.file);
  const base = fromDisk ? dirname(config.source.file) : process.cwd();
  const roots = new Set<string>();
  if (fromDisk) roots.add(base);
  for (const pattern of config.scenarios.replay?.cassettes ?? []) roots.add(staticBase(resolve(base, pattern)));
  const dir = config.scenarios.record?.dir;
  if (dir !== undefined) roots.add(resolve(base, dir));
  return { base, roots: [...roots] };
}

/**
 * Refuses a control-API document (a whole one, or a merge patch) that sets a startup setting to another value
 * than the one in force. The upstream key is refused whatever its value, so that no answer tells whether a guess
 * was right.
 */
export function refuseStartupChanges(sent: unknown, inForce: SimConfig, settings: StartupSettings): void {
  const document = asObject(sent);
  const server = asObject(document.server);
  const record = asObject(document.record);
  const running = inForce.scenarios.record ?? {};
  const changed: string[] = [];
  if (server.mode !== undefined && server.mode !== null && server.mode !== inForce.server.mode)
    changed.push(`server.mode (${inForce.server.mode})`);
  if (server.state !== undefined && JSON.stringify(server.state) !== JSON.stringify(inForce.scenarios.server?.state))
    changed.push('server.state');
  if (record.apiKey !== undefined && record.apiKey !== null) changed.push('record.apiKey');
  if (record.upstream !== undefined && record.upstream !== null && record.upstream !== running.upstream) changed.push('record.upstream');
  const dir = typeof record.dir === 'string' ? resolve(settings.base, record.dir) : undefined;
  if (dir !== undefined && dir !== resolve(settings.base, running.dir ?? 'cassettes')) changed.push('record.dir');
  if (changed.length > 0) {
    throw badControlRequest(
      `${changed.join(', ')} ${changed.length === 1 ? 'is' : 'are'} fixed when the simulator starts and cannot be changed through the control API: change the scenarios file or the environment and restart it.`,
    );
  }
}

/** `scenarios` with the startup settings in force carried over, whatever the document said of them. */
export function withStartupSettings(scenarios: Scenarios, inForce: SimConfig): Scenarios {
  const running = inForce.scenarios.record;
  const { upstream: _upstream, apiKey: _apiKey, dir: _dir, ...rest } = scenarios.record ?? {};
  const record = { ...rest, ...pick(running, ['upstream', 'apiKey', 'dir']) };
  const carried: Scenarios = { ...scenarios, server: { ...scenarios.server, mode: inForce.server.mode } };
  if (inForce.scenarios.server?.state) carried.server!.state = inForce.scenarios.server.state;
  if (Object.keys(record).length > 0) carried.record = record;
  else delete carried.record;
  return carried;
}

/**
 * `replay.cassettes` of a control-API document, made absolute, when every one lies within the startup's
 * directories. Anything else is refused with one message, before the file system is touched, so the answer
 * never tells whether a path exists; a file reached through a link out of them is refused the same way.
 */
export async function confinedCassettes(patterns: readonly string[], settings: StartupSettings): Promise<string[]> {
  const refusal = badControlRequest(
    `replay.cassettes sent to the control API must name files within the directories the simulator started with (${
      settings.roots.length > 0
        ? 'the scenarios file’s directory, the startup cassettes and record.dir'
        : 'none: it started without a scenarios file'
    }), without "..", braces or parentheses.`,
  );
  const resolved = patterns.map((pattern) => {
    if (/[{}()]/.test(pattern) || pattern.split(/[\\/]/).includes('..')) throw refusal;
    const path = resolve(settings.base, pattern);
    if (!settings.roots.some((root) => within(root, staticBase(path)))) throw refusal;
    return path;
  });
  const roots = await Promise.all(settings.roots.map((root) => realpath(root).catch(() => root)));
  const { files } = await cassetteFiles(resolved, settings.base);
  for (const file of files) {
    const real = await realpath(file).catch(() => file);
    if (!roots.some((root) => within(root, real))) throw refusal;
  }
  return resolved;
}

/** The directory part of a path or glob that no wildcard can leave. */
function staticBase(path: string): string {
  if (!isDynamicPattern(path)) return path;
  const segments = path.split(sep);
  const firstDynamic = segments.findIndex((segment) => isDynamicPattern(segment));
  return segments.slice(0, firstDynamic).join(sep) || sep;
}

function within(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function pick<T extends object, K extends keyof T>(value: T | undefined, keys: readonly K[]): Partial<Pick<T, K>> {
  const picked: Partial<Pick<T, K>> = {};
  for (const key of keys) if (value?.[key] !== undefined) picked[key] = value[key];
  return picked;
}
