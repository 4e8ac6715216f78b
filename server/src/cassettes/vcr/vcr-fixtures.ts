// Recordings written by hand in the shape the Python simulators write them (see aoai-api-simulator's
// record_replay/persistence.py and VCR.py's cassettes): one file per URL path, headers as lists of values.
import { createHash } from 'node:crypto';
import { yaml } from '../../test-support/temp-tree.ts';

/** A chat completion answering `content`, as the service sends it. */
export const completion = (content: string) =>
  JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion',
    created: 1714000000,
    model: 'gpt-4o-2024-05-13',
    choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
    usage: { prompt_tokens: 9, completion_tokens: 2, total_tokens: 11 },
  });

/** One chunk of a streamed chat completion. */
export const chunk = (content: string | null, finish: string | null = null) =>
  JSON.stringify({
    id: 'chatcmpl-2',
    object: 'chat.completion.chunk',
    created: 1714000000,
    model: 'gpt-4o-2024-05-13',
    choices: [{ index: 0, finish_reason: finish, delta: content === null ? {} : { content } }],
  });

/** A stream as one text, as it came over the wire. */
export const events = (...data: string[]) => data.map((item) => `data: ${item}\n\n`).join('');

/** The body hash aoai-api-simulator keeps, of a JSON body (the openai SDK sends JSON.stringify of its params). */
export const md5 = (text: string | Buffer) => createHash('md5').update(text).digest('hex');

/** YAML's single-quoted form of a one-line string: what PyYAML writes for a JSON body (a text of many lines goes double-quoted). */
export const quoted = (text: string) => `'${text.replaceAll("'", "''")}'`;

export const PLAIN = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'What is the capital of France?' }], temperature: 0 };
export const LARGE = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: `Summarise this: ${'lorem ipsum '.repeat(120)}` }] };
export const STREAMED = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'Say hello' }], stream: true as const };
export const BINARY_STREAMED = { model: 'gpt-4o', messages: [{ role: 'user' as const, content: 'Say bye' }], stream: true as const };

/**
 * aoai-api-simulator's file for the gpt-4o chat path: a plain answer, a stream kept as text, a request over
 * 1 KB kept only as its hash, and a stream kept as !!binary bytes (what its persister writes for
 * text/event-stream, which it does not decode).
 */
export function successorRecording(answer = 'Paris.'): string {
  const plain = JSON.stringify(PLAIN);
  const streamed = JSON.stringify(STREAMED);
  return yaml`
    interactions:
    - context_values:
        simulator.deployment_name: gpt-4o
      request:
        body: ${quoted(plain)}
        body_hash: ${md5(plain)}
        headers:
          content-type:
          - application/json
        method: POST
        uri: http://localhost:8000/openai/deployments/gpt-4o/chat/completions?api-version=2024-02-01
      response:
        body:
          string: ${quoted(completion(answer))}
        duration_ms: 640
        headers:
          content-type:
          - application/json
          x-ratelimit-remaining-tokens:
          - '9990'
        status:
          code: 200
    - request:
        body: ${quoted(streamed)}
        body_hash: ${md5(streamed)}
        headers:
          content-type:
          - application/json
        method: POST
        uri: http://localhost:8000/openai/deployments/gpt-4o/chat/completions?api-version=2024-02-01
      response:
        body:
          string: ${JSON.stringify(events(chunk('Hel'), chunk('lo there'), chunk(null, 'stop'), '[DONE]'))}
        duration_ms: 300
        headers:
          content-type:
          - text/event-stream; charset=utf-8
        status:
          code: 200
    - request:
        body: null
        body_hash: ${md5(JSON.stringify(LARGE))}
        headers:
          content-type:
          - application/json
        method: POST
        uri: http://localhost:8000/openai/deployments/gpt-4o/chat/completions?api-version=2024-02-01
      response:
        body:
          string: ${quoted(completion('A summary of the large request.'))}
        duration_ms: 900
        headers:
          content-type:
          - application/json
        status:
          code: 200
    - request:
        body: ${quoted(JSON.stringify(BINARY_STREAMED))}
        body_hash: ${md5(JSON.stringify(BINARY_STREAMED))}
        headers:
          content-type:
          - application/json
        method: POST
        uri: http://localhost:8000/openai/deployments/gpt-4o/chat/completions?api-version=2024-02-01
      response:
        body:
          string: !!binary |
            ${Buffer.from(events(chunk('Good'), chunk('bye'), '[DONE]')).toString('base64')}
        duration_ms: 200
        headers:
          content-type:
          - text/event-stream; charset=utf-8
        status:
          code: 200
    version: 1
  `;
}
