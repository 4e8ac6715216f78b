import type { JsonValue, RecordedChunk } from './cassette-types.ts';

/** A JSON object, as chunk and body fields are read. */
export type JsonObject = Record<string, JsonValue>;

/**
 * Text cut where a token would likely start (before a space, or at a newline), which reads like what the
 * service sends. Pieces join back to exactly `text`.
 */
export function splitPieces(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? (text === '' ? [] : [text]);
}

/** How a body becomes a stream. */
export interface ToChunksOptions {
  /** chat and completions: end with the usage chunk, and give every other chunk `"usage": null` (`stream_options.include_usage`). */
  includeUsage?: boolean;
  /** Spread the events evenly up to this offset (the recorded duration); default 0, all at once. */
  durationMs?: number;
}

/** Tool arguments arrive a few characters at a time; whole-word pieces would be too coarse for JSON. */
export function splitArguments(text: string): string[] {
  return text.match(/[\s\S]{1,8}/g) ?? [];
}

/** Events (`data` and optional `event`) with offsets spread evenly up to `durationMs`, ending in `[DONE]` when asked. */
export function toChunks(events: readonly { event?: string; data: JsonValue }[], durationMs: number, done: boolean): RecordedChunk[] {
  const all: { event?: string; data: string }[] = events.map(({ event, data }) => ({
    ...(event === undefined ? {} : { event }),
    data: JSON.stringify(data),
  }));
  if (done) all.push({ data: '[DONE]' });
  return all.map((chunk, i) => ({ offsetMs: Math.round((durationMs * (i + 1)) / all.length), ...chunk }));
}

/** The JSON of each event, `[DONE]` and blank keep-alives left out. Throws on an event that is not JSON. */
export function parseChunks(chunks: readonly RecordedChunk[]): { event?: string; data: JsonObject }[] {
  const parsed: { event?: string; data: JsonObject }[] = [];
  for (const [i, chunk] of chunks.entries()) {
    const text = chunk.data.trim();
    if (text === '[DONE]' || text === '') continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      throw new Error(`chunks[${i}] is not JSON: ${text.slice(0, 60)}`);
    }
    if (!isObject(data)) throw new Error(`chunks[${i}] is not a JSON object`);
    parsed.push({ ...(chunk.event === undefined ? {} : { event: chunk.event }), data });
  }
  return parsed;
}

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function asArray(value: JsonValue | undefined): JsonValue[] {
  return Array.isArray(value) ? value : [];
}

export function asObject(value: JsonValue | undefined): JsonObject {
  return isObject(value) ? value : {};
}
