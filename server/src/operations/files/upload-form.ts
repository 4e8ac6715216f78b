import type { IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import type formidable from 'formidable';
import { serviceErrors } from '../../protocol/service-errors.ts';

/** An upload's form: its text fields, and its `file` part, whole. */
export interface UploadForm {
  fields: Record<string, string>;
  file?: { filename: string; content: Buffer };
}

/** The form of an upload has a handful of fields (purpose, expires_after[anchor], expires_after[seconds]). */
const MAX_FIELDS = 20;
const MAX_FIELDS_BYTES = 64 * 1024;

/**
 * Reads a Files upload: multipart with a `file` part, kept whole in memory since the store keeps it, refused
 * with 413 past `maxFileBytes` as it streams in (formidable, as the operations' uploads are read). A body that
 * is not multipart gets the 415 the operations answer.
 */
export async function readUploadForm(req: IncomingMessage, maxFileBytes: number): Promise<UploadForm> {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(contentType)) throw serviceErrors.unsupportedMediaType(contentType || '(none)', 'multipart/form-data');
  const parts = new WeakMap<object, Buffer[]>();
  // loaded by the first upload, not at start (see koaBodyOnFirstUse in control-router.ts)
  const { default: formidable } = await import('formidable');
  const form = formidable({
    maxFields: MAX_FIELDS,
    maxFieldsSize: MAX_FIELDS_BYTES,
    maxFiles: 4,
    maxFileSize: maxFileBytes,
    maxTotalFileSize: maxFileBytes,
    // an empty file is a file: the service answers it, it does not refuse it as missing
    allowEmptyFiles: true,
    minFileSize: 0,
    fileWriteStreamHandler: ((file: object) => collect(file, parts)) as never,
  });
  let parsed: [formidable.Fields, formidable.Files];
  try {
    parsed = await form.parse(req);
  } catch (error) {
    const { httpCode } = error as { httpCode?: number };
    if (httpCode === 413 || /maxFileSize|maxTotalFileSize/i.test((error as Error).message))
      throw serviceErrors.payloadTooLarge(maxFileBytes);
    throw serviceErrors.invalidRequest(`Could not parse multipart form: ${(error as Error).message}`);
  }
  const [formFields, formFiles] = parsed;
  const fields: Record<string, string> = {};
  for (const [name, values] of Object.entries(formFields)) if (values?.[0] !== undefined) fields[name] = values[0];
  const part = formFiles.file?.[0];
  const chunks = part && parts.get(part);
  if (!part || !chunks) return { fields };
  return { fields, file: { filename: part.originalFilename ?? 'file', content: Buffer.concat(chunks) } };
}

function collect(file: object, parts: WeakMap<object, Buffer[]>): Writable {
  const chunks: Buffer[] = [];
  parts.set(file, chunks);
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
  });
}
