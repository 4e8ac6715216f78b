/*
 * The live dashboard: the page at GET /__sim/ui and its feed of snapshots (server-sent events), made only while a
 * page is connected. See docs/dashboard.md.
 */
export { DASHBOARD_EVENTS_PATH, DASHBOARD_PATH, dashboardRouter } from './dashboard-router.ts';
export { SnapshotMaker, type DashboardSnapshot, type DashboardSources } from './dashboard-snapshot.ts';
export { FEED_INTERVAL_MS, LiveFeed, MAX_CLIENT_BUFFER_BYTES, MAX_FEED_CLIENTS } from './live-feed.ts';
export { UiAssets } from './ui-assets.ts';
