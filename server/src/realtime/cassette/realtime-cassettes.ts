import { readFile, stat } from 'node:fs/promises';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { SimConfig } from '../../config/resolve-config.ts';
import type { Logger } from '../../logger.ts';
import type { CassetteRuntime } from '../../replay/cassette-runtime.ts';
import type { RealtimeFlavor } from '../realtime-address.ts';
import { replayScript, type ReplayScript } from './replay-cursor.ts';
import { parseRecording, REALTIME_RECORDING_SUFFIX } from './session-recording.ts';

/** What a realtime session is served by. */
export type SessionSource = 'live' | 'replay' | 'record' | 'refuse';

/** The default of record.realtimeMaxBytes: 64 MiB, some 8 minutes of pcm16 audio each way with its events. */
export const DEFAULT_REALTIME_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Where a realtime session comes from, as an HTTP request's answer does: record mode forwards every session;
 * otherwise a session with recordings of its deployment is replayed, and one without follows the miss policy
 * (error: refused as a 404 `NoRecordingMatch`; generate: the live simulator; record: forwarded and recorded).
 */
export function sessionSource(mode: CassetteRuntime['mode'], onMiss: CassetteRuntime['onMiss'], recordings: number): SessionSource {
  if (mode === 'record') return 'record';
  if (recordings > 0) return 'replay';
  return onMiss === 'error' ? 'refuse' : onMiss === 'record' ? 'record' : 'live';
}

/**
 * The realtime recordings of the cassette directories in force, read at the first session that needs them (a
 * simulator nobody opens a session on never reads them) and again after a reload, which brings a new
 * CassetteRuntime. A session recorded meanwhile joins them when it ends, as a recorded HTTP interaction does.
 */
export class RealtimeCassettes {
  static readonly #loaded = new WeakMap<CassetteRuntime, RealtimeCassettes>();
  readonly #scripts: Promise<Array<{ deployment: string; flavor: RealtimeFlavor; script: ReplayScript }>>;
  #adding: Promise<void> = Promise.resolve();

  private constructor(patterns: readonly string[], logger: Logger) {
    this.#scripts = loadScripts(patterns, logger);
  }

  static of(cassettes: CassetteRuntime, config: SimConfig, logger: Logger): RealtimeCassettes {
    let loaded = RealtimeCassettes.#loaded.get(cassettes);
    if (!loaded)
      RealtimeCassettes.#loaded.set(cassettes, (loaded = new RealtimeCassettes(config.scenarios.replay?.cassettes ?? [], logger)));
    return loaded;
  }

  /** The recordings a session of `deployment` on the `flavor` route may follow, in path order. */
  async scripts(deployment: string, flavor: RealtimeFlavor): Promise<ReplayScript[]> {
    const scripts = await this.#scripts;
    await this.#adding;
    return scripts.filter((each) => each.deployment === deployment && each.flavor === flavor).map((each) => each.script);
  }

  /** Adds a recording just made, for the sessions after it: a session that starts while it is read waits for it. */
  add(file: string, logger: Logger): void {
    this.#adding = this.#adding.then(async () => {
      try {
        const recording = parseRecording(await readFile(file, 'utf8'), file);
        (await this.#scripts).push({ deployment: recording.deployment, flavor: recording.flavor, script: replayScript(recording) });
      } catch (error) {
        logger.error({ err: error, file }, 'a realtime recording just made could not be read back: it is left out of replay');
      }
    });
  }
}

/** Every realtime recording under the directories (or globs) replay.cassettes names; a broken file is logged and skipped. */
async function loadScripts(patterns: readonly string[], logger: Logger) {
  const files = new Set<string>();
  for (const pattern of patterns) {
    if (isDynamicPattern(pattern)) {
      for (const file of await glob(pattern, { absolute: true, onlyFiles: true }))
        if (file.endsWith(REALTIME_RECORDING_SUFFIX)) files.add(file);
    } else if ((await stat(pattern).catch(() => undefined))?.isDirectory()) {
      for (const file of await glob(`**/*${REALTIME_RECORDING_SUFFIX}`, { cwd: pattern, absolute: true, onlyFiles: true })) files.add(file);
    }
  }
  const scripts: Array<{ deployment: string; flavor: RealtimeFlavor; script: ReplayScript }> = [];
  for (const file of [...files].sort()) {
    try {
      const recording = parseRecording(await readFile(file, 'utf8'), file);
      scripts.push({ deployment: recording.deployment, flavor: recording.flavor, script: replayScript(recording) });
    } catch (error) {
      logger.error({ err: error, file }, 'a realtime recording could not be read: it is left out of replay');
    }
  }
  return scripts;
}
