import type { FileRecord } from './file-object.ts';

/**
 * Where uploaded files are kept: in memory (MemoryFileStore) or in a directory that survives a restart
 * (DirectoryFileStore). Asynchronous, as a store on disk or elsewhere is. A file that has expired at `nowMs`
 * (the simulator's clock) is gone, as a deleted one is. Batch jobs keep their input and output files here too.
 */
export interface FileStore {
  /** Keeps a file; older files are evicted when the store would hold more than its byte cap. */
  save(file: FileRecord, content: Buffer): Promise<void>;
  /** A file kept and not expired at `nowMs`. */
  get(id: string, nowMs: number): Promise<FileRecord | undefined>;
  content(id: string, nowMs: number): Promise<Buffer | undefined>;
  /** The files kept and not expired at `nowMs`, oldest first. */
  list(nowMs: number): Promise<FileRecord[]>;
  /** Forgets a file; false when it was not kept (or had expired). */
  delete(id: string, nowMs: number): Promise<boolean>;
  /** Files evicted to make room since the store opened: a running total, for aoai_sim_files_evicted_total. */
  readonly evicted: number;
}
