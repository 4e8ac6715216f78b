import { hasExpired, type FileRecord } from './file-object.ts';

/**
 * The bookkeeping both stores share: the records kept, oldest first, and their bytes against the cap. It decides
 * what leaves (expired files, then the oldest until a new file fits); the store removes their content.
 */
export class FileShelf {
  readonly #records = new Map<string, FileRecord>();
  readonly #maxBytes: number;
  #bytes = 0;
  /** Files evicted to make room, ever. */
  evicted = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /**
   * Shelves `file`, first dropping what has expired at `nowMs` and then the oldest files until it fits. Answers
   * the ids dropped, whose content the store removes.
   */
  add(file: FileRecord, nowMs: number): string[] {
    const dropped = this.expire(nowMs);
    for (const [id, kept] of this.#records) {
      if (this.#bytes + file.bytes <= this.#maxBytes) break;
      this.#remove(id, kept);
      this.evicted++;
      dropped.push(id);
    }
    this.#records.set(file.id, file);
    this.#bytes += file.bytes;
    return dropped;
  }

  /** Puts back a file kept from before (a directory store reopening), without eviction. */
  restore(file: FileRecord): void {
    this.#records.set(file.id, file);
    this.#bytes += file.bytes;
  }

  /** Drops what has expired at `nowMs`; answers their ids. */
  expire(nowMs: number): string[] {
    const dropped: string[] = [];
    for (const [id, file] of this.#records) {
      if (!hasExpired(file, nowMs)) continue;
      this.#remove(id, file);
      dropped.push(id);
    }
    return dropped;
  }

  get(id: string, nowMs: number): FileRecord | undefined {
    const file = this.#records.get(id);
    return file === undefined || hasExpired(file, nowMs) ? undefined : file;
  }

  list(nowMs: number): FileRecord[] {
    return [...this.#records.values()].filter((file) => !hasExpired(file, nowMs));
  }

  /** Takes a file off the shelf; false when it was not there or had expired. */
  delete(id: string, nowMs: number): boolean {
    const file = this.#records.get(id);
    if (file === undefined) return false;
    this.#remove(id, file);
    return !hasExpired(file, nowMs);
  }

  #remove(id: string, file: FileRecord): void {
    this.#records.delete(id);
    this.#bytes -= file.bytes;
  }
}
