// Writes a replay scenario set of `count` recorded chat interactions (JSON cassettes, 100 per file), each for a
// distinct question, for the replay case of `npm run bench`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { serializeCassette } from '../server/src/cassettes/cassette-file.ts';
import { cassette, chatInteraction, chatRequest } from '../server/src/cassettes/fixtures.ts';

export function writeReplaySet(count: number, parent: string): string {
  const dir = join(parent, `replay-${count}`);
  mkdirSync(join(dir, 'cassettes'), { recursive: true });
  for (let file = 0; file * 100 < count; file++) {
    const interactions = [];
    for (let i = file * 100; i < Math.min(count, (file + 1) * 100); i++) {
      interactions.push(chatInteraction(chatRequest(`question ${i}`), `recorded answer ${i}`));
    }
    writeFileSync(join(dir, 'cassettes', `session-${file}.json`), serializeCassette(cassette(interactions, `session-${file}`), 'json'));
  }
  writeFileSync(
    join(dir, 'scenarios.yaml'),
    `server: { mode: replay }\ndeployments:\n  gpt-4o: { model: gpt-4o-2024-08-06, rateLimit: { tpm: 2000000000, rpm: 2000000000 } }\nreplay: { cassettes: [cassettes/], timing: none }\n`,
  );
  return dir;
}
