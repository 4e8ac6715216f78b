import { Agent, type Dispatcher } from 'undici';
import type { FaultAction, Match, Operation, Scenarios } from '../generated/scenarios.ts';
import { callTable, DEFAULT_TABLE_ROWS } from './call-table.ts';
import { AoaiSimControlError, controlErrorFrom } from './control-error.ts';
import { describeFilter } from './describe-filter.ts';
import { journalQuery } from './journal-query.ts';
import { checkRetries, DEFAULT_RETRY_TOLERANCE_MS, type RetryGap } from './retry-check.ts';
import type {
  ArmedFault,
  EffectiveConfig,
  JournalEntry,
  JournalFilter,
  JournalStats,
  LimitSnapshot,
  ResetResult,
  ResourceDegradeOptions,
  ResourceDownOptions,
  ResourceStatus,
  JobClockStatus,
  WebhookAttempt,
  WebhookAttemptFilter,
  ScenariosApplied,
} from './types.ts';
import { VerificationError } from './verification-error.ts';

/** The header that carries the control API's key (the server's ADMIN_KEY_HEADER). */
export const ADMIN_KEY_HEADER = 'x-sim-admin-key';

/** The calls `expectCalls` counts: a deployment's, narrowed by any other journal filter but `limit`. */
export type CallFilter = Omit<JournalFilter, 'limit' | 'deployment'> & { deployment: string };

/** The calls `expectRetryHonoured` judges, and how much early a retry may come (DEFAULT_RETRY_TOLERANCE_MS). */
export interface RetryCheckOptions {
  deployment: string;
  operation?: Operation;
  testId?: string;
  since?: JournalFilter['since'];
  until?: JournalFilter['until'];
  toleranceMs?: number;
}

interface JournalPage {
  entries: JournalEntry[];
  stats: JournalStats;
  /** With a shared store: the replicas that answered, and those that did not in time (their entries are absent). */
  replicas?: { answered: string[]; missing: string[] };
}

type Body = { json: unknown } | { yaml: string };

/** How the control client reaches a simulator beyond its URL and key. */
export interface ControlOptions {
  /** The certificate (PEM) of a simulator served over https with one of its own making (`--tls`), to trust. */
  ca?: string;
}

/**
 * A typed client for a running simulator's control API (/__sim/): change its scenarios, reset it, break it on
 * purpose, read its limiters and its journal, and ask the questions tests ask of the journal, with failure
 * messages that show what the simulator actually saw. A failed call throws AoaiSimControlError.
 *
 * @example
 *   const control = new AoaiSimControl('http://127.0.0.1:8080', process.env.AOAI_SIM_ADMIN_KEY);
 *   await control.setScenarios({ deployments: { chat: { model: 'gpt-4o-2024-08-06' } } });
 *   // ... run the app against the simulator ...
 *   await control.expectCalls({ deployment: 'chat', operation: 'chat' }, 2);
 *   t.is(await control.totalPromptTokens({ deployment: 'chat' }), 42);
 */
export class AoaiSimControl {
  /** The simulator's root URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly #adminKey: string | undefined;
  readonly #dispatcher: Dispatcher | undefined;

  /**
   * `baseUrl` is the simulator's root (what the SDKs get as their endpoint); `adminKey` when one is configured;
   * `ca`, the certificate a simulator started with TLS serves (the startup line names its file).
   */
  constructor(baseUrl: string, adminKey?: string, options: ControlOptions = {}) {
    // fails here, naming the bad URL, rather than on the first call as a fetch error ('localhost:8080' parses
    // as a URL whose scheme is "localhost:")
    const { protocol } = new URL(baseUrl);
    if (protocol !== 'http:' && protocol !== 'https:') throw new TypeError(`The simulator's URL must be http or https, not "${baseUrl}"`);
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.#adminKey = adminKey;
    this.#dispatcher = options.ca === undefined ? undefined : new Agent({ connect: { ca: options.ca } });
  }

  /**
   * The configuration in force: server settings with defaults applied, resolved deployments, the scenarios.
   * Secrets show as `***`.
   *
   * @example
   *   const { deployments } = await control.config(); // [{ name: 'chat', model: 'gpt-4o-2024-08-06', ... }]
   */
  config(): Promise<EffectiveConfig> {
    return this.#call('GET', '/config');
  }

  /**
   * Replaces the scenarios, as an object or as YAML text, checked like a file and swapped atomically. When
   * refused (AoaiSimControlError 400, `issues` naming each problem), the running set is unchanged.
   *
   * @example
   *   await control.setScenarios({ deployments: { chat: { model: 'gpt-4o-2024-08-06' } }, scenarios: [{ name: 'hi', respond: { content: 'hello' } }] });
   *   await control.setScenarios('deployments:\n  chat: { model: gpt-4o-2024-08-06 }\n');
   */
  setScenarios(scenarios: Scenarios | string): Promise<ScenariosApplied> {
    return this.#call('PUT', '/scenarios', typeof scenarios === 'string' ? { yaml: scenarios } : { json: scenarios });
  }

  /**
   * Merges `patch` into the running scenarios as a JSON merge patch (RFC 7386: objects merge, `null` removes a
   * key, arrays are replaced whole), then applies the result as setScenarios does.
   *
   * @example
   *   await control.patchScenarios({ deployments: { chat: { rateLimit: { tpm: 1000 } } } });
   */
  patchScenarios(patch: object): Promise<ScenariosApplied> {
    return this.#call('PATCH', '/scenarios', { json: patch });
  }

  /**
   * Without a test id: sequence counters, rate-limit windows, armed faults, incident clocks and the journal all
   * start over. With one: only that test's sequence counters and journal entries.
   *
   * @example
   *   test.beforeEach(() => control.reset());
   */
  reset(options: { testId?: string } = {}): Promise<ResetResult> {
    return this.#call('POST', '/reset', { json: options.testId === undefined ? {} : { testId: options.testId } });
  }

  /**
   * Arms `fault` for the next `times` (default 1) requests that `match` selects (any request without one).
   * Returns every one-shot fault still armed.
   *
   * @example
   *   await control.injectFault({ kind: 'status', status: 503 }, { match: { deployment: 'chat' }, times: 2 });
   */
  async injectFault(fault: FaultAction, options: { match?: Match; times?: number } = {}): Promise<ArmedFault[]> {
    const body = {
      fault,
      ...(options.match === undefined ? {} : { match: options.match }),
      ...(options.times === undefined ? {} : { times: options.times }),
    };
    return (await this.#call<{ armed: ArmedFault[] }>('POST', '/faults', { json: body })).armed;
  }

  /**
   * Starts (or restarts) the clock of a configured incident, typically one with `start: trigger`.
   *
   * @example
   *   await control.startIncident('region-outage');
   */
  async startIncident(name: string): Promise<void> {
    await this.#call('POST', '/faults', { json: { incident: name } });
  }

  /**
   * Every deployment's rate limits as they stand.
   *
   * @example
   *   const [chat] = await control.limits(); // { deployment: 'chat', mode: 'standard', tokens: { limit: 1000, used: 12, remaining: 988 }, ... }
   */
  async limits(): Promise<LimitSnapshot[]> {
    return (await this.#call<{ deployments: LimitSnapshot[] }>('GET', '/limits')).deployments;
  }

  /**
   * Every resource the simulator plays, its own (`default`) first: region, status (`up`, `down`, `degraded`), the
   * condition a drill set, its deployments, and how to reach it.
   *
   * @example
   *   const [own, east] = await control.resources(); // east: { name: 'eastus', region: 'East US', status: 'up', ... }
   */
  async resources(): Promise<ResourceStatus[]> {
    return (await this.#call<{ resources: ResourceStatus[] }>('GET', '/resources')).resources;
  }

  /**
   * Takes a resource down, as a region outage: every request answers 503 (or `status`), hangs until the client
   * gives up (`mode: 'timeout'`), or has its connection reset (`mode: 'reset'`), until resourceUp or `durationMs`.
   *
   * @example
   *   await control.resourceDown('eastus', { mode: 'timeout', durationMs: 30_000 });
   */
  resourceDown(name: string, options: ResourceDownOptions = {}): Promise<ResourceStatus> {
    return this.#call('POST', `/resources/${encodeURIComponent(name)}/down`, { json: options });
  }

  /**
   * Brings a resource back: at once, or for a degraded one, easing its factors back to normal over `recoverOverMs`.
   *
   * @example
   *   await control.resourceUp('eastus');
   */
  resourceUp(name: string, options: { recoverOverMs?: number } = {}): Promise<ResourceStatus> {
    return this.#call('POST', `/resources/${encodeURIComponent(name)}/up`, { json: options });
  }

  /**
   * Degrades a resource: latency multiplied, a temporary quota adjustment, a share of requests failing, or its
   * provisioned deployments saturated; for `durationMs`, recovering over `recoverOverMs`, or until resourceUp.
   *
   * @example
   *   await control.resourceDegrade('eastus', { quotaFactor: 0.5, latencyFactor: 3, durationMs: 60_000, recoverOverMs: 30_000 });
   */
  resourceDegrade(name: string, options: ResourceDegradeOptions): Promise<ResourceStatus> {
    return this.#call('POST', `/resources/${encodeURIComponent(name)}/degrade`, { json: options });
  }

  /**
   * Moves the job clock `ms` milliseconds on (batches, background responses, video jobs, file expiry, webhook
   * retries) and resolves once every job due by then has run. Latency and rate-limit windows stay on real time.
   *
   * @example
   *   await control.advanceClock(24 * 3600_000); // a batch's whole window passes
   */
  advanceClock(ms: number): Promise<JobClockStatus> {
    return this.#call('POST', '/clock/advance', { json: { ms } });
  }

  /**
   * The job clock: its time, its speed, how far advanceClock has moved it, and how many jobs wait on it.
   *
   * @example
   *   const { time } = await control.clock();
   */
  clock(): Promise<JobClockStatus> {
    return this.#call('GET', '/clock');
  }

  /**
   * The webhook delivery attempts that match `filter`, oldest first: each with its endpoint, event, attempt
   * number, outcome and the receiver's status or error.
   *
   * @example
   *   const [first] = await control.webhookDeliveries({ id: response.id });
   */
  async webhookDeliveries(filter: WebhookAttemptFilter = {}): Promise<WebhookAttempt[]> {
    const query = new URLSearchParams(Object.entries(filter).filter((entry): entry is [string, string] => entry[1] !== undefined));
    return (await this.#call<{ data: WebhookAttempt[] }>('GET', '/webhooks/deliveries', undefined, query)).data;
  }

  /**
   * The journal entries that match `filter`, oldest first (with `limit`, the newest that many).
   *
   * @example
   *   const refused = await control.journal({ deployment: 'chat', status: 429 });
   */
  async journal(filter: JournalFilter = {}): Promise<JournalEntry[]> {
    return (await this.#journalPage(filter)).entries;
  }

  /**
   * How many journal entries match `filter`, without fetching them.
   *
   * @example
   *   t.is(await control.journalCount({ deployment: 'chat', status: { gte: 400 } }), 0);
   */
  async journalCount(filter: JournalFilter = {}): Promise<number> {
    const query = journalQuery(filter);
    query.set('count', 'true');
    return (await this.#wholeJournal<{ count: number; replicas?: JournalPage['replicas'] }>(query)).count;
  }

  /**
   * Empties the journal, or removes one test's entries; returns how many went.
   *
   * @example
   *   await control.clearJournal({ testId: 'checkout-flow' });
   */
  async clearJournal(options: { testId?: string } = {}): Promise<number> {
    const query = new URLSearchParams(options.testId === undefined ? {} : { testId: options.testId });
    return (await this.#call<{ removed: number }>('DELETE', '/journal', undefined, query)).removed;
  }

  /**
   * Throws VerificationError unless exactly `count` calls match `filter`: "deployment X got exactly N calls".
   * The message gives the count seen and a table of the calls (or, when none matched, of the newest calls the
   * journal holds, which shows a misspelt deployment or test id at a glance).
   *
   * @example
   *   await control.expectCalls({ deployment: 'chat', operation: 'chat', testId: 'checkout' }, 2);
   */
  async expectCalls(filter: CallFilter, count: number): Promise<void> {
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`expectCalls: the count must be a whole number ≥ 0, not ${count}`);
    const seen = await this.journalCount(filter);
    if (seen === count) return;
    const { deployment, ...rest } = filter;
    const narrowed = Object.values(rest).some((value) => value !== undefined) ? ` (${describeFilter(rest)})` : '';
    const expected = `expected deployment "${deployment}" to get exactly ${calls(count)}${narrowed}`;
    const page = await this.#journalPage({ ...filter, limit: DEFAULT_TABLE_ROWS });
    if (seen > 0) {
      const newest = seen > page.entries.length ? ` (the newest ${page.entries.length} below)` : '';
      throw new VerificationError(`${expected}, but it got ${seen}${newest}:${journalNotes(page.stats)}\n${callTable(page.entries)}`);
    }
    const recent = await this.#journalPage({ limit: DEFAULT_TABLE_ROWS });
    const others =
      recent.entries.length === 0
        ? ' The journal holds no calls at all.'
        : ` The newest calls the journal holds:\n${callTable(recent.entries)}`;
    throw new VerificationError(`${expected}, but it got none.${journalNotes(recent.stats)}${others}`);
  }

  /**
   * The prompt tokens of the calls that match `filter`, summed (calls without usage, such as refusals, add 0).
   *
   * @example
   *   t.true((await control.totalPromptTokens({ deployment: 'chat', testId: 'summarize' })) < 4000);
   */
  async totalPromptTokens(filter: JournalFilter = {}): Promise<number> {
    return (await this.journal(filter)).reduce((sum, entry) => sum + (entry.tokens?.prompt ?? 0), 0);
  }

  /**
   * The completion tokens of the calls that match `filter`, summed.
   *
   * @example
   *   t.is(await control.totalCompletionTokens({ deployment: 'chat' }), 120);
   */
  async totalCompletionTokens(filter: JournalFilter = {}): Promise<number> {
    return (await this.journal(filter)).reduce((sum, entry) => sum + (entry.tokens?.completion ?? 0), 0);
  }

  /**
   * Throws VerificationError unless, for the deployment's calls, every call after a 429 came no earlier than
   * the 429's retry-after (see checkRetries for how it is measured); also when no 429 was followed by a call,
   * since then nothing was checked. Returns each 429 with the call after it.
   *
   * @example
   *   await control.expectRetryHonoured({ deployment: 'chat', testId: 'burst' });
   */
  async expectRetryHonoured(options: RetryCheckOptions): Promise<RetryGap[]> {
    const { toleranceMs = DEFAULT_RETRY_TOLERANCE_MS, ...filter } = options;
    return checkRetries(await this.journal(filter), describeFilter(filter), toleranceMs);
  }

  /**
   * Throws VerificationError if any call that matches `filter` failed: a status of 400 or more, or 0 (the
   * client went away before an answer). The message counts the failures by status and tables them.
   *
   * @example
   *   await control.expectNoErrors({ deployment: 'chat', testId: 'happy-path' });
   */
  async expectNoErrors(filter: Omit<JournalFilter, 'status'> = {}): Promise<void> {
    const { entries, stats } = await this.#journalPage(filter);
    const failed = entries.filter((entry) => entry.status === 0 || entry.status >= 400);
    if (failed.length === 0) return;
    const byStatus = new Map<number, number>();
    for (const { status } of failed) byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    const summary = [...byStatus].map(([status, times]) => `${status} ×${times}`).join(', ');
    throw new VerificationError(
      `expected no errors for ${describeFilter(filter)}, but ${failed.length} of ${calls(entries.length)} failed (${summary}):${journalNotes(stats)}\n${callTable(failed)}`,
    );
  }

  #journalPage(filter: JournalFilter): Promise<JournalPage> {
    return this.#wholeJournal(journalQuery(filter));
  }

  /**
   * GET /__sim/journal, every replica's part of it. A replica of a cluster that does not answer in time (a
   * busy host) is asked again once; if one is still missing, this throws rather than count what it cannot see.
   */
  async #wholeJournal<T extends Pick<JournalPage, 'replicas'>>(query: URLSearchParams): Promise<T> {
    const first = await this.#call<T>('GET', '/journal', undefined, query);
    if (!first.replicas?.missing.length) return first;
    const again = await this.#call<T>('GET', '/journal', undefined, query);
    const missing = again.replicas?.missing ?? [];
    if (missing.length === 0) return again;
    const answered = again.replicas?.answered.length ?? 0;
    const detail = `${missing.length} of the cluster's replicas did not answer, twice, so their entries would be missing (${missing.join(', ')}); ${answered} answered`;
    throw new AoaiSimControlError(`GET /__sim/journal`, 200, 'ReplicasMissing', detail);
  }

  async #call<T>(method: string, path: string, body?: Body, query?: URLSearchParams): Promise<T> {
    const call = `${method} /__sim${path}`;
    const headers: Record<string, string> = {};
    if (this.#adminKey !== undefined) headers[ADMIN_KEY_HEADER] = this.#adminKey;
    if (body !== undefined) headers['content-type'] = 'json' in body ? 'application/json' : 'application/yaml';
    const url = `${this.baseUrl}/__sim${path}${query && query.size > 0 ? `?${query}` : ''}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body: 'json' in body ? JSON.stringify(body.json) : body.yaml }),
        ...(this.#dispatcher === undefined ? {} : { dispatcher: this.#dispatcher }),
      });
    } catch (error) {
      // fetch says only "fetch failed"; the reason (ECONNREFUSED…) is in its cause
      const reason = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      throw new AoaiSimControlError(call, 0, 'ConnectionFailed', `could not reach the simulator at ${this.baseUrl}: ${reason}`, [], {
        cause: error,
      });
    }
    const text = await response.text();
    if (!response.ok) throw controlErrorFrom(call, response.status, text);
    try {
      return JSON.parse(text) as T;
    } catch (error) {
      const detail = `the answer is not JSON; is ${this.baseUrl} the simulator's root URL? It began: ${text.slice(0, 120)}`;
      throw new AoaiSimControlError(call, response.status, 'UnexpectedResponse', detail, [], { cause: error });
    }
  }
}

function calls(count: number): string {
  return `${count} ${count === 1 ? 'call' : 'calls'}`;
}

/** What makes the journal's numbers short of the truth, said where a count is questioned. */
function journalNotes(stats: JournalStats): string {
  if (stats.maxEntries === 0 || stats.maxBytes === 0) return ' (the journal is off: server.journal.maxEntries or maxBytes is 0)';
  if (stats.dropped > 0) return ` (the journal's bounds have pushed out ${stats.dropped} older entries, so counts may be short)`;
  return '';
}
