import type { FileRecord } from './file-object.ts';
import { FileShelf } from './file-shelf.ts';
import type { FileStore } from './file-store.ts';

/** Files kept in this process, bounded by `maxBytes` of content: the oldest leave first to make room. */
export class MemoryFileStore implements FileStore {
  readonly #shelf: FileShelf;
  readonly #contents = new Map<string, Buffer>();

  constructor(maxBytes: number) {
    this.#shelf = new FileShelf(maxBytes);
  }

  get evicted(): number {
    return this.#shelf.evicted;
  }

  async save(file: FileRecord, content: Buffer): Promise<void> {
    for (const id of this.#shelf.add(file, file.createdAtMs)) this.#contents.delete(id);
    this.#contents.set(file.id, content);
  }

  async get(id: string, nowMs: number): Promise<FileRecord | undefined> {
    return this.#shelf.get(id, nowMs);
  }

  async content(id: string, nowMs: number): Promise<Buffer | undefined> {
    return this.#shelf.get(id, nowMs) === undefined ? undefined : this.#contents.get(id);
  }

  async list(nowMs: number): Promise<FileRecord[]> {
    // expired files give their memory back whenever the files are listed
    for (const id of this.#shelf.expire(nowMs)) this.#contents.delete(id);
    return this.#shelf.list(nowMs);
  }

  async delete(id: string, nowMs: number): Promise<boolean> {
    this.#contents.delete(id);
    return this.#shelf.delete(id, nowMs);
  }
}
