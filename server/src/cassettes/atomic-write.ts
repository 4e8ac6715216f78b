import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces `path` with `data` so that a reader (or a crash, or kill -9, at any moment) sees the old file or the
 * new one, never a part: the data goes to a temporary file in the same directory (rename is atomic only within
 * a file system), is flushed to disk, then renamed over the target. The temporary name starts with a dot and
 * ends in `.tmp`, so cassette globs never pick up a leftover.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temporary = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
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
  await syncDirectory(dir);
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
