import { deploymentsOf } from '../config/resolve-resources.ts';
import { createRandom } from '../generate/random.ts';
import { transcriptSegments, transcriptText } from '../operations/audio/transcript.ts';
import type { TurnRuntime } from '../pipeline/index.ts';
import type { SessionOpening } from './realtime-session.ts';

/**
 * What the user said in a session's `turn`-th committed audio (from 0): the deployment's scripted utterance of
 * that number, or past the script a sentence of the default text generator sized to the audio, seeded by the
 * deployment and the turn's number (so a run gives the same words each time), as the transcription operation
 * makes its transcripts.
 */
export function userUtterance(scripted: readonly string[] | undefined, deployment: string, turn: number, audioMs: number): string {
  const line = scripted?.[turn];
  if (line !== undefined) return line;
  const segments = transcriptSegments(createRandom(`realtime:${deployment}:${turn}`), Math.max(1, audioMs / 1000), () => []);
  return transcriptText(segments);
}

/** A session's user utterances: its deployment's script, read from the current configuration at each turn. */
export function sessionUtterances(runtime: TurnRuntime, opening: SessionOpening): (turn: number, audioMs: number) => string {
  const { resource, deployment } = opening;
  return (turn, audioMs) => {
    const scripted = deploymentsOf(runtime.state.current.config, resource.name).get(deployment.name)?.utterances;
    return userUtterance(scripted, deployment.name, turn, audioMs);
  };
}
