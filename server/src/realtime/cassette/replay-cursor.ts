import { clientEventKey, describeKey } from './client-event-key.ts';
import type { RealtimeRecording, RecordedSessionEvent } from './session-recording.ts';

/** A client event of a recording and the server events that followed it, up to the client's next. */
export interface ReplayStep {
  key: string;
  /** The client event's offset: the server events' delays count from it. */
  atMs: number;
  follow: RecordedSessionEvent[];
}

/** A recording cut into what the server sends on connect and the steps the client's events set off. */
export interface ReplayScript {
  file: string;
  opening: RecordedSessionEvent[];
  steps: ReplayStep[];
  /** The recording stopped at its size cap after its last step. */
  truncated: boolean;
}

/** Cuts a recording into its opening and its steps. A client's close ends a session, so it sets off nothing. */
export function replayScript(recording: RealtimeRecording): ReplayScript {
  const script: ReplayScript = { file: recording.file, opening: [], steps: [], truncated: false };
  for (const line of recording.events) {
    if (line.truncated) {
      script.truncated = true;
      break;
    }
    if (line.from === 'client') {
      if (line.close === undefined)
        script.steps.push({ key: clientEventKey(line.event ?? line.text ?? null), atMs: line.offsetMs, follow: [] });
      continue;
    }
    (script.steps.at(-1)?.follow ?? script.opening).push(line);
  }
  return script;
}

/**
 * Where a replayed session is in its recordings. Every recording of the deployment is a candidate at first;
 * each client event keeps those whose next client event it matches, and the session follows the first of them
 * (the first in path order), so recordings that share a beginning part ways where their clients did.
 */
export class ReplayCursor {
  #candidates: readonly ReplayScript[];
  #taken = 0;

  constructor(scripts: readonly ReplayScript[]) {
    this.#candidates = scripts;
  }

  /** The recording followed so far. */
  get script(): ReplayScript | undefined {
    return this.#candidates[0];
  }

  /** The step `key` sets off, or why no recording has one (for the `error` event and the log). */
  take(key: string): ReplayStep | { miss: string } {
    const index = this.#taken;
    const matching = this.#candidates.filter((script) => script.steps[index]?.key === key);
    if (matching.length === 0) return { miss: this.#missReason(key) };
    this.#candidates = matching;
    this.#taken++;
    return matching[0]!.steps[index]!;
  }

  #missReason(key: string): string {
    const followed = this.#candidates[0];
    const got = describeKey(key);
    if (!followed) return `No realtime recording to follow for ${got}.`;
    const expected = followed.steps[this.#taken];
    if (expected) return `The recording ${followed.file} expects ${describeKey(expected.key)} here, not ${got}.`;
    return followed.truncated
      ? `The recording ${followed.file} stops here: it reached record.realtimeMaxBytes. Nothing answers ${got}.`
      : `The recording ${followed.file} has no more client events; nothing answers ${got}.`;
  }
}
