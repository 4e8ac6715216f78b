import test from 'ava';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { BINARY_STREAMED, completion, LARGE, md5, PLAIN, quoted, STREAMED, successorRecording } from '../cassettes/vcr/vcr-fixtures.ts';
import type { RunningSimulator } from '../server.ts';
import { azureClient } from '../test-support/clients.ts';
import { startTestSimulator } from '../test-support/simulator.ts';
import { tempTree, yaml } from '../test-support/temp-tree.ts';

/** A simulator replaying the cassette directory `name` holding `files`. */
async function replaying(t: import('ava').ExecutionContext, name: string, files: Record<string, string>): Promise<RunningSimulator> {
  const root = await tempTree(t, Object.fromEntries(Object.entries(files).map(([file, text]) => [join(name, file), text])));
  const dir = join(root, name);
  return startTestSimulator(t, {
    scenarios: {
      server: { mode: 'replay' },
      deployments: {
        'gpt-4o': { model: 'gpt-4o-2024-05-13' },
        embedding: { model: 'text-embedding-ada-002' },
        whisper: { model: 'whisper-001' },
      },
      replay: { cassettes: [dir] },
    },
  });
}

test('aoai-api-simulator recordings replay through the openai SDK: an answer, streams, and a large request kept only as its hash', async (t) => {
  const sim = await replaying(t, '.recording', { 'openai_deployments_gpt-4o_chat_completions.yaml': successorRecording() });
  const client = azureClient(sim, { deployment: 'gpt-4o' });

  const plain = await client.chat.completions.create(PLAIN);
  t.is(plain.choices[0]?.message.content, 'Paris.');

  const pieces: string[] = [];
  for await (const part of await client.chat.completions.create(STREAMED)) pieces.push(part.choices[0]?.delta.content ?? '');
  t.deepEqual(pieces, ['Hel', 'lo there', '']);

  const binary: string[] = [];
  for await (const part of await client.chat.completions.create(BINARY_STREAMED)) binary.push(part.choices[0]?.delta.content ?? '');
  t.is(binary.join(''), 'Goodbye', 'a stream PyYAML wrote as !!binary bytes');

  const unstreamed = await client.chat.completions.create({ ...STREAMED, stream: false });
  t.is(unstreamed.choices[0]?.message.content, 'Hello there', 'a recorded stream also answers the request unstreamed');

  const large = await client.chat.completions.create(LARGE);
  t.is(large.choices[0]?.message.content, 'A summary of the large request.');

  const changed = { ...LARGE, messages: [{ role: 'user' as const, content: `${LARGE.messages[0]!.content}!` }] };
  const miss = await client.chat.completions.create(changed).catch((error: { status: number; code: string }) => error);
  t.like(miss, { status: 404, code: 'NoRecordingMatch' }, 'another body has another hash');
});

test('aoai-simulated-api (VCR.py) cassettes replay: JSON format, headers in any case, a gzip body kept as bytes', async (t) => {
  const embeddings = JSON.stringify({
    object: 'list',
    data: [{ object: 'embedding', index: 0, embedding: [0.25, -0.5, 0.125] }],
    model: 'ada',
    usage: { prompt_tokens: 2, total_tokens: 2 },
  });
  const request = JSON.stringify({ input: ['hello world'], model: 'embedding', encoding_format: 'float' });
  const vcrJson = {
    interactions: [
      {
        request: {
          body: request,
          headers: { 'Content-Type': ['application/json'], Accept: ['application/json'] },
          method: 'POST',
          uri: 'https://mysvc.openai.azure.com/openai/deployments/embedding/embeddings?api-version=2023-12-01-preview',
        },
        response: {
          body: { string: embeddings },
          headers: { 'Content-Type': ['application/json'], 'x-ratelimit-remaining-requests': ['119'] },
          status: { code: 200, message: 'OK' },
        },
      },
    ],
    version: 1,
  };
  const chat = JSON.stringify({ messages: [{ role: 'user', content: 'What is the meaning of life?' }], model: 'gpt-4o' });
  const sim = await replaying(t, '.cassettes', {
    'openai_deployments_embedding_embeddings.json': JSON.stringify(vcrJson, null, 4),
    'openai_deployments_gpt-4o_chat_completions.yaml': yaml`
      interactions:
      - request:
          body: ${quoted(chat)}
          headers:
            Content-Type:
            - application/json
          method: POST
          uri: https://mysvc.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2023-12-01-preview
        response:
          body:
            string: !!binary |
              ${gzipSync(completion('42')).toString('base64')}
          headers:
            Content-Encoding:
            - gzip
            Content-Type:
            - application/json
          status:
            code: 200
            message: OK
      version: 1
    `,
  });
  const vector = await azureClient(sim, { deployment: 'embedding' }).embeddings.create({
    input: ['hello world'],
    model: 'embedding',
    encoding_format: 'float',
  });
  t.deepEqual(vector.data[0]?.embedding, [0.25, -0.5, 0.125]);
  const answer = await azureClient(sim, { deployment: 'gpt-4o' }).chat.completions.create({
    messages: [{ role: 'user', content: 'What is the meaning of life?' }],
    model: 'gpt-4o',
  });
  t.is(answer.choices[0]?.message.content, '42');
});

test('a multipart recording kept only as its hash matches a request with another boundary, as aoai-api-simulator matched it', async (t) => {
  const form = (boundary: string) =>
    Buffer.from(
      [
        `--${boundary}`,
        'Content-Disposition: form-data; name="model"',
        '',
        'whisper',
        `--${boundary}`,
        'Content-Disposition: form-data; name="file"; filename="clip.wav"',
        'Content-Type: audio/wav',
        '',
        `RIFF....WAVE${'fake audio '.repeat(200)}`,
        `--${boundary}--`,
        '',
      ].join('\r\n'),
    );
  const sim = await replaying(t, 'recordings', {
    'openai_deployments_whisper_audio_transcriptions.yaml': yaml`
      interactions:
      - request:
          body: null
          # the successor hashed the body with a fixed string in place of each boundary
          body_hash: ${md5(form('AOAI-API-SIMULATOR-BOUNDARY'))}
          headers:
            content-type:
            - multipart/form-data; boundary=recorded-boundary-1
          method: POST
          uri: http://localhost:8000/openai/deployments/whisper/audio/transcriptions?api-version=2024-02-01
        response:
          body:
            string: '{"text": "Recorded transcript."}'
          headers:
            content-type:
            - application/json
          status:
            code: 200
      version: 1
    `,
  });
  const send = (boundary: string) =>
    fetch(`${sim.url}/openai/deployments/whisper/audio/transcriptions?api-version=2024-10-21`, {
      method: 'POST',
      headers: { 'api-key': 'k', 'content-type': `multipart/form-data; boundary=${boundary}` },
      body: form(boundary),
    });
  const hit = await send('a-boundary-the-recording-never-saw');
  t.is(hit.status, 200);
  t.deepEqual(await hit.json(), { text: 'Recorded transcript.' });
});
