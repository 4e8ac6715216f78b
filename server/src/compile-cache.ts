/**
 * Turns on Node's compile cache before the simulator's modules load: `npm start` loads it first with
 * `node --import`, since a module's own imports are compiled before its code runs. Node keeps the code V8 compiled
 * (and, for these TypeScript sources, the stripped JavaScript) in its cache directory (NODE_COMPILE_CACHE, else
 * node-compile-cache in the system's temporary directory), and a later start reads it instead of compiling again:
 * about a quarter of the start's CPU time (docs/performance.md, start-up). A cache it cannot write is skipped.
 */
import { enableCompileCache } from 'node:module';

enableCompileCache();
