import { STATUS_CODES, type ClientRequest, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { AoaiError } from '../../http/aoai-error.ts';

/** The most of a refusal's body passed on: the service's error bodies are a few hundred bytes. */
const MAX_REFUSAL_BYTES = 64 * 1024;

/** The upstream's headers a refusal keeps: its type and the ids that let its owner find it in the service's logs. */
const KEPT = ['content-type', 'apim-request-id', 'x-request-id', 'x-ms-region', 'retry-after', 'www-authenticate'];

/**
 * The upstream refused the upgrade: the client gets the same status and body (and the headers that describe
 * them), as an HTTP recording passes an error on.
 */
export function forwardRefusal(request: ClientRequest, response: IncomingMessage, socket: Duplex): void {
  const chunks: Buffer[] = [];
  let size = 0;
  response.on('data', (chunk: Buffer) => {
    if (size < MAX_REFUSAL_BYTES) chunks.push(chunk.subarray(0, MAX_REFUSAL_BYTES - size));
    size += chunk.length;
  });
  response.once('error', () => socket.destroy());
  response.once('end', () => {
    const body = Buffer.concat(chunks);
    const status = response.statusCode ?? 502;
    const lines = [`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`];
    for (const name of KEPT) {
      const value = response.headers[name];
      if (typeof value === 'string') lines.push(`${name}: ${value}`);
    }
    lines.push(`content-length: ${body.length}`, 'connection: close');
    socket.end(Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), body]));
    request.destroy();
  });
}

/** The upstream could not be reached, or broke off before it answered the upgrade. */
export function unreachable(endpoint: string, error: Error): AoaiError {
  return AoaiError.openai(502, `The upstream realtime endpoint ${endpoint} could not be reached: ${error.message}`, {
    type: 'server_error',
    code: 'upstream_unreachable',
  });
}
