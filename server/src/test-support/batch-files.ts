import type { OpenAI } from 'openai';
import { toFile } from 'openai';
import type { RunningSimulator } from '../server.ts';

/** A batch file's line for a chat completion on `model`. */
export function chatLine(customId: string, model: string, content: string, url = '/chat/completions'): Record<string, unknown> {
  return { custom_id: customId, method: 'POST', url, body: { model, messages: [{ role: 'user', content }] } };
}

/** Uploads lines (objects, or raw text for a line that is not JSON) as a batch file. */
export async function uploadBatchFile(client: OpenAI, lines: ReadonlyArray<Record<string, unknown> | string>): Promise<string> {
  const text = lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n') + '\n';
  const file = await client.files.create({ file: await toFile(Buffer.from(text), 'batch.jsonl'), purpose: 'batch' });
  return file.id;
}

/** Moves the simulator's job clock on (POST /__sim/clock/advance), running every job due. */
export async function advanceClock(sim: RunningSimulator, ms: number): Promise<void> {
  const response = await fetch(`${sim.url}/__sim/clock/advance`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ms }),
  });
  if (!response.ok) throw new Error(`advance refused: ${response.status} ${await response.text()}`);
}

/** A batch output or error file's lines, parsed. */
export async function fileLines(client: OpenAI, id: string): Promise<Array<Record<string, any>>> {
  const text = await (await client.files.content(id)).text();
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, any>);
}
