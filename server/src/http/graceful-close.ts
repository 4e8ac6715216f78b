import type { Server } from 'node:http';

/**
 * Makes `server` closable gracefully, returning the close function: new connections are refused, in-flight
 * requests finish and are answered with `Connection: close`, keep-alive connections are dropped as they go
 * idle, and whatever is still open when `graceMs` runs out is cut. Resolves once every connection is closed.
 */
export function gracefulClose(server: Server, graceMs: number): () => Promise<void> {
  let closing: Promise<void> | undefined;
  server.on('request', (_request, response) => {
    if (closing) response.setHeader('Connection', 'close');
    response.on('finish', () => {
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
  });
  return () => {
    closing ??= new Promise<void>((resolve) => {
      // real time: the grace period is the operator's, whatever clock the simulation runs on
      const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
      deadline.unref();
      server.close(() => {
        clearTimeout(deadline);
        resolve();
      });
      server.closeIdleConnections();
    });
    return closing;
  };
}
