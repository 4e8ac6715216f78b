/*
 * What the control API (/__sim/) sends and answers, as the client sees it on the wire: the server's own shapes
 * are in wire-types.ts; JournalFilter here also takes Dates.
 */
import type { ConfigIssue } from '../config-error.ts';
import type { FaultAction, Match, Scenarios } from '../generated/scenarios.ts';
import type {
  EffectiveDeployment,
  EffectiveServer,
  JournalEntry,
  JournalStats,
  LimitSnapshot,
  QuotaUse,
  ReloadStatus,
  ResourceCondition,
  ResourceDegradeOptions,
  ResourceDownOptions,
  ResourceStatus,
  JobClockStatus,
  WebhookAttempt,
  WebhookAttemptFilter,
  WireJournalFilter,
} from './wire-types.ts';

export type {
  EffectiveDeployment,
  EffectiveServer,
  JournalEntry,
  JournalStats,
  LimitSnapshot,
  QuotaUse,
  ReloadStatus,
  ResourceCondition,
  ResourceDegradeOptions,
  ResourceDownOptions,
  ResourceStatus,
  JobClockStatus,
  WebhookAttempt,
  WebhookAttemptFilter,
};

/**
 * Which journal entries a query or count selects; every given field must match. The server's filter, except
 * that `since` and `until` also take a Date or epoch milliseconds, which the client sends as the server expects.
 */
export type JournalFilter = Omit<WireJournalFilter, 'since' | 'until'> & {
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
