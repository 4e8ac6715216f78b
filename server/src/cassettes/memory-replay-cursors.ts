import { BoundedLru, type MemoryBounds, type StoreUsage } from '../memory/index.ts';
import type { ReplayCursors, ServedPicker } from './replay-cursors.ts';

/** What one place in a scope costs besides its key: the number and the map slot. */
const PLACE_BYTES = 16;

/** One scope's place in each sequence it has been served from, with the bytes they take. */
interface ScopedPlaces {
  places: Map<string, number>;
  bytes: number;
}

/** The unscoped place in one sequence, changed where it lies so that moving it costs no second probe. */
interface Place {
  at: number;
}

/**
 * The places of a single simulator (see ReplayCursors), in this process. The unscoped places cost one hash probe
 * per lookup, which matters when a load test replays 100,000 recordings; each scope (test id) has a map of its
 * own, and the scopes kept are bounded by count and by bytes (server.memory.testIds), the least recently used
 * forgotten first. `advance` is atomic because nothing awaits between its read and its write.
 */
export class MemoryReplayCursors implements ReplayCursors<number> {
  private unscoped = new Map<string, Place>();
  private readonly scopes: BoundedLru<string, ScopedPlaces>;

  constructor(scopes: MemoryBounds) {
    this.scopes = new BoundedLru(scopes, (kept) => kept.bytes);
  }

  /** The test ids' places kept (see StoreUsage); the unscoped places, one per sequence, are not bounded or counted. */
  get usage(): StoreUsage {
    return this.scopes.usage;
  }

  advance(scope: string | undefined, key: string, picker: ServedPicker): number {
    if (scope === undefined) {
      const place = this.unscoped.get(key);
      const served = picker.pick(place?.at ?? 0);
      if (served >= (place?.at ?? 0)) {
        if (place) place.at = served + 1;
        else this.unscoped.set(key, { at: served + 1 });
      }
      return served;
    }
    const kept = this.scopes.get(scope);
    const at = kept?.places.get(key);
    const served = picker.pick(at ?? 0);
    if (served < (at ?? 0)) return served;
    const scoped = kept ?? { places: new Map<string, number>(), bytes: 0 };
    scoped.places.set(key, served + 1);
    if (at === undefined) {
      // a new place (or a new scope): kept again, so that its bytes are counted afresh
      scoped.bytes += key.length + PLACE_BYTES;
      this.scopes.set(scope, scoped);
    }
    return served;
  }

  reset(scope?: string): void {
    if (scope !== undefined) {
      this.scopes.delete(scope);
    } else {
      this.scopes.clear();
      // a fresh map rather than clear(): constant time however many sequences were served
      this.unscoped = new Map();
    }
  }
}
