import { realClock, type Clock } from '../clock/index.ts';
import type { Fault, FaultAction, Incident, Match } from '../generated/scenarios.ts';
import { createRandom, type Random } from '../generate/random.ts';
import { durationMs } from '../config/semantic-checks.ts';
import { requestMatches, type RequestView } from '../scenarios/match/index.ts';

/** A fault chosen for a request, and where it came from (for logs, the journal and metrics). */
export interface ChosenFault {
  action: FaultAction;
  source: string;
}

/**
 * The most one-shot faults armed at once. Every request is checked against each until one matches, so the
 * control API cannot arm enough to slow every request down or fill the memory.
 */
export const MAX_ONE_SHOT_FAULTS = 1000;

interface ArmedFault {
  fault: Fault;
  random: Random;
}

/**
 * Decides which fault, if any, a request gets: an active incident phase first, then the configured faults,
 * each firing with its probability from its own seeded random stream (so a run is repeatable). Pure apart
 * from the clock and those streams; no HTTP types.
 */
export class FaultInjector {
  private readonly faults: ArmedFault[];
  private readonly incidents: readonly Incident[];
  /** Each incident's phases with their bounds in ms, converted once rather than on every request. */
  private readonly phaseWindows: ReadonlyMap<string, ReadonlyArray<Incident['phases'][number] & { fromMs: number; toMs: number }>>;
  /** When each incident's clock started (ms since epoch); startup incidents start with the injector. */
  private readonly started = new Map<string, number>();
  private readonly clock: Clock;
  private readonly oneShots: Array<{ action: FaultAction; match?: Match; remaining: number }> = [];

  constructor(faults: readonly Fault[], incidents: readonly Incident[], clock: Clock = realClock) {
    this.faults = faults.map((fault) => ({ fault, random: createRandom(fault.seed ?? `fault:${fault.name}`) }));
    this.incidents = incidents;
    this.phaseWindows = new Map(
      incidents.map((incident) => [
        incident.name,
        incident.phases.map((phase) => ({ ...phase, fromMs: durationMs(phase.from), toMs: durationMs(phase.to) })),
      ]),
    );
    this.clock = clock;
    const start = clock.epochMs();
    for (const incident of incidents) if ((incident.start ?? 'startup') === 'startup') this.started.set(incident.name, start);
  }

  pick(view: RequestView): ChosenFault | undefined {
    const now = this.clock.epochMs();
    for (const [i, armed] of this.oneShots.entries()) {
      if (!requestMatches(armed.match, view).matched) continue;
      if (--armed.remaining <= 0) this.oneShots.splice(i, 1);
      return { action: armed.action, source: 'control:injected' };
    }
    for (const incident of this.incidents) {
      const started = this.started.get(incident.name);
      if (started === undefined) continue;
      const elapsed = now - started;
      for (const phase of this.phaseWindows.get(incident.name) ?? []) {
        if (elapsed < phase.fromMs || elapsed >= phase.toMs) continue;
        if (requestMatches(phase.match, view).matched) return { action: phase.fault, source: `incident:${incident.name}` };
      }
    }
    for (const { fault, random } of this.faults) {
      if (!requestMatches(fault.match, view).matched) continue;
      if (random.next() < (fault.probability ?? 1)) return { action: fault.fault, source: `fault:${fault.name}` };
    }
    return undefined;
  }

  /** Arms a fault for the next `times` matching requests (the control API's one-shot faults). */
  inject(action: FaultAction, match: Match | undefined, times: number): void {
    this.oneShots.push({ action, ...(match ? { match } : {}), remaining: times });
  }

  /** The one-shot faults still armed, with how many requests each has left. */
  armed(): ReadonlyArray<{ action: FaultAction; match?: Match; remaining: number }> {
    return this.oneShots;
  }

  /** Starts (or restarts) an incident's clock now; false when no incident has that name. */
  trigger(name: string): boolean {
    if (!this.incidents.some((incident) => incident.name === name)) return false;
    this.started.set(name, this.clock.epochMs());
    return true;
  }

  /** Stops every incident clock, or one; startup incidents start again from now. */
  reset(name?: string): void {
    const now = this.clock.epochMs();
    if (name === undefined) this.oneShots.length = 0;
    for (const incident of this.incidents) {
      if (name !== undefined && incident.name !== name) continue;
      if ((incident.start ?? 'startup') === 'startup') this.started.set(incident.name, now);
      else this.started.delete(incident.name);
    }
  }
}
