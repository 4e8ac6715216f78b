/**
 * Bundles the simulator's command (src/cli.ts and all it imports, node_modules included) into one ES module,
 * server/dist/aoai-sim.mjs, with its source map: the image and `npm start` run it. Node's ESM loader resolves,
 * reads and links each module on its own, and the command loaded about 1,250 of them (480 of ours); loading them
 * was the largest part of the start (docs/performance.md, start-up). One file is read, compiled and linked once.
 * `node server/bundle/build.ts`; the image's build runs it, and `npm start` through buildBundleIfStale.
 */
import { readFileSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../', import.meta.url));
const REPO = resolve(SERVER, '..');
export const BUNDLE_PATH = `${SERVER}dist/aoai-sim.mjs`;
/** The files the last build read, relative to the repository: what buildBundleIfStale compares with the bundle. */
const INPUTS_PATH = `${SERVER}dist/aoai-sim.inputs.json`;

/**
 * Left to node_modules, imported at run time:
 * - tiktoken reads its .wasm beside its own JavaScript;
 * - ioredis, ws and selfsigned are imported on first use only (a Redis store, a Realtime session, TLS without a
 *   certificate): inside the bundle they would be read and parsed at every start.
 */
const EXTERNAL = ['tiktoken', 'ioredis', 'ws', 'selfsigned'];

/**
 * The bundled CommonJS packages call `require` for Node's built-in modules, which an ES module has not got: the
 * bundle makes its own, as Node would give a CommonJS module beside it.
 */
const BANNER = "import { createRequire as __bundleRequire } from 'node:module';\nconst require = __bundleRequire(import.meta.url);";

/** Builds the bundle; returns its size in bytes. Written beside the old one and renamed over it, as a whole. */
export async function buildBundle(): Promise<number> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [`${SERVER}src/cli.ts`],
    outfile: BUNDLE_PATH,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    // whitespace and syntax only: function and class names stay readable in stack traces and CPU profiles
    minifyWhitespace: true,
    minifySyntax: true,
    // read by Node only with --enable-source-maps (or NODE_V8_COVERAGE): no cost to a start without it
    sourcemap: 'linked',
    absWorkingDir: REPO,
    external: EXTERNAL,
    banner: { js: BANNER },
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  await mkdir(dirname(BUNDLE_PATH), { recursive: true });
  const staging = `.building-${process.pid}`;
  let bytes = 0;
  for (const file of result.outputFiles) {
    await writeFile(file.path + staging, file.contents);
    if (file.path === BUNDLE_PATH) bytes = file.contents.byteLength;
  }
  const inputs = Object.keys(result.metafile.inputs);
  await writeFile(INPUTS_PATH + staging, JSON.stringify(inputs));
  // the bundle last: a bundle newer than its inputs list is never paired with an older list
  for (const file of [...result.outputFiles.map(({ path }) => path).filter((path) => path !== BUNDLE_PATH), INPUTS_PATH, BUNDLE_PATH])
    await rename(file + staging, file);
  return bytes;
}

/**
 * Builds the bundle unless it is newer than every file it was built from, this script and the installed
 * dependencies' lock (npm gives the files it installs a fixed, old time): true when it built.
 */
export async function buildBundleIfStale(): Promise<boolean> {
  if (!isStale()) return false;
  await buildBundle();
  return true;
}

function isStale(): boolean {
  const built = mtime(BUNDLE_PATH);
  if (built === undefined) return true;
  let inputs: string[];
  try {
    inputs = JSON.parse(readFileSync(INPUTS_PATH, 'utf8')) as string[];
  } catch {
    return true;
  }
  if (inputs.some((input) => (mtime(`${REPO}/${input}`) ?? Number.POSITIVE_INFINITY) > built)) return true;
  return [fileURLToPath(import.meta.url), `${REPO}/node_modules/.package-lock.json`].some((file) => (mtime(file) ?? 0) > built);
}

function mtime(path: string): number | undefined {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const bytes = await buildBundle();
  console.log(`server bundled: ${BUNDLE_PATH.slice(REPO.length + 1)} ${(bytes / 1024).toFixed(0)} KiB`);
}
