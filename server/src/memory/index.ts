/**
 * What the simulator keeps between requests, bounded: a least-recently-used cache bounded by entries and by
 * bytes, and the estimate of a value's bytes it is sized with.
 */
export { BoundedLru, ENTRY_OVERHEAD_BYTES, type MemoryBounds, type StoreUsage } from './bounded-lru.ts';
export { approximateBytes } from './estimate-bytes.ts';
