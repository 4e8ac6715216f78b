/**
 * Builds the dashboard page (GET /__sim/ui) into server/ui-dist: index.html, and its TypeScript and styles
 * bundled by esbuild (one script, one stylesheet, uPlot inside: no CDN, so the page works offline and in CI).
 * `npm run build:ui`; npm start, npm test, the package's prepack and the Dockerfile run it.
 */
import { build } from 'esbuild';
import { copyFile, mkdir, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const UI_OUT_DIR = fileURLToPath(new URL('../ui-dist/', import.meta.url));

/** Builds the page; returns the bytes of each file written. */
export async function buildUi(): Promise<Record<string, number>> {
  await rm(UI_OUT_DIR, { recursive: true, force: true });
  await mkdir(`${UI_OUT_DIR}assets`, { recursive: true });
  const result = await build({
    entryPoints: { dashboard: `${HERE}src/main.ts` },
    outdir: `${UI_OUT_DIR}assets`,
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    metafile: true,
    logLevel: 'warning',
  });
  await copyFile(`${HERE}index.html`, `${UI_OUT_DIR}index.html`);
  return Object.fromEntries(Object.entries(result.metafile.outputs).map(([file, { bytes }]) => [file, bytes]));
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
