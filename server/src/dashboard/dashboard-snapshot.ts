import type { Registry } from 'prom-client';
import { limitsReport, type DeploymentLimits, type LimitsSources } from '../control/limits-report.ts';
import { resourceStatuses, type ResourceStatus } from '../drills/resource-status.ts';
import type { Journal, JournalStats, JournalSummary } from '../journal/index.ts';
import type { ReloadStatus } from '../sim-state.ts';
import { readMetrics, type MetricsReading } from './metrics-reading.ts';
import { intervalRates, type IntervalRates } from './rates.ts';

/** The most journal entries one snapshot carries: past it, a page shows the newest and says how many it missed. */
export const MAX_ENTRIES_PER_SNAPSHOT = 200;

/** What the dashboard reads: the limits' sources, the journal and the metrics registry. */
export interface DashboardSources extends LimitsSources {
  journal: Journal;
  registry: Registry;
  /** Epoch ms for the rates' intervals; the simulator's clock (state.clock) when absent. */
  now?: () => number;
}

/** One push of the live feed: the state now and what happened since the last push. */
export interface DashboardSnapshot {
  /** Epoch ms of the reading. */
  at: number;
  deployments: DeploymentLimits[];
  rates: IntervalRates;
  /** The journal's entries since the last push, oldest first, summaries only (bodies: GET /__sim/journal). */
  entries: JournalSummary[];
  /** Entries that arrived since the last push but are not in `entries` (past the cap per push). */
  entriesMissed: number;
  journal: JournalStats;
  faults: {
    armed: ReturnType<DashboardSources['state']['current']['faults']['armed']>;
    incidents: Array<{ name: string; elapsedMs: number | null; phase: string | null }>;
  };
  lastReload: ReloadStatus | null;
  /** Every resource's status and condition, as GET /__sim/resources lists them. */
  resources: ResourceStatus[];
  /**
   * The CPU time the simulator took to make and serialize the previous snapshot, ms (null in the first): what an
   * open page costs the data plane each second, as time its event loop did not serve requests.
   */
  costMs: number | null;
}

/**
 * Makes the live feed's snapshots, remembering the last reading so each one carries the rates and the journal
 * entries of its own interval. Only made while a page is connected: it holds nothing the data plane touches.
 */
export class SnapshotMaker {
  readonly #sources: DashboardSources;
  readonly #now: () => number;
  #before: MetricsReading | undefined;
  #lastEntry: number;

  constructor(sources: DashboardSources) {
    this.#sources = sources;
    this.#now = sources.now ?? (() => sources.state.clock.epochMs());
    // a page starts with the newest entries, not the whole journal: GET /__sim/journal has the rest
    this.#lastEntry = Math.max(0, sources.journal.lastId - MAX_ENTRIES_PER_SNAPSHOT);
  }

  async next(previousCostMs: number | null = null): Promise<DashboardSnapshot> {
    const { state, journal, registry } = this.#sources;
    const [reading, deployments] = await Promise.all([readMetrics(registry, this.#now()), limitsReport(this.#sources)]);
    const before = this.#before ?? reading;
    this.#before = reading;
    const lastId = journal.lastId;
    const entries = journal.summariesAfter(this.#lastEntry, MAX_ENTRIES_PER_SNAPSHOT);
    // ids count every request numbered, so a gap is what the cap (or the journal's own bounds) left out
    const entriesMissed = Math.max(0, lastId - this.#lastEntry - entries.length);
    this.#lastEntry = lastId;
    const { faults } = state.current;
    return {
      at: reading.atMs,
      deployments,
      rates: intervalRates(before, reading),
      entries,
      entriesMissed,
      journal: journal.stats(),
      faults: {
        armed: faults.armed(),
        incidents: faults
          .incidentClocks()
          .map(({ name, elapsedMs, phase }) => ({ name, elapsedMs: elapsedMs ?? null, phase: phase ?? null })),
      },
      lastReload: state.lastReload ?? null,
      // read from memory (a replica's change is broadcast to it), so a condition that lifts itself shows too
      resources: resourceStatuses(state.current.config, state.conditions, state.clock),
      costMs: previousCostMs === null ? null : Math.round(previousCostMs * 100) / 100,
    };
  }
}
