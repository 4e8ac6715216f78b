import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../cassettes/atomic-write.ts';
import type { FileRecord } from './file-object.ts';
import { FileShelf } from './file-shelf.ts';
import type { FileStore } from './file-store.ts';

const RECORD = '.json';
const CONTENT = '.content';
/** A file id as the store issues it: nothing else is read back as one, nor used as a path. */
const FILE_ID = /^file-[0-9a-f]{32}$/;

/**
 * Files kept in a directory, so that they survive a restart: each as `<id>.content` and its record
 * `<id>.json`, each written atomically, the content first, so that a record found on opening always has its
 * content. Bounded by `maxBytes` as the memory store is; the records are read once, when the store is first used.
 */
export class DirectoryFileStore implements FileStore {
  readonly #dir: string;
  readonly #shelf: FileShelf;
  #opened: Promise<void> | undefined;

  constructor(dir: string, maxBytes: number) {
    this.#dir = dir;
    this.#shelf = new FileShelf(maxBytes);
  }

  get evicted(): number {
    return this.#shelf.evicted;
  }

  async save(file: FileRecord, content: Buffer): Promise<void> {
    await this.#open();
    await writeFileAtomic(this.#path(file.id, CONTENT), content);
    await writeFileAtomic(this.#path(file.id, RECORD), JSON.stringify(file));
    await this.#removeAll(this.#shelf.add(file, file.createdAtMs));
  }

  async get(id: string, nowMs: number): Promise<FileRecord | undefined> {
    await this.#open();
    return this.#shelf.get(id, nowMs);
  }

  async content(id: string, nowMs: number): Promise<Buffer | undefined> {
    if ((await this.get(id, nowMs)) === undefined) return undefined;
    try {
      return await readFile(this.#path(id, CONTENT));
    } catch {
      // removed behind the simulator's back: gone, as a deleted file is
      return undefined;
    }
  }

  async list(nowMs: number): Promise<FileRecord[]> {
    await this.#open();
    await this.#removeAll(this.#shelf.expire(nowMs));
    return this.#shelf.list(nowMs);
  }

  async delete(id: string, nowMs: number): Promise<boolean> {
    await this.#open();
    const kept = this.#shelf.delete(id, nowMs);
    await this.#removeAll([id]);
    return kept;
  }

  #open(): Promise<void> {
    this.#opened ??= this.#load();
    return this.#opened;
  }

  async #load(): Promise<void> {
    await mkdir(this.#dir, { recursive: true });
    const records: FileRecord[] = [];
    for (const name of await readdir(this.#dir)) {
      const id = name.slice(0, -RECORD.length);
      if (!name.endsWith(RECORD) || !FILE_ID.test(id)) continue;
      try {
        records.push(JSON.parse(await readFile(join(this.#dir, name), 'utf8')) as FileRecord);
      } catch {
        // a record that does not read is skipped, not fatal: the other files are still served
      }
    }
    records.sort((a, b) => a.createdAtMs - b.createdAtMs);
    for (const record of records) this.#shelf.restore(record);
  }

  async #removeAll(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      if (!FILE_ID.test(id)) continue;
      // the record first: a content file without its record is never read back
      await rm(this.#path(id, RECORD), { force: true });
      await rm(this.#path(id, CONTENT), { force: true });
    }
  }

  #path(id: string, suffix: string): string {
    if (!FILE_ID.test(id)) throw new Error(`not a file id: ${id}`);
    return join(this.#dir, id + suffix);
  }
}
