import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import type { Context } from 'koa';
import { koaBody } from 'koa-body';
import { serviceErrors } from '../protocol/service-errors.ts';

/** An uploaded file, kept in memory as a digest and its first bytes: the simulator never writes uploads to disk. */
export interface UploadedFile {
  filename: string;
  mimetype: string;
  size: number;
  sha256: string;
  head: Buffer;
}

export interface ParsedBody {
  fields: Record<string, unknown>;
  files: Record<string, UploadedFile>;
}

const HEAD_BYTES = 64 * 1024;

/**
 * Reads a JSON or multipart body with koa-body, within `maxBytes`, turning what can go wrong into the
 * service's errors: 415 for another content type, 413 past the limit, 400 for JSON that does not parse.
 */
export function bodyReader(kind: 'json' | 'multipart', maxBytes: number): (ctx: Context) => Promise<ParsedBody> {
  const uploads = new WeakMap<object, UploadedFile>();
  const parse = koaBody({
    json: kind === 'json',
    jsonStrict: true,
    jsonLimit: maxBytes,
    multipart: kind === 'multipart',
    urlencoded: false,
    text: false,
    formidable: {
      maxFileSize: maxBytes,
      maxTotalFileSize: maxBytes,
      maxFieldsSize: maxBytes,
      fileWriteStreamHandler: ((file: { originalFilename?: string | null; mimetype?: string | null }) =>
        memoryUpload(file, uploads)) as never,
    },
  });
  const expected = kind === 'json' ? 'application/json' : 'multipart/form-data';
  return async (ctx) => {
    const contentType = ctx.get('content-type');
    if (!ctx.is(kind === 'json' ? 'json' : 'multipart')) throw serviceErrors.unsupportedMediaType(contentType || '(none)', expected);
    const declared = Number(ctx.get('content-length'));
    if (declared > maxBytes) throw serviceErrors.payloadTooLarge(maxBytes);
    try {
      await parse(ctx, async () => {});
    } catch (error) {
      const status = (error as { status?: number; httpCode?: number }).status ?? (error as { httpCode?: number }).httpCode;
      if (status === 413 || /maxFileSize|maxTotalFileSize|maxFieldsSize|too large/i.test((error as Error).message)) {
        throw serviceErrors.payloadTooLarge(maxBytes);
      }
      if (kind === 'json') throw serviceErrors.malformedJson();
      throw serviceErrors.invalidRequest(`Could not parse multipart form: ${(error as Error).message}`);
    }
    const fields = ctx.request.body as unknown;
    if (kind === 'json' && (fields === null || typeof fields !== 'object' || Array.isArray(fields))) throw serviceErrors.malformedJson();
    const files: Record<string, UploadedFile> = {};
    for (const [name, value] of Object.entries(ctx.request.files ?? {})) {
      const file = Array.isArray(value) ? value[0] : value;
      const upload = file ? uploads.get(file) : undefined;
      if (upload) files[name] = upload;
    }
    return { fields: (fields ?? {}) as Record<string, unknown>, files };
  };
}

function memoryUpload(
  file: { originalFilename?: string | null; mimetype?: string | null },
  uploads: WeakMap<object, UploadedFile>,
): Writable {
  const hash = createHash('sha256');
  const head: Buffer[] = [];
  let size = 0;
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      if (size < HEAD_BYTES) head.push(chunk.subarray(0, HEAD_BYTES - size));
      size += chunk.length;
      callback();
    },
    final(callback) {
      uploads.set(file, {
        filename: file.originalFilename ?? 'file',
        mimetype: file.mimetype ?? 'application/octet-stream',
        size,
        sha256: hash.digest('hex'),
        head: Buffer.concat(head),
      });
      callback();
    },
  });
}
