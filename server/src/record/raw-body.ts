import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import Bourne from '@hapi/bourne';
import type { Exchange } from '../http/exchange.ts';
import type { ParsedBody, UploadedFile } from '../http/body.ts';
import { serviceErrors } from '../protocol/service-errors.ts';

/** A body read whole, as bytes to forward upstream and as fields to match and record. */
export interface RawBody extends ParsedBody {
  raw: Buffer;
  contentType: string;
  /** A JSON body's text. */
  json?: string;
}

/**
 * Reads the request body into memory within `maxBytes`, then parses it: JSON (refusing `__proto__` keys, as
 * @hapi/bourne does for koa-body), or multipart with the platform's own form-data parser (the Fetch API's
 * Request.formData), keeping each file's bytes so that they can be forwarded and digested. The service's errors
 * for what can go wrong: 415 for another content type, 413 past the limit, 400 for JSON that does not parse.
 */
export async function readRawBody(exchange: Exchange, kind: 'json' | 'multipart', maxBytes: number): Promise<RawBody> {
  const contentType = exchange.header('content-type');
  if (!(kind === 'json' ? isJson(exchange.mediaType) : exchange.mediaType.startsWith('multipart/')))
    throw serviceErrors.unsupportedMediaType(contentType || '(none)', kind === 'json' ? 'application/json' : 'multipart/form-data');
  if (Number(exchange.header('content-length')) > maxBytes) throw serviceErrors.payloadTooLarge(maxBytes);
  const raw = await readBytes(exchange.req, maxBytes);
  if (kind === 'json') {
    let fields: unknown;
    const json = raw.toString('utf8');
    try {
      fields = Bourne.parse(json, { protoAction: 'error' });
    } catch {
      throw serviceErrors.malformedJson();
    }
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) throw serviceErrors.malformedJson();
    return { raw, contentType, json, fields: fields as Record<string, unknown>, files: {} };
  }
  let form: FormData;
  try {
    form = await new Request('http://sim.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: raw }).formData();
  } catch (error) {
    throw serviceErrors.invalidRequest(`Could not parse multipart form: ${(error as Error).message}`);
  }
  const fields: Record<string, unknown> = {};
  const files: Record<string, UploadedFile> = {};
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      const previous = fields[name];
      fields[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
    } else {
      const bytes = Buffer.from(await value.arrayBuffer());
      files[name] = {
        filename: value.name,
        mimetype: value.type || 'application/octet-stream',
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        // a copy: a view would keep the whole upload alive as long as the file is remembered
        head: Buffer.from(bytes.subarray(0, 64 * 1024)),
      };
    }
  }
  return { raw, contentType, fields, files };
}

/** `application/json`, or a JSON-based type such as `application/merge-patch+json`. */
function isJson(mediaType: string): boolean {
  return mediaType === 'application/json' || (mediaType.startsWith('application/') && mediaType.endsWith('+json'));
}

/**
 * The request's bytes, refused past `maxBytes`. With plain 'data' and 'end' listeners rather than an async
 * iterator, which costs a promise per chunk and shows up in the data plane's profile.
 */
function readBytes(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else {
        stop();
        // the rest is read and dropped, so that the answer still reaches the client
        req.resume();
        reject(serviceErrors.payloadTooLarge(maxBytes));
      }
    };
    const onEnd = () => {
      stop();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onClose = () => {
      stop();
      // nobody is left to read the answer; an AoaiError is not logged as the simulator's own failure
      reject(serviceErrors.invalidRequest('The connection closed before the whole request body arrived.'));
    };
    const stop = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onClose);
      req.off('close', onClose);
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onClose);
    req.once('close', onClose);
  });
}
