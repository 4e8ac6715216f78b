import Router from '@koa/router';
import type { Context } from 'koa';
import { AoaiError } from '../http/aoai-error.ts';
import type { LiveFeed } from './live-feed.ts';
import type { UiAssets } from './ui-assets.ts';

/** Where the dashboard lives: the page, its assets, and its live feed. */
export const DASHBOARD_PATH = '/__sim/ui';
export const DASHBOARD_ASSETS_PATH = `${DASHBOARD_PATH}/assets`;
export const DASHBOARD_EVENTS_PATH = `${DASHBOARD_PATH}/events`;

/**
 * The page may load only what the simulator serves: no CDN, no font or script from elsewhere, and its one
 * connection is back to this origin. uPlot sizes its elements with inline styles, hence 'unsafe-inline' for styles.
 */
const CONTENT_SECURITY_POLICY =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/**
 * GET /__sim/ui (the page), /__sim/ui/assets/* (its script and styles), and /__sim/ui/events (the live feed,
 * server-sent events). The page and assets hold no data and load without the admin key, so that the page can
 * ask for it; the feed is guarded like the rest of the control API.
 */
export function dashboardRouter(feed: LiveFeed, assets: UiAssets): Router {
  const router = new Router();
  router.get(DASHBOARD_PATH, async (ctx) => serve(ctx, await assets.get('index.html')));
  router.get(`${DASHBOARD_ASSETS_PATH}/:name`, async (ctx) => serve(ctx, await assets.get(`assets/${ctx.params.name}`)));
  router.get(DASHBOARD_EVENTS_PATH, (ctx) => {
    if (feed.full) throw dashboardBusy();
    // the feed writes the stream itself, for as long as the page stays
    ctx.respond = false;
    feed.connect(ctx.res);
  });
  return router;
}

function serve(ctx: Context, asset: { contentType: string; body: Buffer } | undefined): void {
  if (!asset) throw notBuilt(ctx.path);
  ctx.status = 200;
  ctx.type = asset.contentType;
  ctx.set('content-security-policy', CONTENT_SECURITY_POLICY);
  ctx.set('x-content-type-options', 'nosniff');
  ctx.set('cache-control', 'no-cache');
  ctx.body = asset.body;
}

function notBuilt(path: string): AoaiError {
  const message =
    path === DASHBOARD_PATH
      ? 'The dashboard was not built: run `npm run build:ui` (npm start and npm test run it).'
      : `No dashboard asset is at ${path}.`;
  return new AoaiError(404, JSON.stringify({ error: { code: 'NotFound', message } }));
}

function dashboardBusy(): AoaiError {
  return new AoaiError(
    503,
    JSON.stringify({ error: { code: 'DashboardBusy', message: 'Too many dashboard pages are connected; close one and reload.' } }),
    { 'retry-after': '5' },
  );
}
