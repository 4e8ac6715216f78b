/**
 * Builds the dashboard page (GET /__sim/ui) into server/ui-dist: index.html, and its TypeScript and styles
 * bundled by esbuild (one script, one stylesheet, uPlot inside: no CDN, so the page works offline and in CI).
 * `npm run build:ui`; npm start, npm test, the package's prepack and the Dockerfile run it.
 */
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const UI_OUT_DIR = fileURLToPath(new URL('../ui-dist/', import.meta.url));

/**
 * Builds the page; returns the bytes of each file written. It is built beside the old build and swapped in, so a
 * simulator serving the old one (another test file's, say) finds a whole build at every moment but the swap's.
 */
export async function buildUi(): Promise<Record<string, number>> {
  // imported here: `npm start` checks the page on every start and builds it seldom
  const { build } = await import('esbuild');
  const staging = `${UI_OUT_DIR.replace(/\/$/, '')}.building-${process.pid}/`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(`${staging}assets`, { recursive: true });
  const result = await build({
    entryPoints: { dashboard: `${HERE}src/main.ts` },
    outdir: `${staging}assets`,
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    metafile: true,
    logLevel: 'warning',
  });
  await copyFile(`${HERE}index.html`, `${staging}index.html`);
  await rm(UI_OUT_DIR, { recursive: true, force: true });
  await rename(staging, UI_OUT_DIR);
  return Object.fromEntries(Object.entries(result.metafile.outputs).map(([file, { bytes }]) => [file.replace(staging, UI_OUT_DIR), bytes]));
}

/**
 * Builds the page unless the build is newer than every source of it (`npm test` has just built it): the tests
 * that need the page call this, in parallel workers, and a rebuild under a page being served would break it.
 */
export async function buildUiIfStale(): Promise<void> {
  const built = await stat(`${UI_OUT_DIR}index.html`).then(
    (stats) => stats.mtimeMs,
    () => Number.NEGATIVE_INFINITY,
  );
  const sources = [fileURLToPath(import.meta.url), `${HERE}index.html`];
  for (const entry of await readdir(`${HERE}src`, { recursive: true, withFileTypes: true }))
    if (entry.isFile()) sources.push(`${entry.parentPath}/${entry.name}`);
  for (const source of sources) if ((await stat(source)).mtimeMs > built) return void (await buildUi());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const sizes = await buildUi();
  // silent as prepack: `npm pack --json` passes a lifecycle script's output on with its JSON
  if (process.env.npm_lifecycle_event !== 'prepack')
    console.log(
      `dashboard built: ${Object.entries(sizes)
        .map(([file, bytes]) => `${file.split('/').pop()} ${(bytes / 1024).toFixed(1)} KiB`)
        .join(', ')}`,
    );
}
