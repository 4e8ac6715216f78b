import { newFileId, type FileRecord, type FileStore } from '../files/index.ts';
import type { BatchRecord } from './batch-record.ts';

/**
 * Writes a batch's output file (the lines answered with success) and error file (the others) to the Files store,
 * with purpose batch_output, kept for `output_expires_after` when the create set it. The error file is written
 * when it is empty too: the Azure guide says a successful batch still has an error_file_id, of an empty file.
 */
export async function saveBatchFiles(
  files: FileStore,
  batch: BatchRecord,
  output: readonly string[],
  errors: readonly string[],
  nowMs: number,
): Promise<{ outputFileId: string; errorFileId: string }> {
  const save = async (kind: 'output' | 'error', lines: readonly string[]) => {
    const content = Buffer.from(lines.length === 0 ? '' : `${lines.join('\n')}\n`);
    const file: FileRecord = {
      id: newFileId(),
      filename: `${batch.id}_${kind}.jsonl`,
      purpose: 'batch_output',
      bytes: content.length,
      createdAtMs: nowMs,
    };
    if (batch.outputExpiresAfterSeconds !== undefined) file.expiresAtMs = nowMs + batch.outputExpiresAfterSeconds * 1000;
    await files.save(file, content);
    return file.id;
  };
  return { outputFileId: await save('output', output), errorFileId: await save('error', errors) };
}
