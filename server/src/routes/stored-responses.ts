import Router from '@koa/router';
import { Readable } from 'node:stream';
import type { SimConfig } from '../config/resolve-config.ts';
import { AoaiError } from '../http/aoai-error.ts';
import { paceEvents, schedulerFor } from '../latency/index.ts';
import type { BackgroundEnds } from '../operations/responses/background-ends.ts';
import { cancelAt, responseAt } from '../operations/responses/background-run.ts';
import { inputItemsPage, inputItemsQuery } from '../operations/responses/input-items.ts';
import type { ResponseStore } from '../operations/responses/response-store.ts';
import { resumedEvents, sseFrame } from '../operations/responses/resume-stream.ts';
import { checkApiVersion } from '../protocol/api-version-check.ts';

/**
 * An id the store does not hold (never issued, deleted, or not stored): 404 with the OpenAI error body, as the
 * Responses API answers it on retrieve, delete, input_items and cancel alike.
 */
export const responseNotFound = (id: string) => AoaiError.openai(404, `Response with id '${id}' not found.`);

/**
 * Stored responses, on the dated and v1 routes, checked against the api-version policy in force as the
 * operations are: `GET` (a background one as it stands on the job clock, or its events again with
 * `?stream=true&starting_after=N`), `DELETE`, `GET …/input_items` and `POST …/cancel` (announced at once).
 */
export function storedResponsesRouter(config: () => SimConfig, store: ResponseStore, ends: BackgroundEnds): Router {
  const router = new Router();
  const clock = ends.jobs;
  for (const [prefix, route] of [
    ['/openai/responses/:id', 'dated'],
    ['/openai/v1/responses/:id', 'v1'],
  ] as const) {
    router.get(prefix, async (ctx) => {
      checkApiVersion(ctx.query['api-version'], route, config().server.apiVersionPolicy);
      const stored = await store.response(ctx.params.id!);
      if (!stored) throw responseNotFound(ctx.params.id!);
      if (ctx.query.stream === 'true') {
        const startingAfter = ctx.query.starting_after;
        const events = resumedEvents(stored, Array.isArray(startingAfter) ? startingAfter.at(-1) : startingAfter);
        // each event at its time in the run, on the job clock: those past at once, the rest as they come
        const startedAt = clock.now() - (clock.epochMs() - stored.background!.startedAt);
        const frames = paceEvents(events, (_index, timed) => timed.atMs, { scheduler: schedulerFor(clock), startedAt, map: sseFrame });
        ctx.set('cache-control', 'no-cache');
        ctx.type = 'text/event-stream; charset=utf-8';
        ctx.body = Readable.from(frames);
        return;
      }
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(responseAt(stored, ends.now()));
    });
    router.get(`${prefix}/input_items`, async (ctx) => {
      checkApiVersion(ctx.query['api-version'], route, config().server.apiVersionPolicy);
      const query = inputItemsQuery(ctx.query);
      const stored = await store.response(ctx.params.id!);
      if (!stored) throw responseNotFound(ctx.params.id!);
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(inputItemsPage(stored.conversation.slice(0, stored.inputCount), query));
    });
    router.post(`${prefix}/cancel`, async (ctx) => {
      checkApiVersion(ctx.query['api-version'], route, config().server.apiVersionPolicy);
      const now = ends.now();
      let refusal: AoaiError | undefined;
      let stopped = false;
      const kept = await store.update(ctx.params.id!, (stored) => {
        refusal = undefined;
        const decision = cancelAt(stored, now);
        if ('refusal' in decision) refusal = decision.refusal;
        // cancelling a cancelled response answers it again, and announces nothing again
        stopped = 'response' in decision && decision.response !== stored;
        return 'response' in decision ? decision.response : undefined;
      });
      if (!kept) throw responseNotFound(ctx.params.id!);
      if (refusal) throw refusal;
      if (stopped) ends.cancelled(kept);
      ctx.type = 'application/json';
      ctx.body = JSON.stringify(responseAt(kept, now));
    });
    router.delete(prefix, async (ctx) => {
      checkApiVersion(ctx.query['api-version'], route, config().server.apiVersionPolicy);
      if (!(await store.delete(ctx.params.id!))) throw responseNotFound(ctx.params.id!);
      ctx.type = 'application/json';
      ctx.body = JSON.stringify({ id: ctx.params.id, object: 'response.deleted', deleted: true });
    });
  }
  return router;
}
