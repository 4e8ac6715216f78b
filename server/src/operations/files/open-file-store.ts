import type { ResolvedFiles } from '../../config/resolve-config.ts';
import { DirectoryFileStore } from './directory-file-store.ts';
import type { FileStore } from './file-store.ts';
import { MemoryFileStore } from './memory-file-store.ts';

/** The store `server.files` asks for: in its directory when it names one, else in memory. */
export function openFileStore(settings: ResolvedFiles): FileStore {
  return settings.dir === undefined ? new MemoryFileStore(settings.maxBytes) : new DirectoryFileStore(settings.dir, settings.maxBytes);
}
