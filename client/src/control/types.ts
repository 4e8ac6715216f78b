/*
 * What the control API (/__sim/) sends and answers, as the client sees it on the wire.
 *
 * The journal, limit and reload types come from the server itself; the rest describe the JSON the control
 * routes answer (server/src/control/control-router.ts), and JournalFilter also takes Dates on the client side.
 */
import type {
  ConfigIssue,
  FaultAction,
  JournalEntry,
  JournalFilter as ServerJournalFilter,
  JournalStats,
  LimitSnapshot,
  Match,
  Operation,
  QuotaUse,
  ReloadStatus,
  ResolvedDeployment,
  ResolvedServer,
  Scenarios,
} from 'aoai-sim';

export type { JournalEntry, JournalStats, LimitSnapshot, QuotaUse, ReloadStatus };

/**
 * Which journal entries a query or count selects; every given field must match. The server's filter, except
 * that `since` and `until` also take a Date or epoch milliseconds, which the client sends as the server expects.
 */
export type JournalFilter = Omit<ServerJournalFilter, 'since' | 'until'> & {
  /** Entries at or after this instant: ISO 8601 with a time zone, epoch milliseconds, or a Date. */
  since?: string | number | Date;
  /** Entries before this instant (exclusive); as `since`. */
  until?: string | number | Date;
};

/** One problem the server found in scenarios it was sent; `text` is the ready-to-read form. */
export interface ControlIssue extends ConfigIssue {
  /** `request body:3:12: /deployments/chat/model must be string, not integer` */
  text: string;
}

/** The server settings in force, every default applied and every secret shown as `***`. */
export type EffectiveServer = ResolvedServer;

/** A deployment with what its model family implies filled in; its operations as a list, as JSON carries them. */
export type EffectiveDeployment = Omit<ResolvedDeployment, 'operations'> & { operations: Operation[] };

/** What GET /__sim/config answers: the configuration the simulator runs with. */
export interface EffectiveConfig {
  source: { file: string; files: string[]; embeddedDefault: boolean };
  server: EffectiveServer;
  deployments: EffectiveDeployment[];
  /** The scenarios as given (after includes), secrets masked. */
  scenarios: Scenarios;
  lastReload: ReloadStatus | null;
}

/** What a successful scenarios update reports. */
export interface ScenariosApplied {
  applied: true;
  deployments: string[];
  rules: number;
}

/** What a reset did. */
export interface ResetResult {
  reset: 'all' | { testId: string };
  journalEntriesRemoved: number;
}

/** A one-shot fault still waiting for its requests. */
export interface ArmedFault {
  action: FaultAction;
  match?: Match;
  /** How many more matching requests it will break. */
  remaining: number;
}
