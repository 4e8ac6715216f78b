export { DirectoryFileStore } from './directory-file-store.ts';
export { fileErrors } from './file-errors.ts';
export { fileListPage, fileListQuery } from './file-list.ts';
export { fileObject, newFileId, type FilePurpose, type FileRecord } from './file-object.ts';
export type { FileStore } from './file-store.ts';
export { MemoryFileStore } from './memory-file-store.ts';
export { openFileStore } from './open-file-store.ts';
export { readUploadForm } from './upload-form.ts';
export { uploadRequest } from './upload-request.ts';
