import { existsSync } from 'node:fs';
import { copyFile, mkdir, symlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runOk, userEnvironment } from './run.ts';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));

/** A tarball as `npm pack --json` describes it. */
export interface Pack {
  name: string;
  version: string;
  /** The tarball's path. */
  tarball: string;
  /** The paths inside the package. */
  files: string[];
}

/**
 * Both packages as a release makes them: `npm run build`, then `npm pack`, in a copy of the working tree, so
 * that the repository gets no build output (the `aoai-sim` launcher would run a stale dist/ instead of the
 * sources) and no prepack leftovers. The copy borrows the repository's node_modules for the compiler and types.
 */
export async function packWorkspaces(workDir: string): Promise<{ server: Pack; client: Pack }> {
  const copy = join(workDir, 'repo');
  const packs = join(workDir, 'packs');
  // the files a clone with these changes would have: tracked ones, and new ones git does not ignore
  const listed = await runOk('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, timeoutMs: 30_000 });
  for (const file of listed.split('\0').filter(Boolean)) {
    if (!existsSync(join(REPO, file))) continue; // deleted in the working tree
    await mkdir(dirname(join(copy, file)), { recursive: true });
    await copyFile(join(REPO, file), join(copy, file));
  }
  await symlink(join(REPO, 'node_modules'), join(copy, 'node_modules'), 'dir');
  await mkdir(packs);
  const env = userEnvironment();
  await runOk('npm', ['run', 'build'], { cwd: copy, env, timeoutMs: 180_000 });
  const out = await runOk('npm', ['pack', '--json', '--workspace', 'server', '--workspace', 'client', '--pack-destination', packs], {
    cwd: copy,
    env,
    timeoutMs: 120_000,
  });
  const described = (JSON.parse(out) as Array<{ name: string; version: string; filename: string; files: Array<{ path: string }> }>).map(
    (pack): Pack => ({
      name: pack.name,
      version: pack.version,
      tarball: join(packs, pack.filename),
      files: pack.files.map((file) => file.path),
    }),
  );
  const server = described.find((pack) => pack.name === 'aoai-sim');
  const client = described.find((pack) => pack.name === '@aoai-sim/client');
  if (!server || !client) throw new Error(`npm pack made ${described.map((pack) => pack.name).join(', ')}`);
  return { server, client };
}
