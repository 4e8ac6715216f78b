import { randomBytes } from 'node:crypto';

/** The purposes an upload may name, as the v1 Files API lists them (the stable spec's subset among them). */
export const UPLOAD_PURPOSES = ['assistants', 'batch', 'fine-tune', 'user_data', 'evals', 'vision'] as const;

/** A file's purpose: one an upload names, or one the service writes itself (a batch's output, say). */
export type FilePurpose = (typeof UPLOAD_PURPOSES)[number] | 'batch_output' | 'fine-tune-results' | 'assistants_output';

/** What the simulator keeps of a file besides its bytes. Times are epoch milliseconds on the simulator's clock. */
export interface FileRecord {
  id: string;
  filename: string;
  purpose: FilePurpose;
  bytes: number;
  createdAtMs: number;
  /** When it is gone, as if deleted; undefined keeps it until it is deleted. */
  expiresAtMs?: number;
}

/** A new file id, in the service's shape: `file-` and 32 hex digits. */
export function newFileId(): string {
  return `file-${randomBytes(16).toString('hex')}`;
}

/** A file as the Files API answers it (retrieve, list, upload). */
export function fileObject(file: FileRecord) {
  return {
    object: 'file',
    id: file.id,
    purpose: file.purpose,
    filename: file.filename,
    bytes: file.bytes,
    created_at: Math.floor(file.createdAtMs / 1000),
    expires_at: file.expiresAtMs === undefined ? null : Math.floor(file.expiresAtMs / 1000),
    status: 'processed',
    status_details: null,
  };
}

/** Whether the file has expired at `nowMs`. */
export function hasExpired(file: FileRecord, nowMs: number): boolean {
  return file.expiresAtMs !== undefined && file.expiresAtMs <= nowMs;
}
