/*
 * The client declares what it uses of the server (wire-types.ts, optional-server.ts, the generated scenarios
 * types) so that it installs without it. This file is never run: `npm run typecheck` compiles it, and fails here
 * when the server's types no longer fit the client's. What the server answers must fit what the client reads
 * (the server may add fields); what the client sends must fit what the server takes.
 */
import type * as Server from 'aoai-sim';
import type * as Client from '../index.ts';
import type { ConfigIssue } from '../config-error.ts';
import type { WireJournalFilter } from '../control/wire-types.ts';
import type { ServerModule } from '../optional-server.ts';

declare function a<T>(): T;

type ServerDeploymentAsJson = Omit<Server.ResolvedDeployment, 'operations'> & { operations: Server.Operation[] };

export const serverAnswers = {
  journalEntry: a<Server.JournalEntry>() satisfies Client.JournalEntry,
  journalStats: a<Server.JournalStats>() satisfies Client.JournalStats,
  limitSnapshot: a<Server.LimitSnapshot>() satisfies Client.LimitSnapshot,
  quotaUse: a<Server.QuotaUse>() satisfies Client.QuotaUse,
  reloadStatus: a<Server.ReloadStatus>() satisfies Client.ReloadStatus,
  effectiveServer: a<Server.ResolvedServer>() satisfies Client.EffectiveServer,
  effectiveDeployment: a<ServerDeploymentAsJson>() satisfies Client.EffectiveDeployment,
  configIssue: a<Server.ConfigIssue>() satisfies ConfigIssue,
  scenarios: a<Server.Scenarios>() satisfies Client.Scenarios,
  resourceStatus: a<Server.ResourceStatus>() satisfies Client.ResourceStatus,
  webhookAttempt: a<Server.WebhookAttempt>() satisfies Client.WebhookAttempt,
};

export const clientSends = {
  journalFilter: a<WireJournalFilter>() satisfies Server.JournalFilter,
  scenarios: a<Client.Scenarios>() satisfies Server.Scenarios,
  configIssue: a<ConfigIssue>() satisfies Server.ConfigIssue,
  resourceDown: a<Client.ResourceDownOptions>() satisfies Server.DownSettings,
  resourceDegrade: a<Client.ResourceDegradeOptions>() satisfies Server.DegradeSettings,
};

export const serverModule = a<typeof Server>() satisfies ServerModule;
