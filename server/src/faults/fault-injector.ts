import { randomUUID } from 'node:crypto';
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

/** A one-shot fault armed through the control API, with the requests it has left. */
export interface OneShot {
  /** The same on every replica it was armed on, which share its budget. */
  id: string;
  action: FaultAction;
  match?: Match;
  times: number;
  remaining: number;
}

/**
 * Where one-shot budgets are kept when several simulators share them (see sharedOneShotBudget): counts one firing
 * of `id` out of `times` and answers the count with it, or 0 when another simulator spent the last.
 */
export type OneShotBudget = (id: string, times: number) => Promise<number>;

/**
 * Decides which fault, if any, a request gets: an active incident phase first, then the configured faults,
 * each firing with its probability from its own seeded random stream (so a run is repeatable). Pure apart
 * from the clock and those streams; no HTTP types.
 */
export class FaultInjector {
  private readonly faults: ArmedFault[];
  /** The `quota` faults, which act at admission (see quotaFactor) rather than as the request's fault. */
  private readonly quotaFaults: ArmedFault[];
  /** Some fault or incident phase adjusts a quota: only then does admission ask quotaFactor. */
  readonly adjustsQuota: boolean;
  private readonly incidents: readonly Incident[];
  /** Each incident's phases with their bounds in ms, converted once rather than on every request. */
  private readonly phaseWindows: ReadonlyMap<string, ReadonlyArray<Incident['phases'][number] & { fromMs: number; toMs: number }>>;
  /** When each incident's clock started (ms since epoch); startup incidents start with the injector. */
  private readonly started = new Map<string, number>();
  private readonly clock: Clock;
  private readonly oneShots: OneShot[] = [];
  private readonly budget: OneShotBudget | undefined;

  constructor(faults: readonly Fault[], incidents: readonly Incident[], clock: Clock = realClock, budget?: OneShotBudget) {
    this.budget = budget;
    const armed = faults.map((fault) => ({ fault, random: createRandom(fault.seed ?? `fault:${fault.name}`) }));
    this.faults = armed.filter(({ fault }) => fault.fault.kind !== 'quota');
    this.quotaFaults = armed.filter(({ fault }) => fault.fault.kind === 'quota');
    this.adjustsQuota =
      this.quotaFaults.length > 0 || incidents.some((incident) => incident.phases.some((phase) => phase.fault.kind === 'quota'));
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

  /** The request's fault; a promise only when a shared one-shot budget must be claimed for it. */
  pick(view: RequestView): ChosenFault | undefined | Promise<ChosenFault | undefined> {
    for (const armed of this.oneShots) {
      if (!requestMatches(armed.match, view).matched) continue;
      if (this.budget) return this.claimShared(armed, view);
      if (--armed.remaining <= 0) this.disarm(armed);
      return { action: armed.action, source: 'control:injected' };
    }
    return this.pickConfigured(view);
  }

  /** A shared one-shot fires here only if the shared budget has a firing left; otherwise the next candidate is tried. */
  private async claimShared(armed: OneShot, view: RequestView): Promise<ChosenFault | undefined> {
    const count = await this.budget!(armed.id, armed.times);
    armed.remaining = Math.max(0, armed.times - Math.max(count, armed.times - armed.remaining));
    if (count === 0 || armed.remaining === 0) this.disarm(armed);
    if (count > 0) return { action: armed.action, source: 'control:injected' };
    return this.pick(view);
  }

  private disarm(armed: OneShot): void {
    const index = this.oneShots.indexOf(armed);
    if (index >= 0) this.oneShots.splice(index, 1);
  }

  private pickConfigured(view: RequestView): ChosenFault | undefined {
    const phase = this.phaseNow(view, acts);
    if (phase) return phase;
    for (const { fault, random } of this.faults) {
      if (!requestMatches(fault.match, view).matched) continue;
      if (random.next() < (fault.probability ?? 1)) return { action: fault.fault, source: `fault:${fault.name}` };
    }
    return undefined;
  }

  /**
   * What the request's deployment quota is multiplied by: the factor of the first `quota` incident phase in its
   * window, else of the first `quota` fault, that matches the request (and fires, by its probability); 1 when none.
   */
  quotaFactor(view: RequestView): number {
    const phase = this.phaseNow(view, adjustsQuota);
    if (phase) return phase.action.factor ?? 1;
    for (const { fault, random } of this.quotaFaults) {
      if (requestMatches(fault.match, view).matched && random.next() < (fault.probability ?? 1)) return fault.fault.factor ?? 1;
    }
    return 1;
  }

  /** The first phase of a started incident, in its window now, of a kind `wanted` takes, that matches the request. */
  private phaseNow(view: RequestView, wanted: (kind: FaultAction['kind']) => boolean): ChosenFault | undefined {
    const now = this.clock.epochMs();
    for (const incident of this.incidents) {
      const started = this.started.get(incident.name);
      if (started === undefined) continue;
      const elapsed = now - started;
      for (const phase of this.phaseWindows.get(incident.name) ?? []) {
        if (elapsed < phase.fromMs || elapsed >= phase.toMs || !wanted(phase.fault.kind)) continue;
        if (requestMatches(phase.match, view).matched) return { action: phase.fault, source: `incident:${incident.name}` };
      }
    }
    return undefined;
  }

  /** Arms a fault for the next `times` matching requests (the control API's one-shot faults); returns its id. */
  inject(action: FaultAction, match: Match | undefined, times: number, id: string = randomUUID()): string {
    this.oneShots.push({ id, action, ...(match ? { match } : {}), times, remaining: times });
    return id;
  }

  /** The one-shot faults still armed, with how many requests each has left (as far as this simulator knows). */
  armed(): ReadonlyArray<Omit<OneShot, 'id' | 'times'>> {
    return this.oneShots.map(({ action, match, remaining }) => ({ action, ...(match ? { match } : {}), remaining }));
  }

  /**
   * Every incident by name, with how long its clock has run (ms; undefined: not started) and the phase in its
   * window now, if any: for the dashboard, read once a tick, not per request.
   */
  incidentClocks(): Array<{ name: string; elapsedMs: number | undefined; phase: FaultAction['kind'] | undefined }> {
    const now = this.clock.epochMs();
    return this.incidents.map(({ name }) => {
      const started = this.started.get(name);
      const elapsedMs = started === undefined ? undefined : now - started;
      const phase =
        elapsedMs === undefined
          ? undefined
          : this.phaseWindows.get(name)?.find((each) => elapsedMs >= each.fromMs && elapsedMs < each.toMs);
      return { name, elapsedMs, phase: phase?.fault.kind };
    });
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

/** A fault that acts on the request itself, picked with the others; a `quota` one acts at admission (quotaFactor). */
const acts = (kind: FaultAction['kind']) => kind !== 'quota';
const adjustsQuota = (kind: FaultAction['kind']) => kind === 'quota';
