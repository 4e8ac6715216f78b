/** An uploaded file, kept in memory as a digest and its first bytes: the simulator never writes uploads to disk. */
export interface UploadedFile {
  filename: string;
  mimetype: string;
  size: number;
  sha256: string;
  head: Buffer;
}

/**
 * A request body as the operations see it: the JSON fields or the form's fields, and the form's files. A form
 * may send several files under one name (`image[]`, as the SDKs send an array of images): the first is kept
 * under the name, the later ones under `name#2`, `name#3`… (see repeatedFileKey, filesNamed).
 */
export interface ParsedBody {
  fields: Record<string, unknown>;
  files: Record<string, UploadedFile>;
}

/** Where the `index`th (from 0) file sent under `name` is kept in ParsedBody.files. */
export function repeatedFileKey(name: string, index: number): string {
  return index === 0 ? name : `${name}#${index + 1}`;
}

/** Every file sent under `name`, in the order they came. */
export function filesNamed(files: Readonly<Record<string, UploadedFile>>, name: string): UploadedFile[] {
  const found: UploadedFile[] = [];
  for (;;) {
    const file = files[repeatedFileKey(name, found.length)];
    if (file === undefined) return found;
    found.push(file);
  }
}
