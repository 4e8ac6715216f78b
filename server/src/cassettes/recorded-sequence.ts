import type { IndexedInteraction, InteractionMatcher } from './cassette-index.ts';
import type { RecordedRequest } from './cassette-types.ts';
import type { ServedPicker } from './replay-cursors.ts';

/**
 * The interactions recorded under one key, in order: served in that order, then the last repeats. Without a
 * matcher every one counts, so the sequence is its own picker and a lookup allocates nothing.
 */
export class RecordedSequence implements ServedPicker {
  /** The key, the string the index files the sequence under: what the cursors keep its places by. */
  readonly key: string;
  readonly entries: IndexedInteraction[];

  constructor(first: IndexedInteraction) {
    this.key = first.key;
    this.entries = [first];
  }

  pick(place: number): number {
    return place < this.entries.length ? place : this.entries.length - 1;
  }
}

/** The picker of a lookup under a matcher: only the candidates it accepts for `request` count. */
export class MatchedPicker implements ServedPicker {
  private readonly entries: readonly IndexedInteraction[];
  private readonly request: RecordedRequest;
  private readonly matcher: InteractionMatcher;

  constructor(entries: readonly IndexedInteraction[], request: RecordedRequest, matcher: InteractionMatcher) {
    this.entries = entries;
    this.request = request;
    this.matcher = matcher;
  }

  pick(place: number): number {
    const { entries } = this;
    for (let i = place; i < entries.length; i++) if (this.accepts(entries[i]!)) return i;
    for (let i = Math.min(place, entries.length) - 1; i >= 0; i--) if (this.accepts(entries[i]!)) return i;
    return -1;
  }

  private accepts(entry: IndexedInteraction): boolean {
    return this.matcher(this.request, entry.interaction);
  }
}
