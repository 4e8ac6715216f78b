import type { IncomingMessage } from 'node:http';
import { parseJsonBody } from '../http/parse-json-body.ts';
import { serviceErrors } from '../protocol/service-errors.ts';

/**
 * A JSON object body's fields, read whole up to `maxBytes` (413 past it) and parsed as the data plane parses
 * its bodies. An empty body reads as no fields, so that what is missing is named by the check that needs it.
 */
export async function readJsonFields(req: IncomingMessage, maxBytes: number): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    bytes += chunk.length;
    if (bytes > maxBytes) throw serviceErrors.payloadTooLarge(maxBytes);
    chunks.push(chunk);
  }
  if (bytes === 0) return {};
  return parseJsonBody(Buffer.concat(chunks)).fields;
}
