// One configuration's share of a run: start the simulator, warm it up, fuzz it, measure it, stop it.
import { Agent } from 'node:http';
import { join } from 'node:path';
import type { FuzzCase, FuzzEnvironment, PhaseState } from '../cases/case.ts';
import { caseAt, caseById, craftedCases } from '../cases/catalog.ts';
import { warmUpCase } from '../cases/warm-up.ts';
import { LoopProbe } from '../harness/probe.ts';
import { nowMs } from '../harness/proc-stats.ts';
import { SimChild } from '../harness/sim-child.ts';
import type { UpstreamTrap } from '../harness/upstream-trap.ts';
import type { Secrets } from '../oracle/secrets.ts';
import type { Failure } from '../report/failures.ts';
import type { Answer } from '../send/answer.ts';
import { caseContext, type PhaseServices } from './case-context.ts';
import type { Configuration } from './configurations.ts';
import { InFlight } from './in-flight.ts';
import { MemoryWatch } from './memory-watch.ts';
import type { FuzzOptions } from './options.ts';
import { judgePhase } from './phase-verdicts.ts';
import { blameStalls } from './stall-blame.ts';

/** What every phase of a run shares. */
export interface RunSetup {
  options: FuzzOptions;
  env: FuzzEnvironment;
  secrets: Secrets;
  simEnv: (configuration: Configuration) => Record<string, string>;
  scenariosFile: string;
  workDir: string;
  trap: UpstreamTrap;
  /** Whether this configuration runs the crafted memory case (see craftedCases). */
  memoryCase: (configuration: Configuration) => boolean;
  report: (failure: Failure) => void;
}

export interface PhaseStats {
  configuration: string;
  requests: number;
  byStatus: Record<string, number>;
  cases: number;
  stalls: number;
  maxEffectiveStallMs: number;
  probeSamples: number;
  baselineRssMiB?: number;
  finalRssMiB?: number;
  peakRssMiB: number;
  durationMs: number;
}

/** After the phase's time is up, how long its requests may still take before the simulator is stopped under them. */
const DRAIN_MS = 20_000;

/** Runs `configuration` for `durationMs` or `requests` requests; replays only `only` when given. */
export async function runPhase(
  configuration: Configuration,
  setup: RunSetup,
  budget: { durationMs: number; requests: number },
  only?: FuzzCase[],
): Promise<PhaseStats> {
  const { options } = setup;
  const started = nowMs();
  const stats: PhaseStats = {
    configuration: configuration.name,
    requests: 0,
    byStatus: {},
    cases: 0,
    stalls: 0,
    maxEffectiveStallMs: 0,
    probeSamples: 0,
    peakRssMiB: 0,
    durationMs: 0,
  };
  const logFile = join(setup.workDir, `simulator-${configuration.name}.log`);
  let sim: SimChild;
  try {
    sim = await SimChild.start({
      scenarios: setup.scenariosFile,
      env: setup.simEnv(configuration),
      logFile,
      inspect: true,
      ...(options.pin ? { core: '0' } : {}),
    });
  } catch (error) {
    setup.report({ kind: 'startup', detail: (error as Error).message, configuration: configuration.name });
    return stats;
  }
  const probe = new LoopProbe(sim.port, sim.pid, options.probeIntervalMs, options.stallMs);
  const memory = new MemoryWatch(sim);
  const inFlight = new InFlight();
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency + 4 });
  const state: PhaseState = { responseIds: [] };
  const failures: Failure[] = [];
  const hardDeadline = started + budget.durationMs + DRAIN_MS;
  const services: PhaseServices = {
    port: sim.port,
    agent,
    env: setup.env,
    configuration,
    state,
    secrets: setup.secrets,
    judged: { apiKeyConfigured: configuration.apiKey, adminKeyConfigured: configuration.adminKey, maxBodyBytes: setup.env.maxBodyBytes },
    inFlight,
    retainedKiB: () => memory.retainedKiB(),
    retainedHeapKiB: () => memory.retainedHeapKiB(),
    report: (failure) => failures.length < 20_000 && failures.push(failure),
    admit: () => stats.requests < budget.requests + 200 && nowMs() < hardDeadline && !sim.exit,
    count: (answer: Answer) => {
      stats.requests++;
      const key = answer.status === 0 ? answer.outcome : `${Math.floor(answer.status / 100)}xx`;
      stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1;
    },
  };
  const running = new Set<Promise<void>>();
  const run = (fuzzCase: FuzzCase): Promise<void> => {
    stats.cases++;
    return fuzzCase.run(caseContext(fuzzCase, services)).catch((error: unknown) => {
      services.report({
        kind: 'harness-error',
        detail: (error as Error).stack ?? String(error),
        configuration: configuration.name,
        caseId: fuzzCase.id,
        family: fuzzCase.family,
      });
    });
  };
  const schedule = async (fuzzCase: FuzzCase) => {
    if (fuzzCase.exclusive) {
      await Promise.all(running);
      await run(fuzzCase);
      return;
    }
    while (running.size >= options.concurrency) await Promise.race(running);
    const promise = run(fuzzCase).finally(() => running.delete(promise));
    running.add(promise);
  };
  const drain = () =>
    Promise.race([Promise.all(running), new Promise((resolve) => setTimeout(resolve, Math.max(0, hardDeadline - nowMs())))]);

  await run(warmUpCase(configuration.name));
  const warmedUpMs = nowMs();
  let baselineKiB: number | undefined;
  if (only) {
    baselineKiB = await memory.retainedKiB();
    for (const fuzzCase of only) await schedule(fuzzCase);
  } else {
    const deadline = started + budget.durationMs;
    const warmupEnd = warmedUpMs + Math.max(0, deadline - warmedUpMs) * options.warmupShare;
    const crafted = craftedCases(options.seed, configuration.name, setup.memoryCase(configuration));
    let index = 0;
    const more = () => nowMs() < deadline && stats.requests < budget.requests && !sim.exit;
    while (more() && nowMs() < warmupEnd) await schedule(caseAt(options.seed, configuration.name, index++, setup.env));
    await drain();
    baselineKiB = await memory.retainedKiB();
    while ((more() || crafted.length > 0) && !sim.exit && nowMs() < hardDeadline) {
      // the crafted cases come early, one in every five, so that even a short run meets each of them
      if (crafted.length > 0 && (index % 5 === 0 || !more())) await schedule(crafted.shift()!);
      else await schedule(caseAt(options.seed, configuration.name, index, setup.env));
      index++;
    }
  }
  await drain();
  const finalKiB = sim.exit ? undefined : await memory.retainedKiB();
  memory.stop();
  // what follows is the harness's own doing: stalls from here on only trace the ones before
  const blameFromMs = nowMs();
  const eligible = probe.stalls.filter(
    (stall) => stall.startMs >= warmedUpMs && !memory.pauses.some((pause) => stall.startMs < pause.toMs && stall.endMs > pause.fromMs),
  );
  const quiet: PhaseServices = { ...services, report: () => {}, count: () => {}, admit: () => !sim.exit };
  // requests still unanswered after the drain mean a simulator stuck for good: nothing sent again would answer
  const culprits =
    sim.exit || inFlight.count > 0
      ? new Map()
      : await blameStalls({
          stalls: eligible,
          inFlight,
          probeStalls: probe.stalls,
          rerun: async (caseId) => {
            const again = caseById(options.seed, caseId, setup.env);
            if (again) await again.run(caseContext(again, quiet)).catch(() => {});
          },
          skip: (family) => family === 'crafted memory' || family === 'warm-up',
          deadlineMs: nowMs() + 20_000,
        });
  const summary = await probe.stop();
  agent.destroy();
  const crashed = sim.exit && !sim.stopping ? sim.exit : undefined;
  if (!crashed) await sim.stop();
  Object.assign(stats, {
    probeSamples: summary.samples,
    maxEffectiveStallMs: Math.round(summary.maxEffectiveMs),
    peakRssMiB: Math.round(memory.peakKiB / 1024),
    ...(baselineKiB ? { baselineRssMiB: Math.round(baselineKiB / 1024) } : {}),
    ...(finalKiB ? { finalRssMiB: Math.round(finalKiB / 1024) } : {}),
    durationMs: Math.round(nowMs() - started),
  });
  stats.stalls = await judgePhase({
    configuration,
    setup,
    sim,
    crashed,
    failures,
    stalls: summary.stalls.filter((stall) => stall.startMs < blameFromMs),
    culprits,
    pauses: memory.pauses,
    warmedUpMs,
    inFlight,
    baselineKiB,
    finalKiB,
    peakKiB: memory.peakKiB,
    logFile,
  });
  return stats;
}
