import test from 'ava';
import { join } from 'node:path';
import { azureClient } from '../../test-support/clients.ts';
import { tempTree, yaml } from '../../test-support/temp-tree.ts';
import type { ExecutionContext } from 'ava';
import type { RunningSimulator } from '../../server.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';
import { ANNOTATION_WINDOW } from './async-filter.ts';

// 2,600 characters: annotations after the first and second 1,000, and one for the rest after the finish chunk
const LONG = 'The quick brown fox jumps over the lazy dog. '.repeat(58).trim();
const SAFE = '"hate":{"filtered":false,"severity":"safe"}';
const PROTECTED_CLEAR =
  '"protected_material_code":{"filtered":false,"detected":false},"protected_material_text":{"filtered":false,"detected":false}';
const SAFE_REST =
  '"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}';

async function withAsyncDeployment(t: ExecutionContext): Promise<RunningSimulator> {
  const dir = await tempTree(t, {
    'scenarios.yaml': yaml`
      deployments:
        gpt-4o: { model: gpt-4o-2024-08-06, contentFilter: { streaming: asynchronous, protectedMaterial: true } }
        gpt-4o-default: { model: gpt-4o-2024-08-06 }
      scenarios:
        - name: long
          match: { lastUserMessage: { contains: "[long]" } }
          respond: { content: "${LONG}" }
        - name: cut
          match: { lastUserMessage: { contains: "[cut]" } }
          respond:
            content: Here are the lyrics you asked for, line by line, as they were written.
            contentFilter: { stage: output, afterTokens: 6, protected_material_text: true }
    `,
  });
  return startTestSimulator(t, { scenarios: join(dir, 'scenarios.yaml') });
}

interface StreamChoice {
  index: number;
  finish_reason: string | null;
  delta?: { content?: string | null };
  content_filter_results?: Record<string, { filtered: boolean }>;
  content_filter_offsets?: { check_offset: number; start_offset: number; end_offset: number };
}

async function streamChunks(sim: RunningSimulator, content: string) {
  const client = azureClient(sim, { deployment: 'gpt-4o' });
  const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content }], stream: true });
  const chunks: Array<{ id: string; created: number; choice: StreamChoice | undefined }> = [];
  for await (const chunk of stream)
    chunks.push({ id: chunk.id, created: chunk.created, choice: chunk.choices[0] as StreamChoice | undefined });
  return chunks;
}

test('asynchronous filter: content comes without annotations, and annotation chunks with offsets follow the text they cover', async (t) => {
  const sim = await withAsyncDeployment(t);
  const chunks = await streamChunks(sim, 'Tell me [long]');
  let text = '';
  const annotations: Array<{ at: number; choice: StreamChoice }> = [];
  let finishAt = -1;
  for (const [at, { id, created, choice }] of chunks.entries()) {
    if (!choice) continue;
    if (choice.content_filter_offsets) {
      // an annotation is none of the answer's chunks: no delta, no id, created 0
      t.is(id, '');
      t.is(created, 0);
      t.is(choice.delta, undefined);
      annotations.push({ at, choice });
      continue;
    }
    if (choice.delta?.content) t.deepEqual(choice.content_filter_results, {}, 'content is sent unchecked');
    text += choice.delta?.content ?? '';
    if (choice.finish_reason === 'stop') finishAt = at;
  }
  t.is(text, LONG);
  const length = [...LONG].length;
  t.is(annotations.length, Math.ceil(length / ANNOTATION_WINDOW));
  let covered = 0;
  for (const { choice } of annotations) {
    const offsets = choice.content_filter_offsets!;
    t.is(offsets.start_offset, covered, 'each annotation starts where the last ended');
    t.true(offsets.end_offset > offsets.start_offset);
    t.is(offsets.check_offset, offsets.end_offset);
    t.is(choice.finish_reason, null);
    t.deepEqual(choice.content_filter_results?.protected_material_text, { filtered: false, detected: false });
    covered = offsets.end_offset;
  }
  t.is(covered, length, 'the annotations cover the whole answer');
  t.true(annotations[0]!.at < finishAt, 'an annotation comes mid-stream');
  t.true(annotations.at(-1)!.at > finishAt, 'the last annotation follows the finish chunk');
});

test('asynchronous filter: a filtered answer ends with an annotation chunk whose finish_reason is content_filter', async (t) => {
  const sim = await withAsyncDeployment(t);
  const chunks = await streamChunks(sim, 'Sing [cut]');
  const last = chunks.at(-1)!.choice!;
  t.is(last.finish_reason, 'content_filter');
  t.deepEqual(last.content_filter_results?.protected_material_text, { filtered: true, detected: true });
  const sent = chunks.map(({ choice }) => choice?.delta?.content ?? '').join('');
  t.is(last.content_filter_offsets?.end_offset, [...sent].length);
  t.false(
    chunks.some(({ choice }) => choice?.delta !== undefined && choice.finish_reason !== null),
    'no finish chunk of the answer’s own',
  );
});

test('asynchronous filter, raw: the annotation chunk’s exact bytes; protectedMaterial puts its all-clear results on every answer', async (t) => {
  const sim = await withAsyncDeployment(t);
  const post = (deployment: string, stream: boolean) =>
    fetch(`${sim.url}/openai/deployments/${deployment}/chat/completions?api-version=2024-10-21`, {
      method: 'POST',
      headers: { 'api-key': 'k', 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'Sing [cut]' }], stream }),
    });
  const frames = (await (await post('gpt-4o', true)).text()).split('\n\n').filter(Boolean);
  t.is(frames.at(-1), 'data: [DONE]');
  t.regex(
    frames.at(-2)!,
    new RegExp(
      `^data: \\{"choices":\\[\\{"content_filter_offsets":\\{"check_offset":(\\d+),"start_offset":0,"end_offset":\\1\\},"content_filter_results":\\{${escape(SAFE)},"protected_material_code":\\{"filtered":false,"detected":false\\},"protected_material_text":\\{"filtered":true,"detected":true\\},${escape(SAFE_REST)}\\},"finish_reason":"content_filter","index":0\\}\\],"created":0,"id":"","model":"","object":""\\}$`,
    ),
  );
  t.regex(
    frames[2]!,
    /^data: \{"choices":\[\{"content_filter_results":\{\},"delta":\{"content":"[^"]*"\},"finish_reason":null,"index":0,"logprobs":null\}\],"created":\d+,"id":"chatcmpl-/,
  );

  const answer = await (await post('gpt-4o', false)).text();
  t.true(
    answer.startsWith(
      `{"choices":[{"content_filter_results":{${SAFE},"protected_material_code":{"filtered":false,"detected":false},"protected_material_text":{"filtered":true,"detected":true},${SAFE_REST}}`,
    ),
    answer,
  );
  // a deployment that does not say keeps the annotations the reference answer has (no protected material)
  const plain = await (await post('gpt-4o-default', true)).text();
  t.false(plain.includes('content_filter_offsets'));
  t.false(plain.includes('protected_material_code'));
  t.true(plain.includes(`"content_filter_results":{${SAFE},${SAFE_REST}},"delta":{"content":`));
});

test('protectedMaterial: an answer without any outcome carries the all-clear protected material results', async (t) => {
  const sim = await withAsyncDeployment(t);
  const response = await fetch(`${sim.url}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21`, {
    method: 'POST',
    headers: { 'api-key': 'k', 'content-type': 'application/json' },
    body: JSON.stringify({ messages: [{ role: 'user', content: 'Hello there' }] }),
  });
  t.true(
    (await response.text()).startsWith(`{"choices":[{"content_filter_results":{${SAFE},${PROTECTED_CLEAR},${SAFE_REST}},"finish_reason":`),
  );
});

function escape(text: string): string {
  return text.replace(/[{}[\]()*+?.\\^$|]/g, '\\$&');
}
