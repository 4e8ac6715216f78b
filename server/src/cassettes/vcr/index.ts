/**
 * The recordings of the Python simulators, aoai-simulated-api (VCR.py) and its successor aoai-api-simulator:
 * VCR-style YAML (or JSON) cassettes, one file per URL path, read as they are and replayed beside this
 * project's own, or converted by `aoai-sim import`.
 *
 * - vcr-file: recognise and read one (PyYAML's `!!binary` included), problems as `file:line:col: /pointer message`.
 * - convert-interaction: one recorded interaction as one of ours.
 * - body-digest: aoai-api-simulator's request-body hash, for recordings that kept only it.
 * - sse-text: a stream recorded as one text, split into its events.
 */
import { statSync } from 'node:fs';
import { CassetteError, type CassetteIssue } from '../cassette-error.ts';
import { cassetteFormat } from '../cassette-file.ts';
import type { CassetteIndex } from '../cassette-index.ts';
import type { Interaction } from '../cassette-types.ts';
import type { StoreAnswer } from '../replay-cursors.ts';
import { convertVcrInteraction } from './convert-interaction.ts';
import { mayBeVcrCassette, readVcrCassette } from './vcr-file.ts';

export { BODY_HASH_FIELD, bodyDigest, digestRequest, isBodyDigest } from './body-digest.ts';
export { convertVcrInteraction, type ConvertedInteraction } from './convert-interaction.ts';
export { sseTextToChunks } from './sse-text.ts';
export { mayBeVcrCassette, readVcrCassette, type VcrCassette, type VcrInteraction } from './vcr-file.ts';

/** A VCR cassette's interactions as ours, with what could not be converted and why. */
export interface ConvertedCassette {
  /** Each with its position in the file's `interactions`. */
  interactions: Array<{ index: number; interaction: Interaction }>;
  /** How many of them kept only a digest of their request body. */
  digestOnly: number;
  skipped: Array<{ index: number; reason: string }>;
}

/**
 * The interactions of the file at `path` when it is a VCR cassette, else undefined. They are dated by the file's
 * modification time, the nearest thing to a recording date it holds. Throws a CassetteError when it is one
 * that cannot be read.
 */
export function convertVcrCassette(text: string, path: string, display = path): ConvertedCassette | undefined {
  if (!mayBeVcrCassette(text)) return undefined;
  const cassette = readVcrCassette(text, display, cassetteFormat(path));
  if (!cassette) return undefined;
  const recordedAt = statSync(path, { throwIfNoEntry: false })?.mtime.toISOString() ?? new Date(0).toISOString();
  const converted: ConvertedCassette = { interactions: [], digestOnly: 0, skipped: [] };
  cassette.interactions.forEach((recorded, index) => {
    const result = convertVcrInteraction(recorded, recordedAt);
    if ('skipped' in result) converted.skipped.push({ index, reason: result.skipped });
    else {
      converted.interactions.push({ index, interaction: result.interaction });
      if (result.digestOnly) converted.digestOnly++;
    }
  });
  return converted;
}

/**
 * Adds the file's interactions to `index` when it is a VCR cassette, and says whether it was one; its problems
 * go to `issues`. Interactions for requests this simulator does not serve (another service's paths) are left
 * out: `aoai-sim import` lists them.
 */
export function addVcrCassette(
  index: CassetteIndex<StoreAnswer<number>>,
  text: string,
  path: string,
  display: string,
  issues: CassetteIssue[],
): boolean {
  let converted: ConvertedCassette | undefined;
  try {
    converted = convertVcrCassette(text, path, display);
  } catch (error) {
    if (!(error instanceof CassetteError)) throw error;
    issues.push(...error.issues);
    return true;
  }
  if (!converted) return false;
  for (const { index: position, interaction } of converted.interactions) index.add(interaction, { file: display, index: position });
  return true;
}
