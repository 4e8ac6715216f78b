/**
 * Bundles the simulator's command (src/cli.ts and all it imports, node_modules included) into one CommonJS file,
 * server/dist/aoai-sim.cjs, with its source map: the image and `npm start` run it. Node's ESM loader resolves,
 * reads, compiles and links each module on its own, and the command loaded about 1,250 of them (480 of ours);
 * loading them was the largest part of the start (docs/performance.md, start-up). One file is read and compiled
 * once. CommonJS rather than an ES module: `import … from 'node:http'` in an ES module builds a namespace of every
 * export of the built-in module, whose lazy getters (node:http's WebSocket, node:crypto's webcrypto) load undici,
 * http2 and webcrypto at start; `require` does not. 0.83× the CPU time to listening of the same bundle as ESM.
 * `node server/bundle/build.ts`; the image's build runs it, and `npm start` through buildBundleIfStale.
 */
import { readFileSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const SERVER = fileURLToPath(new URL('../', import.meta.url));
const REPO = resolve(SERVER, '..');
export const BUNDLE_PATH = `${SERVER}dist/aoai-sim.cjs`;
/** The files the last build read, relative to the repository: what buildBundleIfStale compares with the bundle. */
const INPUTS_PATH = `${SERVER}dist/aoai-sim.inputs.json`;

/**
 * Left to node_modules, required at run time:
 * - tiktoken: its .wasm and its encodings' ranks are read from its package (src/tokens/tiktoken-wasm.ts);
 * - ioredis, ws and selfsigned are imported on first use only (a Redis store, a Realtime session, TLS without a
 *   certificate): inside the bundle they would be read and parsed at every start.
 */
const EXTERNAL = ['tiktoken', 'ioredis', 'ws', 'selfsigned'];

/**
 * The sources' `import.meta.url` (paths.ts finds the files read at run time from it) is the bundle's own URL:
 * paths.ts sits at the depth of dist/ in src/, so the same relative paths hold.
 */
const BANNER = "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;";

/** Builds the bundle; returns its size in bytes. Written beside the old one and renamed over it, as a whole. */
export async function buildBundle(): Promise<number> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [`${SERVER}src/cli.ts`],
    outfile: BUNDLE_PATH,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    // whitespace and syntax only: function and class names stay readable in stack traces and CPU profiles
    minifyWhitespace: true,
    minifySyntax: true,
    // read by Node only with --enable-source-maps (or NODE_V8_COVERAGE): no cost to a start without it
    sourcemap: 'linked',
    // the map locates code in the sources, and does not carry them: 3 MB rather than 10 in the image
    sourcesContent: false,
    absWorkingDir: REPO,
    external: EXTERNAL,
    banner: { js: BANNER },
    define: { 'import.meta.url': '__bundleUrl' },
    metafile: true,
    write: false,
    logLevel: 'warning',
  });
  await mkdir(dirname(BUNDLE_PATH), { recursive: true });
  const staging = `.building-${process.pid}`;
  let bytes = 0;
  for (const file of result.outputFiles) {
    const contents = file.path === BUNDLE_PATH ? asciiOnly(file.text) : file.text;
    await writeFile(file.path + staging, contents);
    if (file.path === BUNDLE_PATH) bytes = Buffer.byteLength(contents);
  }
  // files only: a plugin's module is named `namespace:path`
  const inputs = Object.keys(result.metafile.inputs).filter((input) => !/^[\w-]+:/.test(input));
  await writeFile(INPUTS_PATH + staging, JSON.stringify(inputs));
  // the bundle last: a bundle newer than its inputs list is never paired with an older list
  for (const file of [...result.outputFiles.map(({ path }) => path).filter((path) => path !== BUNDLE_PATH), INPUTS_PATH, BUNDLE_PATH])
    await rename(file + staging, file);
  return bytes;
}

/**
 * esbuild escapes non-ASCII characters everywhere but in regular expression literals (liquidjs has one). One such
 * character makes V8 keep the whole 4 MB source as a two-byte string, twice the memory and slower to decode: `\u`
 * escapes mean the same inside a regular expression (a character above U+FFFF is written as its two halves, as
 * in a string).
 */
function asciiOnly(code: string): string {
  return code.replace(/[^\0-\x7f]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
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
