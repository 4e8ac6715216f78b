import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { KoaBodyMiddlewareOptions } from 'koa-body';
import { ConfigError, type ConfigIssue } from '../config/config-error.ts';
import { parseScenariosText } from '../config/parse-scenarios-text.ts';
import type { ServerOverrides, SimConfig } from '../config/resolve-config.ts';
import { validateScenariosObject } from '../config/validate-object.ts';
import type { FaultAction, Match, Scenarios } from '../generated/scenarios.ts';
import type { RateLimiter } from '../limits/index.ts';
import { MAX_ONE_SHOT_FAULTS } from '../faults/fault-injector.ts';
import { JournalFilterError, parseJournalFilter, type Journal } from '../journal/index.ts';
import type { StateHolder } from '../sim-state.ts';
import { badControlRequest } from './control-errors.ts';
import { JSON_BODY_TYPES, requireBodyType, YAML_BODY_TYPES } from './body-types.ts';
import { maskSecrets } from './mask-secrets.ts';
import { mergePatch } from './merge-patch.ts';
import { reconfigure } from './reconfigure.ts';
import { confinedCassettes, refuseStartupChanges, startupSettings, withStartupSettings } from './startup-settings.ts';
import { refuseDeepJson } from './refuse-deep-json.ts';
import { resourcesRouter } from './resources-router.ts';
import { clockRouter } from './clock-router.ts';
import { webhooksRouter } from './webhooks-router.ts';
import type { WebhookAttemptLog } from '../webhooks/attempt-log.ts';
import { limitsReport } from './limits-report.ts';
import { localJournal, replicaJournal, type JournalQuestion } from './replica-journal.ts';

export interface ControlDependencies {
  state: StateHolder;
  limits: RateLimiter;
  overrides: ServerOverrides;
  journal: Journal;
  /** The prompt tokens a batch deployment's unfinished batches hold (see BatchJobs), for GET /__sim/limits. */
  batchQueue?: (at: { resource: string; deployment: string }) => number;
  /** The webhook delivery attempts, listed at /__sim/webhooks/deliveries. */
  webhookAttempts: WebhookAttemptLog;
}

/**
 * The control API under /__sim/: the effective configuration, runtime scenario updates (validated like a file,
 * swapped atomically), reset, injected faults and incidents, and the rate limiters' state.
 */
export function controlRouter(deps: ControlDependencies): Router {
  const router = new Router({ prefix: '/__sim' });
  const { state } = deps;
  const startup = startupSettings(state.current.config);
  router.use(requireBodyType);
  router.use(
    koaBodyOnFirstUse({
      json: true,
      jsonTypes: JSON_BODY_TYPES,
      text: true,
      textTypes: YAML_BODY_TYPES,
      textLimit: '5mb',
      jsonLimit: '5mb',
      jsonStrict: false,
      urlencoded: false,
      onError: (error) => {
        throw badControlRequest(`The body could not be parsed: ${error.message}`);
      },
    }),
  );
  router.use(refuseDeepJson);

  router.get('/config', (ctx) => {
    const { config } = state.current;
    respond(ctx, 200, {
      source: config.source,
      server: maskSecrets(config.server),
      deployments: [...config.deployments.values()].map((deployment) => ({ ...deployment, operations: [...deployment.operations] })),
      scenarios: maskSecrets(config.scenarios),
      lastReload: state.lastReload ?? null,
    });
  });

  router.put('/scenarios', async (ctx) => {
    const scenarios = scenariosFrom(ctx);
    await apply(ctx, scenarios, scenarios);
  });

  router.patch('/scenarios', async (ctx) => {
    const body: unknown = ctx.request.body;
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw badControlRequest('A patch is a JSON merge patch (RFC 7386): an object.');
    const merged = mergePatch(state.current.config.scenarios, body);
    await apply(ctx, checked(merged), body);
  });

  /** Resets this replica: its rule counts, cursors, journal, and without a test id its limits, faults and webhook attempts listed. */
  async function resetHere(testId: string | undefined): Promise<number> {
    const { scenarios, faults, cassettes } = state.current;
    await scenarios.state.reset(testId);
    await cassettes?.reset(testId);
    const removed = deps.journal.clear(testId);
    if (testId === undefined) {
      await deps.limits.reset();
      faults.reset();
      state.conditions.clear();
      deps.webhookAttempts.clear();
    }
    return removed;
  }

  // the other replicas sharing the store answer this one's journal questions and follow its resets
  const replicas = state.store.replicas;
  replicas?.on('journal', (question) => {
    const { query, count } = question as JournalQuestion;
    return localJournal(deps.journal, parseJournalFilter(query), count);
  });
  replicas?.on('reset', (testId) => resetHere((testId as string | null) ?? undefined));
  replicas?.on('arm', (armed) => {
    const { id, fault, match, times } = armed as { id: string; fault: FaultAction; match?: Match; times: number };
    state.current.faults.inject(fault, match, times, id);
  });
  replicas?.on('incident', (name) => state.current.faults.trigger(String(name)));
  replicas?.on('clear-journal', (testId) => deps.journal.clear((testId as string | null) ?? undefined));

  router.post('/reset', async (ctx) => {
    const testId = optionalString(ctx.request.body, 'testId');
    let removed = await resetHere(testId);
    if (replicas) for (const reply of (await replicas.ask('reset', testId ?? null)).replies) removed += Number(reply.result) || 0;
    respond(ctx, 200, { reset: testId === undefined ? 'all' : { testId }, journalEntriesRemoved: removed });
  });

  router.post('/faults', async (ctx) => {
    const body = ctx.request.body as Record<string, unknown> | undefined;
    if (!body || typeof body !== 'object')
      throw badControlRequest('Send { "fault": {...}, "match"?: {...}, "times"?: N } or { "incident": "name" }.');
    const { faults } = state.current;
    if (typeof body.incident === 'string') {
      if (!faults.trigger(body.incident)) throw badControlRequest(`No incident is named "${body.incident}".`);
      await replicas?.ask('incident', body.incident);
      return respond(ctx, 200, { started: body.incident });
    }
    const times = body.times ?? 1;
    if (!Number.isInteger(times) || (times as number) < 1) throw badControlRequest('"times" must be a whole number of 1 or more.');
    // the fault and its match are checked by the scenarios schema, as a configured fault would be, and reported
    // by their place in the body that was sent
    const candidate = { faults: [{ name: 'control-api', ...(body.match === undefined ? {} : { match: body.match }), fault: body.fault }] };
    const valid = checked(candidate as Scenarios, FAULT_IN_CANDIDATE).faults![0]!;
    // a quota fault acts at admission, which one-shots (picked after it) never reach: refused rather than spent in vain
    if (valid.fault.kind === 'quota')
      throw badControlRequest(
        'A quota fault is scripted in the faults or incidents of the scenarios; to lower a resource’s quota now, POST /__sim/resources/{name}/degrade with a quotaFactor.',
      );
    if (faults.armed().length >= MAX_ONE_SHOT_FAULTS)
      throw badControlRequest(`${MAX_ONE_SHOT_FAULTS} one-shot faults are armed already: let them fire, or POST /__sim/reset.`);
    const id = faults.inject(valid.fault as FaultAction, valid.match as Match | undefined, times as number);
    // armed on every replica under one id, whose firings they count together (see sharedOneShotBudget)
    await replicas?.ask('arm', { id, fault: valid.fault, match: valid.match, times });
    respond(ctx, 200, { armed: faults.armed() });
  });

  router.get('/journal', async (ctx) => {
    const filter = journalFilter(ctx);
    const count = ctx.query.count !== undefined;
    if (replicas) {
      const { count: _count, ...query } = ctx.query;
      const answer = await replicaJournal(replicas, deps.journal, filter, { query, count });
      return respond(ctx, 200, count ? { count: answer.count, replicas: answer.replicas } : answer);
    }
    if (count) return respond(ctx, 200, { count: deps.journal.count(filter) });
    respond(ctx, 200, { entries: deps.journal.query(filter), stats: deps.journal.stats() });
  });

  router.delete('/journal', async (ctx) => {
    const testId = typeof ctx.query.testId === 'string' && ctx.query.testId !== '' ? ctx.query.testId : undefined;
    let removed = deps.journal.clear(testId);
    if (replicas) for (const reply of (await replicas.ask('clear-journal', testId ?? null)).replies) removed += Number(reply.result) || 0;
    respond(ctx, 200, { removed });
  });

  // every resource's deployments, each under its resource and region: one deployment name may have a quota in each
  router.get('/limits', async (ctx) => {
    respond(ctx, 200, { deployments: await limitsReport(deps) });
  });

  const drills = resourcesRouter(state);
  router.use(drills.routes(), drills.allowedMethods());
  const clock = clockRouter(state);
  router.use(clock.routes(), clock.allowedMethods());
  const webhooks = webhooksRouter(deps.webhookAttempts);
  router.use(webhooks.routes(), webhooks.allowedMethods());

  /** Puts `scenarios` in force; `sent` is what the caller sent (the document, or the merge patch). */
  async function apply(ctx: Context, scenarios: Scenarios, sent: unknown): Promise<void> {
    const source: SimConfig['source'] = { file: 'control API', files: [], embeddedDefault: false };
    refuseStartupChanges(sent, state.current.config, startup);
    const carried = withStartupSettings(scenarios, state.current.config);
    const cassettes = carried.replay?.cassettes;
    if (cassettes) carried.replay = { ...carried.replay, cassettes: await confinedCassettes(cassettes, startup) };
    try {
      const config = await reconfigure(state, carried, source, deps.overrides);
      state.lastReload = { at: new Date(state.clock.epochMs()).toISOString(), ok: true, source: 'control API' };
      respond(ctx, 200, { applied: true, deployments: [...config.deployments.keys()], rules: scenarios.scenarios?.length ?? 0 });
    } catch (error) {
      if (error instanceof ConfigError || (error as Error).name === 'CassetteError') throw refused((error as ConfigError).issues);
      throw error;
    }
  }
  return router;
}

/**
 * koa-body, loaded by the first control request rather than at start: it brings zod and formidable (and through
 * it a SHA-3 fingerprint made as it loads), about 50 ms of a start that serves the data plane first
 * (docs/performance.md, start-up).
 */
function koaBodyOnFirstUse(options: Partial<KoaBodyMiddlewareOptions>): Middleware {
  let parse: Middleware | undefined;
  return async (ctx, next) => {
    parse ??= (await import('koa-body')).koaBody(options);
    return parse(ctx, next);
  };
}

function scenariosFrom(ctx: Context): Scenarios {
  const body: unknown = ctx.request.body;
  if (typeof body === 'string') {
    try {
      return parseScenariosText(body, 'request body');
    } catch (error) {
      if (error instanceof ConfigError) throw refused(error.issues);
      throw error;
    }
  }
  return checked(body);
}

/** Where POST /__sim/faults puts the body's fault in the scenarios document it checks. */
const FAULT_IN_CANDIDATE = '/faults/0';

/**
 * An object checked against the scenarios schema, problems reported by JSON pointer; `within` is where the
 * caller's body sits in `value`, dropped from the pointers so that they point into the body as it was sent.
 */
function checked(value: unknown, within = ''): Scenarios {
  try {
    return validateScenariosObject(value, 'request body');
  } catch (error) {
    if (error instanceof ConfigError) throw refused(within === '' ? error.issues : error.issues.map((issue) => relativeTo(issue, within)));
    throw error;
  }
}

function relativeTo(issue: ConfigIssue, within: string): ConfigIssue {
  const { pointer } = issue;
  if (pointer === undefined || (pointer !== within && !pointer.startsWith(`${within}/`))) return issue;
  return { ...issue, pointer: pointer.slice(within.length) };
}

/** The 400 for scenarios that do not load, with their problems. */
function refused(issues: ConfigError['issues']) {
  return badControlRequest('The scenarios were refused; the running set is unchanged.', issues);
}

function journalFilter(ctx: Context) {
  const { count: _count, ...query } = ctx.query;
  try {
    return parseJournalFilter(query);
  } catch (error) {
    if (error instanceof JournalFilterError) throw badControlRequest(error.message);
    throw error;
  }
}

function optionalString(body: unknown, key: string): string | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  if (typeof body !== 'object') throw badControlRequest('The body must be a JSON object.');
  const value = (body as Record<string, unknown>)[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw badControlRequest(`"${key}" must be a non-empty string.`);
  return value;
}

function respond(ctx: Context, status: number, body: unknown): void {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
}
