import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import type { ParsedBody, UploadedFile } from '../http/body.ts';
import { serviceErrors } from '../protocol/service-errors.ts';

/** A body read whole, as bytes to forward upstream and as fields to match and record. */
export interface RawBody extends ParsedBody {
  raw: Buffer;
  contentType: string;
}

/**
 * Reads the request body into memory within `maxBytes`, then parses it: JSON, or multipart with the platform's
 * own form-data parser (the Fetch API's Request.formData), keeping each file's bytes so they can be forwarded.
 */
export async function readRawBody(ctx: Context, kind: 'json' | 'multipart', maxBytes: number): Promise<RawBody> {
  const contentType = ctx.get('content-type');
  if (!ctx.is(kind === 'json' ? 'json' : 'multipart'))
    throw serviceErrors.unsupportedMediaType(contentType || '(none)', kind === 'json' ? 'application/json' : 'multipart/form-data');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of ctx.req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw serviceErrors.payloadTooLarge(maxBytes);
    chunks.push(chunk);
  }
  const raw = Buffer.concat(chunks);
  if (kind === 'json') {
    let fields: unknown;
    try {
      fields = JSON.parse(raw.toString('utf8'));
    } catch {
      throw serviceErrors.malformedJson();
    }
    if (fields === null || typeof fields !== 'object' || Array.isArray(fields)) throw serviceErrors.malformedJson();
    return { raw, contentType, fields: fields as Record<string, unknown>, files: {} };
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
        head: bytes.subarray(0, 64 * 1024),
      };
    }
  }
  return { raw, contentType, fields, files };
}
