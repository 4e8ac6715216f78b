import { BoundedLru } from '../../memory/index.ts';

/** What a compiled regex or path is taken to cost per character of its source, the source included. */
const BYTES_PER_SOURCE_CHARACTER = 8;
const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

/**
 * Compiled regexes and paths by source, forgetting the least recently used when full. Rules compile theirs once,
 * so the bounds only guard against a process that loads ever-changing configurations for days, or a control
 * API client that pushes huge patterns: by count, and by bytes estimated from the sources' length.
 */
export class BoundedCache<K extends string, V extends {}> extends BoundedLru<K, V> {
  constructor(capacity: number, maxBytes = DEFAULT_MAX_BYTES) {
    super({ maxEntries: capacity, maxBytes }, (_, key) => key.length * (BYTES_PER_SOURCE_CHARACTER - 1));
  }
}
