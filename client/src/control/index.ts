/*
 * The control client: steer a running simulator through /__sim/ and verify what an app did from its journal.
 * See AoaiSimControl.
 */
export { ADMIN_KEY_HEADER, AoaiSimControl, type CallFilter, type ControlOptions, type RetryCheckOptions } from './aoai-sim-control.ts';
export { AoaiSimControlError } from './control-error.ts';
export { VerificationError } from './verification-error.ts';
export { DEFAULT_RETRY_TOLERANCE_MS, type RetryGap } from './retry-check.ts';
export type {
  ArmedFault,
  ControlIssue,
  EffectiveConfig,
  EffectiveDeployment,
  EffectiveServer,
  JournalEntry,
  JournalFilter,
  JournalStats,
  LimitSnapshot,
  QuotaUse,
  ReloadStatus,
  ResetResult,
  ResourceCondition,
  ResourceDegradeOptions,
  ResourceDownOptions,
  ResourceStatus,
  JobClockStatus,
  ScenariosApplied,
  WebhookAttempt,
  WebhookAttemptFilter,
} from './types.ts';
