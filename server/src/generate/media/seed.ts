/**
 * Turns any caller-supplied seed into a 32-bit state. Non-finite seeds map to 0 rather than throwing because the
 * seed only picks a picture or a voice; it is never worth failing a request over.
 */
export function seedToUint32(seed: number): number {
  return Number.isFinite(seed) ? Math.trunc(seed) >>> 0 : 0;
}
