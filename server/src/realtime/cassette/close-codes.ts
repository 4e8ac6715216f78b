import type { WebSocket } from 'ws';

/**
 * Closes `ws` as the other side's socket was closed. Codes 1005 (no code given), 1006 (dropped without a close)
 * and 1015 (TLS failure) only ever describe a close and cannot be sent: the first is a close without a code, the
 * others a dropped connection, which is what the client would have seen from the service.
 */
export function closeLike(ws: WebSocket, code: number, reason: string): void {
  if (code === 1005) ws.close();
  else if (code === 1006 || code === 1015 || !sendable(code)) ws.terminate();
  else ws.close(code, reason);
}

function sendable(code: number): boolean {
  return (code >= 1000 && code <= 1014 && code !== 1004) || (code >= 3000 && code <= 4999);
}
