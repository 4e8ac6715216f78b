import Router from '@koa/router';
import type { Context } from 'koa';
import type { JobClock } from '../clock/index.ts';
import type { StateHolder } from '../sim-state.ts';
import { badControlRequest } from './control-errors.ts';

/** The longest one advance may move the job clock: a year, far past any batch window or file retention. */
export const MAX_ADVANCE_MS = 366 * 24 * 3600 * 1000;

/**
 * The job clock's control API: `GET /__sim/clock` tells its time and speed; `POST /__sim/clock/advance
 * {"ms": N}` moves it N milliseconds on and answers once every job due by then has run, on this simulator and on
 * the replicas sharing its store.
 */
export function clockRouter(state: StateHolder): Router {
  const router = new Router();
  const { jobs } = state;
  const replicas = state.store.replicas;
  replicas?.on('advance-clock', async (ms) => jobs.advance(Number(ms)));

  router.get('/clock', (ctx) => respond(ctx, jobs));

  router.post('/clock/advance', async (ctx) => {
    const body = ctx.request.body as Record<string, unknown> | undefined;
    const ms = body && typeof body === 'object' ? body.ms : undefined;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > MAX_ADVANCE_MS)
      throw badControlRequest(`Send { "ms": N }: how many milliseconds to move the job clock on, from 0 to ${MAX_ADVANCE_MS} (a year).`);
    const ran = await jobs.advance(ms);
    await replicas?.ask('advance-clock', ms);
    respond(ctx, jobs, { advancedByMs: ms, jobsRun: ran });
  });
  return router;
}

function respond(ctx: Context, jobs: JobClock, extra: Record<string, unknown> = {}): void {
  ctx.status = 200;
  ctx.type = 'application/json';
  ctx.body = JSON.stringify({
    ...extra,
    time: new Date(jobs.epochMs()).toISOString(),
    epochMs: Math.floor(jobs.epochMs()),
    speed: jobs.speed,
    advancedMs: jobs.advancedMs,
    pendingJobs: jobs.pending,
  });
}
