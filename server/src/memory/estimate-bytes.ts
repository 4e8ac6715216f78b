/**
 * About what a JSON value takes in memory, for bounding what is kept of it: the length of its strings and keys,
 * and a word or two for everything else. A value reached twice is counted twice, which errs on the safe side.
 */
export function approximateBytes(value: unknown): number {
  let bytes = 0;
  // an explicit stack: a deeply nested body must not overflow the call stack
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node === 'string') {
      bytes += node.length;
    } else if (node === null || typeof node !== 'object') {
      bytes += 8;
    } else if (Array.isArray(node)) {
      bytes += 16;
      for (const item of node) pending.push(item);
    } else {
      bytes += 16;
      for (const key in node) {
        bytes += key.length + 8;
        pending.push((node as Record<string, unknown>)[key]);
      }
    }
  }
  return bytes;
}
