// Writes a replay scenario set of `count` recorded chat interactions (JSON cassettes, 100 per file), each for a
// distinct question, for the replay case of `npm run bench`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function writeReplaySet(count: number, parent: string): string {
  const dir = join(parent, `replay-${count}`);
  mkdirSync(join(dir, 'cassettes'), { recursive: true });
  for (let file = 0; file * 100 < count; file++) {
    const interactions = [];
    for (let i = file * 100; i < Math.min(count, (file + 1) * 100); i++) {
      interactions.push({
        recordedAt: '2026-11-26T00:00:00.000Z',
        request: { method: 'POST', operation: 'chat', deployment: 'gpt-4o', apiVersion: '2024-10-21', body: { messages: [{ role: 'user', content: `question ${i}` }] } },
        response: {
          status: 200,
          headers: { 'content-type': 'application/json' },
          body: {
            choices: [{ content_filter_results: {}, finish_reason: 'stop', index: 0, logprobs: null, message: { annotations: [], content: `recorded answer ${i}`, refusal: null, role: 'assistant' } }],
            created: 1758119573,
            id: `chatcmpl-${i}`,
            model: 'gpt-4o-2024-08-06',
            object: 'chat.completion',
            usage: { completion_tokens: 3, prompt_tokens: 10, total_tokens: 13 },
          },
        },
      });
    }
    writeFileSync(join(dir, 'cassettes', `session-${file}.json`), JSON.stringify({ version: 1, name: `session-${file}`, interactions }));
  }
  writeFileSync(
    join(dir, 'scenarios.yaml'),
    `server: { mode: replay }\ndeployments:\n  gpt-4o: { model: gpt-4o-2024-08-06, rateLimit: { tpm: 2000000000, rpm: 2000000000 } }\nreplay: { cassettes: [cassettes/], timing: none }\n`,
  );
  return dir;
}
