import { cp, mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** What a page's blocks never see of the clone: its history, and the config the docs' own TypeScript gets. */
const NOT_LINKED = new Set(['.git', 'tsconfig.json']);
/**
 * Copied, not linked: a page may put its own `scenarios/scenarios.yaml` beside the clone's files, for
 * `docker run -v "$PWD/scenarios:/scenarios"` to serve, and through a link it would land in the repository.
 */
const COPIED = new Set(['scenarios']);

/**
 * A working folder that looks like a clone of the repository, as the docs assume the reader is in one: each
 * top-level entry is a link to the real one (`scenarios/` a copy), so `npm start`, `npx aoai-sim` and
 * `scenarios/examples/…` work, while the files a page writes (`<!-- file: … -->`, recordings, cassettes) land in
 * the folder and vanish with it.
 */
export class Workspace {
  readonly dir: string;
  private readonly linked: Set<string>;

  private constructor(dir: string, linked: Set<string>) {
    this.dir = dir;
    this.linked = linked;
  }

  static async create(repo: string, label: string): Promise<Workspace> {
    const dir = await realpath(await mkdtemp(join(tmpdir(), `aoai-sim-docs-${label.replace(/[^\w-]+/g, '-')}-`)));
    const linked = new Set<string>();
    for (const entry of await readdir(repo)) {
      if (NOT_LINKED.has(entry)) continue;
      if (COPIED.has(entry)) {
        await cp(join(repo, entry), join(dir, entry), { recursive: true });
        continue;
      }
      await symlink(join(repo, entry), join(dir, entry));
      linked.add(entry);
    }
    return new Workspace(dir, linked);
  }

  /** Writes a file a page shows; never through a link, which would write into the repository itself. */
  async write(path: string, content: string): Promise<string> {
    const target = resolve(this.dir, path);
    const inside = relative(this.dir, target);
    if (inside.startsWith('..') || inside.split(sep)[0] === '' || this.linked.has(inside.split(sep)[0]!))
      throw new Error(`a docs block may not write ${path}: it is outside the working folder or inside the repository`);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
    return target;
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
