import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

// `.name.pid.random.tmp`: a dot name, so cassette globs never pick up a leftover
const TEMPORARY_NAME = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;
/** The temporary files this process is writing now: never a leftover, whatever their name says. */
const writing = new Set<string>();

/**
 * Replaces `path` with `data` so that a reader (or a crash, or kill -9, at any moment) sees the old file or the
 * new one, never a part: the data goes to a temporary file in the same directory (rename is atomic only within
 * a file system), is flushed to disk, then renamed over the target. A kill can leave the temporary file
 * behind; {@link isLeftoverTemporary} recognises it.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(resolve(path));
  const temporary = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  writing.add(temporary);
  try {
    await writeAndRename(temporary, path, data);
  } finally {
    writing.delete(temporary);
  }
  await syncDirectory(dir);
}

async function writeAndRename(temporary: string, path: string, data: string | Uint8Array): Promise<void> {
  const file = await open(temporary, 'wx');
  try {
    await file.writeFile(data);
    await file.sync();
  } catch (error) {
    await file.close();
    await rm(temporary, { force: true });
    throw error;
  }
  await file.close();
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/**
 * Whether the file `name` in `dir` is a temporary file of an atomic write that will never finish: its writer
 * (the process id in its name) is gone, or is this process and is not writing it.
 */
export function isLeftoverTemporary(dir: string, name: string): boolean {
  const match = TEMPORARY_NAME.exec(name);
  if (!match) return false;
  const pid = Number(match[1]);
  return pid === process.pid ? !writing.has(join(resolve(dir), name)) : !processAlive(pid);
}

/** Whether a process with this id runs (one of another user's counts: it cannot be signalled, but it runs). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid < 1) return false; // 0 and below would signal process groups
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The rename lives in the directory entry: without this a power cut could still lose it (a kill could not). */
async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // some platforms and file systems refuse to open or fsync a directory; the rename is still atomic there
  } finally {
    await handle?.close();
  }
}
