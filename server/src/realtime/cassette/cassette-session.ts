import { serviceId } from '../../protocol/ids.ts';

/**
 * A session served from a recording or into one, as the sessions observer sees it: the new session's own id,
 * when it opened, the responses it asked for, and the recording, which its journal entry names.
 */
export class CassetteSession {
  readonly id = serviceId('sess_', 21);
  readonly openedAt: { epochMs: number; now: number };
  readonly mode: 'replay' | 'record';
  /** The recording followed or written. */
  file: string;
  responses = 0;
  /** Client events no recording matched (replay). */
  misses = 0;
  /** Told once, when the session ends. */
  onEnd: (() => void) | undefined;
  #ended = false;

  constructor(mode: 'replay' | 'record', file: string, openedAt: { epochMs: number; now: number }) {
    this.mode = mode;
    this.file = file;
    this.openedAt = openedAt;
  }

  /** What the journal entry says of the recording. */
  get cassette(): { mode: 'replay' | 'record'; file: string; misses?: number } {
    return this.mode === 'replay' ? { mode: this.mode, file: this.file, misses: this.misses } : { mode: this.mode, file: this.file };
  }

  protected ended(): void {
    if (this.#ended) return;
    this.#ended = true;
    this.onEnd?.();
  }
}
