/** An uploaded file, kept in memory as a digest and its first bytes: the simulator never writes uploads to disk. */
export interface UploadedFile {
  filename: string;
  mimetype: string;
  size: number;
  sha256: string;
  head: Buffer;
}

/** A request body as the operations see it: the JSON fields or the form's fields, and the form's files. */
export interface ParsedBody {
  fields: Record<string, unknown>;
  files: Record<string, UploadedFile>;
}
