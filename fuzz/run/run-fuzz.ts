// A whole fuzz run: the shared setup, then each configuration in turn.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { prepareBombs } from '../cases/bombs.ts';
import type { FuzzEnvironment } from '../cases/case.ts';
import { caseById } from '../cases/catalog.ts';
import { pinSelf } from '../harness/pinning.ts';
import { UpstreamTrap } from '../harness/upstream-trap.ts';
import { FailureLog } from '../report/failures.ts';
import { newRunKeys, secretsOf, simEnvironment } from './configurations.ts';
import type { FuzzOptions } from './options.ts';
import { runPhase, type PhaseStats } from './phase.ts';

export const FUZZ_SCENARIOS = fileURLToPath(new URL('../scenarios/fuzz.yaml', import.meta.url));

export interface FuzzReport {
  seed: number;
  failures: FailureLog;
  phases: PhaseStats[];
  /** Whether the fuzzer runs on its own core, away from the simulator's. */
  pinned: boolean;
  /** The run's keys and planted secret, with the placeholders a report shows instead. */
  hide: Record<string, string>;
}

/** Runs every configuration the options name, for its share of the time and requests. */
export async function runFuzz(options: FuzzOptions, progress: (line: string) => void = () => {}): Promise<FuzzReport> {
  const pinned = options.pin && pinSelf('1');
  const workDir = mkdtempSync(join(tmpdir(), 'aoai-sim-fuzz-'));
  const keys = newRunKeys();
  const secrets = secretsOf(keys);
  const trap = await UpstreamTrap.start(secrets);
  const plantedFile = join(workDir, 'planted', 'cassette.yaml');
  mkdirSync(join(workDir, 'planted'));
  writeFileSync(plantedFile, `interactions:\n  - request: { method: POST }\n    response: { status: 200, body: "${keys.envSecret}" }\n`);
  const baselineScenarios = parse(readFileSync(FUZZ_SCENARIOS, 'utf8')) as Record<string, unknown>;
  const env: FuzzEnvironment = {
    apiKey: keys.apiKey,
    adminKey: keys.adminKey,
    envSecret: keys.envSecret,
    trapUrl: trap.url,
    outsideDir: join(workDir, 'outside'),
    plantedFile,
    baselineScenarios,
    maxBodyBytes: Number((baselineScenarios.server as { maxBodyBytes?: number } | undefined)?.maxBodyBytes ?? 26_214_400),
  };
  const failures = new FailureLog();
  const phases: PhaseStats[] = [];
  try {
    await prepareBombs();
    const setup = {
      options,
      env,
      secrets,
      simEnv: (configuration: Parameters<typeof simEnvironment>[0]) => simEnvironment(configuration, keys),
      scenariosFile: FUZZ_SCENARIOS,
      workDir,
      trap,
      memoryCase: (configuration: { name: string }) => configuration.name === options.configurations[0]?.name,
      report: (failure: Parameters<FailureLog['add']>[0]) => failures.add(failure),
    };
    const share = options.configurations.length;
    for (const configuration of options.configurations) {
      const only = options.cases.filter((id) => id.startsWith(`${configuration.name}:`)).map((id) => caseById(options.seed, id, env));
      if (options.cases.length > 0 && only.length === 0) continue;
      if (only.some((found) => found === undefined)) throw new Error(`no such case among ${options.cases.join(', ')}`);
      progress(`${configuration.name}: fuzzing for ${Math.round(options.durationMs / share / 1000)} s`);
      const stats = await runPhase(
        configuration,
        setup,
        { durationMs: options.durationMs / share, requests: Math.ceil(options.requests / share) },
        only.length > 0 ? (only as NonNullable<(typeof only)[number]>[]) : undefined,
      );
      phases.push(stats);
      progress(
        `${configuration.name}: ${stats.requests} requests (${Object.entries(stats.byStatus)
          .map(([key, count]) => `${key} ${count}`)
          .join(', ')}), ${failures.size} failure signatures so far`,
      );
    }
  } finally {
    await trap.close();
    rmSync(workDir, { recursive: true, force: true });
  }
  const hide = { [keys.apiKey]: '<api-key>', [keys.adminKey]: '<admin-key>', [keys.envSecret]: '<planted AZURE_OPENAI_KEY>' };
  return { seed: options.seed, failures, phases, pinned, hide };
}
