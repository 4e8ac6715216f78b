#!/usr/bin/env node
// The `aoai-sim` command. A published package and the image run the compiled dist/cli.js; a clone runs the
// TypeScript sources straight after `npm ci`, through Node's type stripping (on by default from Node 22.18), so
// `npx aoai-sim` works there without a build. The server's sources import each other by relative path and
// nothing by package name, so they need no `--conditions=aoai-sim-source`. A flag such as --v8-pool-size=0 (see
// the README's load-testing notes) cannot be set from here without a second process: give it in NODE_OPTIONS.
// Node's compile cache first, so that it covers every module the command loads (docs/performance.md, start-up).
import { existsSync } from 'node:fs';
import { enableCompileCache } from 'node:module';

enableCompileCache();
const built = new URL('../dist/cli.js', import.meta.url);
await import(existsSync(built) ? built.href : new URL('../src/cli.ts', import.meta.url).href);
