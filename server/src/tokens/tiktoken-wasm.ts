import { createHash, randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { crc32 } from 'node:zlib';
import * as lite from 'tiktoken/lite/init';
import type { Tiktoken } from 'tiktoken/lite/init';
import type { TokenizerName } from '../config/model-catalog.ts';

/**
 * tiktoken's WASM module, instantiated here rather than by tiktoken (through its public `tiktoken/lite/init` entry,
 * which leaves the instance to the caller), so that the encodings can be saved and restored as an image of the
 * WASM memory.
 *
 * Building an encoding is one call into the WASM that reads its ranks into hash maps: about 0.5 s for `o200k_base`
 * and 0.3 s for `cl100k_base` on one core, during which the event loop does nothing else. Reading the memory they
 * leave back into a fresh instance, straight from a file, takes about 0.1 s for `o200k_base` (most of it the page
 * faults of fresh memory). So the first start builds them and saves the image (saveImage); later starts restore it
 * (restoreImage), check it (a CRC of the memory, and a text tokenized as when it was saved), and build the
 * encodings as before when anything is amiss. The one detail not in tiktoken's public API is the pointer a
 * `Tiktoken` keeps (wasm-bindgen's `__wbg_ptr`), read when saving and set when restoring: if an upgrade changes
 * it, the check fails and the encodings are built.
 */

const require = createRequire(import.meta.url);
const WASM_PATH = require.resolve('tiktoken/lite/tiktoken_bg.wasm');
const PAGE = 64 * 1024;
/** Bumped when what an image holds or how it is named changes. */
const IMAGE_FORMAT = 1;
/** Tokenized when an image is saved and again when it is restored: the same tokens, or the image is not used. */
const PROBE = "Hello, world! Ünïcödé 你好 🙂 1234567 don't\n\t  const x = f(42); // ok\r\n";

/** The little of the WebAssembly API used here (the project's type libraries do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmInstance {
  readonly exports: { readonly memory: WasmMemory };
}
const { WebAssembly: Wasm } = globalThis as unknown as {
  WebAssembly: { Module: new (bytes: Uint8Array) => object; Instance: new (module: object, imports: object) => WasmInstance };
};

interface Glue {
  Tiktoken: typeof Tiktoken;
  __wbg_set_wasm(exports: object): void;
}
const glue = lite as unknown as Glue;

let module: { compiled: object; digest: string } | undefined;
let instance: WasmInstance | undefined;
/** The encodings this thread's instance holds, in the order they were made in it, with their pointers. */
const made: Array<{ name: TokenizerName; encoding: Tiktoken }> = [];

function wasmModule(): { compiled: object; digest: string } {
  if (!module) {
    const bytes = readFileSync(WASM_PATH);
    module = { compiled: new Wasm.Module(bytes), digest: createHash('sha256').update(bytes).digest('hex').slice(0, 16) };
  }
  return module;
}

/** The instance the glue calls: `instance`, or a fresh one being restored into. */
let called: WasmInstance | undefined;

/**
 * A new instance, made the one the glue calls. The memory of the one before is detached (`grow(0)` does that),
 * which is how the glue knows to view the memory anew: its cached views would otherwise still write the strings
 * it passes into the old memory (a restore that failed its check left them so, and the next build trapped).
 */
function freshInstance(): WasmInstance {
  const fresh = new Wasm.Instance(wasmModule().compiled, { './tiktoken_bg.js': lite });
  called?.exports.memory.grow(0);
  called = fresh;
  glue.__wbg_set_wasm(fresh.exports);
  return fresh;
}

/**
 * Builds an encoding from the ranks tiktoken ships as JSON, holding the thread for the time that takes. Once per
 * name: tokenizerFor keeps what it returns (and what restoreImage restored).
 */
export function buildEncoding(name: TokenizerName): Tiktoken {
  instance ??= freshInstance();
  const { bpe_ranks, special_tokens, pat_str } = JSON.parse(readFileSync(require.resolve(`tiktoken/encoders/${name}.json`), 'utf8')) as {
    bpe_ranks: string;
    special_tokens: Record<string, number>;
    pat_str: string;
  };
  const encoding = new glue.Tiktoken(bpe_ranks, special_tokens, pat_str);
  made.push({ name, encoding });
  return encoding;
}

/** What an image's header holds, before the memory it describes. */
interface ImageMeta {
  format: number;
  wasm: string;
  bytes: number;
  crc: number;
  encodings: Array<{ name: TokenizerName; pointer: number; probe: number[] }>;
}

/**
 * An image is one file, so that one rename puts it in place whole: a header of HEADER_BYTES (the metadata as JSON,
 * padded with spaces), then the WASM memory. Two starts saving at once each rename a whole file of their own.
 */
const HEADER_BYTES = 4096;

/** Encodings restored from an image, and the check of the image's file, made after them (see checkImage). */
export interface Restored {
  encodings: Map<TokenizerName, Tiktoken>;
  checked: Promise<boolean>;
}

/**
 * The encodings `names`, restored from an image saved in `dir` with exactly these, in this order, into a fresh
 * instance; undefined when there is none, it does not check out, or this thread has made an encoding already.
 * Checked at once: the size, the module it was made by, and each encoding's tokens of a text. The CRC of the
 * memory, which would add half as much again to the restore (the first pass over fresh memory), is checked after
 * it, off the event loop (`checked`).
 */
export function restoreImage(dir: string, names: readonly TokenizerName[]): Restored | undefined {
  if (instance || names.length === 0) return undefined;
  const path = imagePath(dir, names);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  let fresh: WasmInstance | undefined;
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    if (readSync(fd, header, 0, HEADER_BYTES, 0) !== HEADER_BYTES) return undefined;
    const meta = JSON.parse(header.toString('utf8')) as ImageMeta;
    if (meta.format !== IMAGE_FORMAT || meta.wasm !== wasmModule().digest || meta.encodings.map((each) => each.name).join() !== names.join())
      return undefined;
    fresh = freshInstance();
    const { memory } = fresh.exports;
    memory.grow(meta.bytes / PAGE - memory.buffer.byteLength / PAGE);
    const view = new Uint8Array(memory.buffer);
    // read straight into the WASM memory: a buffer between the two doubled the page faults, the larger cost
    for (let offset = 0; offset < meta.bytes; ) {
      const read = readSync(fd, view, offset, meta.bytes - offset, HEADER_BYTES + offset);
      if (read <= 0) throw new Error('the image is shorter than its header says');
      offset += read;
    }
    const encodings = new Map<TokenizerName, Tiktoken>();
    for (const { name, pointer, probe } of meta.encodings) {
      const encoding = Object.create(glue.Tiktoken.prototype) as Tiktoken & { __wbg_ptr: number };
      encoding.__wbg_ptr = pointer;
      if (Array.from(encoding.encode_ordinary(PROBE)).join() !== probe.join()) throw new Error(`${name} tokenizes differently`);
      encodings.set(name, encoding);
    }
    instance = fresh;
    for (const [name, encoding] of encodings) made.push({ name, encoding });
    return { encodings, checked: checkImage(path, meta) };
  } catch {
    // nothing of it is kept: the next encoding is built in an instance of its own
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Whether the image's memory has the CRC it was saved with, read a MiB at a time in libuv's thread pool. */
async function checkImage(path: string, meta: ImageMeta): Promise<boolean> {
  try {
    const file = await open(path, 'r');
    try {
      const chunk = Buffer.allocUnsafe(1024 * 1024);
      let crc = 0;
      let total = 0;
      for (let read = -1; read !== 0; ) {
        ({ bytesRead: read } = await file.read(chunk, 0, chunk.length, HEADER_BYTES + total));
        crc = crc32(chunk.subarray(0, read), crc);
        total += read;
      }
      if (total === meta.bytes && crc === meta.crc) return true;
    } finally {
      await file.close();
    }
  } catch {
    // unreadable now: as good as damaged
  }
  rmSync(path, { force: true });
  return false;
}

/**
 * Forgets the encodings made or restored (an image whose file failed its check): the next of each is built anew,
 * in a fresh instance, since the allocator's own state in the old memory is no more to be trusted than the tables.
 */
export function forgetEncodings(): void {
  made.length = 0;
  instance = undefined;
}

/**
 * Saves this thread's WASM memory in `dir` as the image of `names`, when it holds exactly those encodings, made
 * in that order, and no image of them is there yet. Written to a temporary file and renamed, so that a start
 * restoring it at the same moment reads the old image or the new one, whole. False when nothing was written.
 */
export function saveImage(dir: string, names: readonly TokenizerName[]): boolean {
  if (!instance || made.map((each) => each.name).join() !== names.join()) return false;
  const path = imagePath(dir, names);
  if (existsSync(path)) return false;
  // tokenizing the probes allocates and frees memory inside the WASM: the image is taken after them
  const encodings = made.map(({ name, encoding }) => ({
    name,
    pointer: (encoding as Tiktoken & { __wbg_ptr: number }).__wbg_ptr,
    probe: Array.from(encoding.encode_ordinary(PROBE)),
  }));
  const view = new Uint8Array(instance.exports.memory.buffer);
  const meta: ImageMeta = { format: IMAGE_FORMAT, wasm: wasmModule().digest, bytes: view.byteLength, crc: crc32(view), encodings };
  const header = Buffer.alloc(HEADER_BYTES, ' ');
  if (header.write(JSON.stringify(meta)) >= HEADER_BYTES) return false;
  const temporary = `${path}.${process.pid}.${randomUUID()}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    const fd = openSync(temporary, 'w');
    try {
      for (const part of [header, view]) {
        for (let written = 0; written < part.byteLength; ) written += writeSync(fd, part, written, part.byteLength - written);
      }
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
    return true;
  } catch {
    rmSync(temporary, { force: true });
    return false;
  }
}

function imagePath(dir: string, names: readonly TokenizerName[]): string {
  return join(dir, `tiktoken-${wasmModule().digest}-${names.join('+')}.img`);
}

/**
 * Where images are kept: AOAI_SIM_CACHE_DIR (`off` for nowhere), else `node_modules/.cache/aoai-sim` beside
 * tiktoken, where build tools keep their caches (removed with node_modules).
 */
export function imageDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.AOAI_SIM_CACHE_DIR;
  if (configured === 'off') return undefined;
  if (configured) return configured;
  // WASM_PATH is <node_modules>/tiktoken/lite/tiktoken_bg.wasm
  return join(dirname(dirname(dirname(WASM_PATH))), '.cache', 'aoai-sim');
}
