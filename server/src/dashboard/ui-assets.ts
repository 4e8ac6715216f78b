import { readdir, readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { UI_BUILD_DIR } from '../paths.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** One built file, as served. */
export interface UiAsset {
  contentType: string;
  body: Buffer;
}

/**
 * The built page, read into memory once on its first request (a few hundred KiB): only the files the build
 * wrote are served, by exact name, so no path reaches beyond the folder. Undefined when the page was not built.
 */
export class UiAssets {
  readonly #dir: string;
  #loaded: Promise<Map<string, UiAsset> | undefined> | undefined;

  constructor(dir = UI_BUILD_DIR) {
    this.#dir = dir;
  }

  /** The page's file `name` (`index.html`, `assets/dashboard.js`…), or undefined. */
  async get(name: string): Promise<UiAsset | undefined> {
    this.#loaded ??= this.#load();
    return (await this.#loaded)?.get(name);
  }

  async #load(): Promise<Map<string, UiAsset> | undefined> {
    try {
      const files = new Map<string, UiAsset>();
      for (const entry of await readdir(this.#dir, { recursive: true, withFileTypes: true })) {
        if (!entry.isFile()) continue;
        const path = join(entry.parentPath, entry.name);
        const name = path.slice(this.#dir.length).split('\\').join('/');
        files.set(name, { contentType: CONTENT_TYPES[extname(name)] ?? 'application/octet-stream', body: await readFile(path) });
      }
      return files;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}
