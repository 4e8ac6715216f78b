import { JobClock, realClock, type Clock } from './clock/index.ts';
import type { ServerOverrides, SimConfig } from './config/resolve-config.ts';
import { ResourceConditions } from './drills/resource-conditions.ts';
import { JobEvents } from './jobs/job-events.ts';
import { FaultInjector } from './faults/fault-injector.ts';
import { sharedOneShotBudget } from './faults/shared-one-shots.ts';
import type { CassetteRuntime } from './replay/cassette-runtime.ts';
import { ScenarioRuntime } from './scenarios/scenario-runtime.ts';
import { MemorySimStore, type SimStore } from './store/sim-store.ts';

/** Everything a configuration decides, swapped as one: a request sees the old set or the new, never a mix. */
export interface SimState {
  config: SimConfig;
  scenarios: ScenarioRuntime;
  faults: FaultInjector;
  cassettes?: CassetteRuntime;
}

/** Where a configuration was loaded from, and how the last attempt to replace it went. */
export interface ReloadStatus {
  at: string;
  ok: boolean;
  source: string;
  errors?: string[];
}

/**
 * The configuration in force. Requests read `current` once when they start; a reload or a control-API update
 * replaces it in one assignment. Sequence counters of rules that keep their names survive the swap.
 */
export class StateHolder {
  current: SimState;
  lastReload: ReloadStatus | undefined;
  /** The command-line and environment settings the server started with: they apply to every update too. */
  readonly overrides: ServerOverrides;
  /** The one clock every part of the simulator reads the time from (see Clock). */
  readonly clock: Clock;
  /** The clock of the long jobs (batches, background responses, videos, file expiry), which a test can advance. */
  readonly jobs: JobClock;
  /** Where batches, background responses and video jobs announce their ends, for the webhooks. */
  readonly jobEvents = new JobEvents();
  /** What the simulator keeps across requests and configurations: limits, rule counts, replay cursors, stored responses. */
  readonly store: SimStore;
  /** The drills in force on resources (down, degraded): kept across reloads, lifted by a reset. */
  readonly conditions: ResourceConditions;

  constructor(
    config: SimConfig,
    cassettes?: CassetteRuntime,
    overrides: ServerOverrides = {},
    clock: Clock = realClock,
    // the cassettes keep their places in the store, so it is made before they are loaded
    store: SimStore = new MemorySimStore(config.server.memory),
  ) {
    this.overrides = overrides;
    this.clock = clock;
    this.jobs = new JobClock(clock, { speed: config.server.clockSpeed });
    this.store = store;
    this.conditions = new ResourceConditions(clock);
    this.current = {
      config,
      scenarios: new ScenarioRuntime(config.scenarios.scenarios ?? [], config.server.unmatched, config.templates, this.store.ruleCounters),
      faults: this.faultInjector(config),
      ...(cassettes ? { cassettes } : {}),
    };
  }

  /** The faults of `config`; one-shots armed through the control API share their budgets when the store is shared. */
  private faultInjector(config: SimConfig): FaultInjector {
    const budget = this.store.replicas ? sharedOneShotBudget(this.store.ruleCounters) : undefined;
    return new FaultInjector(config.scenarios.faults ?? [], config.scenarios.incidents ?? [], this.clock, budget);
  }

  /** Puts `config` in force. The rule state carries over; faults and incidents start afresh. */
  swap(config: SimConfig, cassettes?: CassetteRuntime): void {
    const scenarios = this.current.scenarios;
    scenarios.replace(config.scenarios.scenarios ?? [], config.server.unmatched, config.templates);
    this.current = {
      config,
      scenarios,
      faults: this.faultInjector(config),
      ...((cassettes ?? this.current.cassettes) ? { cassettes: cassettes ?? this.current.cassettes! } : {}),
    };
  }
}
