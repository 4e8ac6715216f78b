import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { Writable, type Readable } from 'node:stream';
import type formidable from 'formidable';
import { serviceErrors } from '../protocol/service-errors.ts';
import { repeatedFileKey, type ParsedBody, type UploadedFile } from './body.ts';

/** What is kept of an upload besides its digest: enough to read an audio file's header for its duration. */
export const HEAD_BYTES = 64 * 1024;

/**
 * The fields and files a form may have. The service's forms have a dozen fields at most (an audio file, a
 * model, a language, a prompt, repeated timestamp_granularities[]) and up to 16 images; these keep the per-part
 * bookkeeping of a hostile form small while its bytes stay under the body limit.
 */
export const MAX_FORM_FIELDS = 1000;
export const MAX_FORM_FILES = 100;

/** formidable's error codes for a form with too many fields or files. */
const TOO_MANY_FIELDS = 1007;
const TOO_MANY_FILES = 1015;

/**
 * Parses a multipart body as it arrives, with formidable (what koa-body used): the fields in memory, and each
 * file streamed into a SHA-256 digest and its first 64 KiB, so that an upload of any size within `maxBytes`
 * costs a few kilobytes, never its size, and nothing is written to disk. 413 past the limit, 400 for a form that
 * does not parse.
 */
export async function readMultipart(req: Readable & { readonly headers: IncomingHttpHeaders }, maxBytes: number): Promise<ParsedBody> {
  const uploads = new WeakMap<object, UploadedFile>();
  // loaded by the first upload, not at start (see koaBodyOnFirstUse in control-router.ts)
  const { default: formidable } = await import('formidable');
  const form = formidable({
    multiples: true,
    maxFields: MAX_FORM_FIELDS,
    maxFiles: MAX_FORM_FILES,
    maxFileSize: maxBytes,
    maxTotalFileSize: maxBytes,
    maxFieldsSize: maxBytes,
    fileWriteStreamHandler: ((file: UploadStart) => memoryUpload(file, uploads)) as never,
  });
  let parsed: [formidable.Fields, formidable.Files];
  try {
    // formidable reads the stream and its content-type and content-length headers, nothing else of a request
    parsed = await form.parse(req as IncomingMessage);
  } catch (error) {
    const { httpCode: status, code } = error as { httpCode?: number; code?: number };
    // formidable answers too many parts with 413 as well, but the body is not too large: say what is wrong
    if (code === TOO_MANY_FIELDS) throw serviceErrors.invalidRequest(`The form has more than ${MAX_FORM_FIELDS} fields.`);
    if (code === TOO_MANY_FILES) throw serviceErrors.invalidRequest(`The form has more than ${MAX_FORM_FILES} files.`);
    if (status === 413 || /maxFileSize|maxTotalFileSize|maxFieldsSize|too large/i.test((error as Error).message)) {
      throw serviceErrors.payloadTooLarge(maxBytes);
    }
    throw serviceErrors.invalidRequest(`Could not parse multipart form: ${(error as Error).message}`);
  }
  const [formFields, formFiles] = parsed;
  const fields: Record<string, unknown> = {};
  for (const [name, values] of Object.entries(formFields)) {
    // a field sent once is a string, a repeated one an array, as the platform's form parser gives them
    if (values !== undefined) fields[name] = values.length === 1 ? values[0] : values;
  }
  const files: Record<string, UploadedFile> = {};
  for (const [name, values] of Object.entries(formFiles)) {
    let kept = 0;
    for (const value of values ?? []) {
      const upload = uploads.get(value);
      if (upload) files[repeatedFileKey(name, kept++)] = upload;
    }
  }
  return { fields, files };
}

interface UploadStart {
  originalFilename?: string | null;
  mimetype?: string | null;
}

function memoryUpload(file: UploadStart, uploads: WeakMap<object, UploadedFile>): Writable {
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
        // a copy of the first bytes: the chunks it came from are not kept
        head: Buffer.concat(head),
      });
      callback();
    },
  });
}
