import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { realClock } from '../../clock/index.ts';
import { messageLine, REALTIME_RECORDING_SUFFIX, type RecordedSessionEvent, type RecordingHeader } from './session-recording.ts';

/** How many file names a session tries before giving up: `<name>-1…` up to this. */
const MAX_FILES_PER_NAME = 10_000;

/**
 * Writes one realtime session to its own file as it happens, a line per message, so that a recorder killed at
 * any moment leaves every message before the kill on disk. Each line is written at once (a few microseconds for
 * a line, which audio deltas send some tens of per second), never buffered. Past `maxBytes` the file gets a last
 * `truncated` line and no more: the session itself goes on, relayed as before.
 */
export class SessionRecorder {
  readonly file: string;
  readonly #fd: number;
  readonly #maxBytes: number;
  readonly #sanitize: (text: string) => string;
  /** The real time the session started at: the recording keeps the real service's timing, whatever the simulation's clock. */
  readonly #started = realClock.now();
  #bytes = 0;
  #stopped = false;

  private constructor(file: string, fd: number, maxBytes: number, sanitize: (text: string) => string) {
    this.file = file;
    this.#fd = fd;
    this.#maxBytes = maxBytes;
    this.#sanitize = sanitize;
  }

  /** A new file in `dir`, `<name>-<n>.realtime.jsonl` with the first free n, its header written. */
  static open(dir: string, header: RecordingHeader, maxBytes: number, sanitize: (text: string) => string): SessionRecorder {
    const base = header.name.replace(/[^A-Za-z0-9._-]+/g, '-');
    for (let n = 1; n <= MAX_FILES_PER_NAME; n++) {
      const file = join(dir, `${base}-${n}${REALTIME_RECORDING_SUFFIX}`);
      let fd: number;
      try {
        fd = openSync(file, 'wx');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw error;
      }
      const recorder = new SessionRecorder(file, fd, maxBytes, sanitize);
      recorder.#write(`${JSON.stringify(header)}\n`);
      return recorder;
    }
    throw new Error(`${dir} holds ${MAX_FILES_PER_NAME} realtime recordings named ${base}: no name left`);
  }

  /** Whether the size cap stopped the recording. */
  get truncated(): boolean {
    return this.#stopped;
  }

  message(from: 'client' | 'server', data: string | Buffer, isBinary: boolean): void {
    if (this.#stopped) return;
    this.#keep(messageLine(this.#offset(), from, isBinary ? data : this.#sanitize(String(data)), isBinary));
  }

  closed(from: 'client' | 'server', code: number, reason: string): void {
    if (!this.#stopped) this.#keep({ offsetMs: this.#offset(), from, close: { code, reason: this.#sanitize(reason) } });
  }

  /** Closes the file; nothing is written after. */
  end(): void {
    if (this.#bytes < 0) return;
    this.#bytes = -1;
    this.#stopped = true;
    closeSync(this.#fd);
  }

  #offset(): number {
    return Math.round(realClock.now() - this.#started);
  }

  #keep(line: RecordedSessionEvent): void {
    const text = `${JSON.stringify(line)}\n`;
    if (this.#bytes + Buffer.byteLength(text) <= this.#maxBytes) return this.#write(text);
    this.#stopped = true;
    this.#write(`${JSON.stringify({ offsetMs: line.offsetMs, from: line.from, truncated: true })}\n`);
  }

  #write(text: string): void {
    const bytes = Buffer.from(text);
    writeSync(this.#fd, bytes);
    this.#bytes += bytes.length;
  }
}
