/**
 * `npm start`: the simulator from the bundle (server/dist/aoai-sim.cjs), which this builds first when a file it is
 * built from has changed, and the dashboard page likewise; in one process, without a second `npm run`. The bundle
 * runs as though started itself (`process.argv[1]`), so that `--workers` forks it rather than this script.
 */
import { createRequire, enableCompileCache } from 'node:module';

// Node's compile cache, before the bundle loads: Node keeps the code V8 compiled for it in its cache directory
// (NODE_COMPILE_CACHE, else node-compile-cache in the system's temporary directory), and a later start reads it
// instead of compiling again (docs/performance.md, start-up). A cache it cannot write is skipped.
// Forked workers (--workers) inherit it through the environment.
const { directory } = enableCompileCache();
if (directory !== undefined) process.env.NODE_COMPILE_CACHE ??= directory;
const { BUNDLE_PATH, buildBundleIfStale } = await import('./build.ts');
const { buildUiIfStale } = await import('../ui/build.ts');
await Promise.all([buildBundleIfStale(), buildUiIfStale()]);
process.argv[1] = BUNDLE_PATH;
createRequire(import.meta.url)(BUNDLE_PATH);
