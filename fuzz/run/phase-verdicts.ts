// What a phase found once it is over: stalls, a crash, memory, secrets in the log, traffic to the trap.
import { existsSync, rmSync } from 'node:fs';
import type { ProbeStall } from '../harness/probe.ts';
import type { SimChild, SimExit } from '../harness/sim-child.ts';
import type { Failure } from '../report/failures.ts';
import type { Configuration } from './configurations.ts';
import type { InFlight } from './in-flight.ts';
import type { HarnessPause } from './memory-watch.ts';
import type { RunSetup } from './phase.ts';
import { readServerLog } from './server-log.ts';
import type { Culprit } from './stall-blame.ts';

export interface PhaseOutcome {
  configuration: Configuration;
  setup: RunSetup;
  sim: SimChild;
  /** Set when the simulator ended on its own. */
  crashed: SimExit | undefined;
  /** The failures the cases reported, in order. */
  failures: Failure[];
  stalls: ProbeStall[];
  /** The case each traced stall comes from (see stall-blame.ts). */
  culprits: Map<ProbeStall, Culprit>;
  pauses: HarnessPause[];
  warmedUpMs: number;
  inFlight: InFlight;
  baselineKiB: number | undefined;
  finalKiB: number | undefined;
  peakKiB: number;
  logFile: string;
}

/** Reports the phase's failures, with causes from the log and blame for stalls; returns how many stalls it reported. */
export async function judgePhase(outcome: PhaseOutcome): Promise<number> {
  const { configuration, setup, crashed, inFlight } = outcome;
  const { options } = setup;
  const name = configuration.name;
  const stalls = outcome.stalls.filter(
    (stall) =>
      stall.startMs >= outcome.warmedUpMs && !outcome.pauses.some((pause) => stall.startMs < pause.toMs && stall.endMs > pause.fromMs),
  );
  const overlapsStall = (from: number, to: number) => stalls.some((stall) => stall.startMs < to && stall.endMs > from);
  const log = await readServerLog(outcome.logFile, setup.secrets);

  for (const failure of outcome.failures) {
    // a request a stall or a crash left unanswered is that stall's or crash's finding, not one of its own
    const window = failure.window;
    if ((failure.kind === 'unanswered' || failure.kind === 'dropped') && (crashed || (window && overlapsStall(window.fromMs, window.toMs))))
      continue;
    const cause = failure.answer?.requestId ? log.causes.get(failure.answer.requestId) : undefined;
    if (cause && failure.kind === 'server-error') setup.report({ ...failure, detail: `${failure.detail}: ${cause}`, serverLog: cause });
    else setup.report(failure);
  }
  for (const stall of stalls) {
    const blockedFromMs = stall.endMs - stall.effectiveMs;
    const culprit = outcome.culprits.get(stall);
    const blamed = [
      ...(culprit ? [`${culprit.caseId} ${culprit.summary} (${culprit.evidence})`] : []),
      ...outcome.inFlight.during(blockedFromMs, stall.endMs).filter((line) => !culprit || !line.startsWith(`${culprit.caseId} `)),
    ];
    setup.report({
      kind: 'stall',
      detail:
        `the event loop was held ${Math.round(stall.effectiveMs)} ms${stall.ongoing ? ' and still was when the run ended' : ''} ` +
        `(a probe answer took ${Math.round(stall.latencyMs)} ms, of which the machine kept the simulator waiting ${Math.round(stall.simWaitMs)} ms ` +
        `and the probe ${Math.round(stall.probeWaitMs)} ms; the simulator was on a CPU ${Math.round(stall.simOnCpuMs)} ms)`,
      configuration: name,
      family: culprit?.family ?? `not traced; likeliest: ${inFlight.suspectFamily(blockedFromMs, stall.endMs) ?? 'nothing in flight'}`,
      ...(culprit ? { caseId: culprit.caseId } : {}),
      ...(culprit?.request ? { request: culprit.request } : {}),
      inFlight: blamed.slice(0, 6),
    });
  }
  if (crashed) {
    setup.report({
      kind: 'crash',
      detail: `the simulator exited with ${crashed.signal ?? `code ${crashed.code}`}: ${outcome.sim.stderrTail().slice(-1_500)}`,
      configuration: name,
      inFlight: inFlight.during(crashed.atMs - 2_000, crashed.atMs),
    });
  }
  const mib = (kib: number) => Math.round(kib / 1024);
  if (
    outcome.baselineKiB !== undefined &&
    outcome.finalKiB !== undefined &&
    outcome.finalKiB - outcome.baselineKiB > options.rssGrowthMiB * 1024
  ) {
    setup.report({
      kind: 'rss-growth',
      detail: `RSS after a full collection grew from ${mib(outcome.baselineKiB)} MiB (after warm-up) to ${mib(outcome.finalKiB)} MiB, more than the ${options.rssGrowthMiB} MiB allowed`,
      configuration: name,
    });
  }
  if (outcome.peakKiB > options.rssCeilingMiB * 1024) {
    setup.report({
      kind: 'rss-ceiling',
      detail: `RSS reached ${mib(outcome.peakKiB)} MiB, over the ${options.rssCeilingMiB} MiB ceiling`,
      configuration: name,
    });
  }
  for (const secret of log.secrets)
    setup.report({
      kind: 'secret-in-log',
      detail: `${secret} in the simulator's log: ${log.secretLines.join(' | ').slice(0, 600)}`,
      configuration: name,
    });
  for (const trapped of setup.trap.take()) {
    setup.report({
      kind: 'upstream-redirect',
      detail: `a request reached the trap upstream the control API named: ${trapped.method} ${trapped.url}${trapped.carried.length > 0 ? `, carrying ${trapped.carried.join(' and ')}` : ''}`,
      configuration: name,
    });
  }
  if (existsSync(setup.env.outsideDir)) {
    setup.report({
      kind: 'write-outside',
      detail: `the simulator wrote to ${setup.env.outsideDir}, a directory only the control API named`,
      configuration: name,
    });
    rmSync(setup.env.outsideDir, { recursive: true, force: true });
  }
  return stalls.length;
}
