import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate, type ZlibOptions } from 'node:zlib';
import type { Inbound } from '../pipeline/inbound.ts';
import { HEAD_BYTES, readMultipart } from './multipart.ts';
import { parseJsonBody } from './parse-json-body.ts';
import { filesNamed, repeatedFileKey, type ParsedBody, type UploadedFile } from './body.ts';
import { serviceErrors } from '../protocol/service-errors.ts';

/** A data-plane request body: its fields and files, its JSON text, and its bytes when recording needs them. */
export interface RequestBody extends ParsedBody {
  /** The bytes, decoded from any content-encoding; only when asked for (recording forwards them upstream). */
  raw: Buffer | undefined;
  contentType: string;
  /** A JSON body's text. */
  json?: string;
  /** What caches keep a JSON body by: see ParsedJson.key. */
  key?: string;
}

/**
 * Reads the request body into memory within `maxBytes` (compressed or not), then parses it: JSON (see
 * parseJsonBody), or multipart with the platform's own form-data parser (the Fetch API's Request.formData),
 * keeping each file's digest and first bytes. An upload that is not being recorded is instead parsed as it
 * streams in (see readMultipart). A gzip, deflate or brotli body is decoded first, as koa-body did. The service's errors for what can go
 * wrong: 415 for another content type or encoding, 413 past the limit, 400 for a body that does not parse.
 * `keepRaw` keeps the decoded bytes, for recording; otherwise they are dropped as soon as they are parsed.
 */
export async function readBody(inbound: Inbound, kind: 'json' | 'multipart', maxBytes: number, keepRaw: boolean): Promise<RequestBody> {
  const contentType = inbound.header('content-type');
  if (!(kind === 'json' ? isJson(inbound.mediaType) : inbound.mediaType.startsWith('multipart/')))
    throw serviceErrors.unsupportedMediaType(contentType || '(none)', kind === 'json' ? 'application/json' : 'multipart/form-data');
  if (Number(inbound.header('content-length')) > maxBytes) throw serviceErrors.payloadTooLarge(maxBytes);
  const encoding = inbound.header('content-encoding').trim().toLowerCase();
  const identity = encoding === '' || encoding === 'identity';
  // an upload that is not recorded is parsed as it streams in, never held whole
  if (kind === 'multipart' && !keepRaw && identity)
    return { raw: undefined, contentType, ...(await readMultipart(inbound.body, maxBytes)) };
  const bytes = identity ? await readBytes(inbound.body, maxBytes) : await decoded(await readBytes(inbound.body, maxBytes), encoding, maxBytes);
  const raw = keepRaw ? bytes : undefined;
  if (kind === 'json') {
    const { json, fields, key } = parseJsonBody(bytes);
    return { raw, contentType, json, key, fields, files: {} };
  }
  let form: FormData;
  try {
    form = await new Request('http://sim.invalid/', { method: 'POST', headers: { 'content-type': contentType }, body: bytes }).formData();
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
      files[repeatedFileKey(name, filesNamed(files, name).length)] = {
        filename: value.name,
        mimetype: value.type || 'application/octet-stream',
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        // a copy: a view would keep the whole upload alive as long as the file is remembered
        head: Buffer.from(bytes.subarray(0, HEAD_BYTES)),
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
function readBytes(req: Readable, maxBytes: number): Promise<Buffer> {
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

/**
 * The body decoded from its content-encoding, within `maxBytes` once decoded. Decoded in libuv's thread pool, not
 * on the event loop: a 64 KB gzip body that expands past the default 25 MiB limit took up to 0.25 s to decode,
 * which every stream and request of the simulator waited for (the short fuzz's bombs, under an 8 MiB limit, 7-75 ms).
 */
async function decoded(bytes: Buffer, encoding: string, maxBytes: number): Promise<Buffer> {
  const decode = DECODERS[encoding];
  if (!decode) throw serviceErrors.unsupportedContentEncoding(encoding);
  try {
    return await decode(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw serviceErrors.payloadTooLarge(maxBytes);
    throw serviceErrors.invalidRequest(`The request body could not be decoded as ${encoding}.`);
  }
}

type Decoder = (bytes: Buffer, options: ZlibOptions) => Promise<Buffer>;

const gunzipAsync: Decoder = promisify(gunzip);

const DECODERS: Readonly<Record<string, Decoder>> = {
  gzip: gunzipAsync,
  'x-gzip': gunzipAsync,
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};
