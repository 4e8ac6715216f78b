// One valid request of every kind, sent before anything is judged for time: the first of each compiles code,
// loads a tokenizer or renders a first image, and that once-per-process cost is not a stall under load.
import type { Operation, Target } from '../oracle/expectation.ts';
import type { FuzzCase } from './case.ts';
import { restoreBaseline } from './control-cases.ts';
import { audioForm } from './multipart.ts';
import { Draw } from './draw.ts';

const V = '?api-version=2024-10-21';

const REQUESTS: ReadonlyArray<readonly [Operation, string, unknown]> = [
  ['chat', `/openai/deployments/gpt-4o/chat/completions${V}`, { messages: [{ role: 'user', content: 'hello' }] }],
  [
    'chat',
    `/openai/deployments/gpt-4o/chat/completions${V}`,
    { messages: [{ role: 'user', content: 'hello' }], stream: true, stream_options: { include_usage: true } },
  ],
  [
    'chat',
    // o-series models answer dated routes from 2024-12-01-preview on (server/src/protocol/model-families.ts)
    '/openai/deployments/o3-mini/chat/completions?api-version=2024-12-01-preview',
    { messages: [{ role: 'user', content: 'answer in json' }], response_format: { type: 'json_object' } },
  ],
  ['completions', `/openai/deployments/gpt-35-turbo-instruct/completions${V}`, { prompt: 'hello', stream: true }],
  ['embeddings', `/openai/deployments/text-embedding-3-small/embeddings${V}`, { input: ['hello', 'world'] }],
  ['embeddings', `/openai/deployments/text-embedding-ada-002/embeddings${V}`, { input: 'hello', encoding_format: 'base64' }],
  ['images', `/openai/deployments/dall-e-3/images/generations${V}`, { prompt: 'a cat', response_format: 'b64_json' }],
  ['images', `/openai/deployments/gpt-image-1/images/generations?api-version=2025-04-01-preview`, { prompt: 'a cat' }],
  ['speech', `/openai/deployments/tts/audio/speech${V}`, { input: 'hello', voice: 'alloy' }],
  ['responses', '/openai/v1/responses', { model: 'gpt-4o', input: 'hello' }],
  ['responses', '/openai/v1/responses', { model: 'o3-mini', input: 'hello', stream: true }],
];

/** The warm-up, as one case: sequential, judged like any other (a failure here is still a failure). */
export function warmUpCase(configuration: string): FuzzCase {
  return {
    id: `${configuration}:warm-up`,
    family: 'warm-up',
    exclusive: true,
    async run(context) {
      const headers = { 'api-key': context.env.apiKey };
      for (const [operation, target, body] of REQUESTS) {
        await context.http(
          { method: 'POST', target, headers: { ...headers, 'content-type': 'application/json' }, body: Buffer.from(JSON.stringify(body)) },
          { target: { kind: 'operation', operation } },
        );
      }
      const form = audioForm(Draw.forCase(0, configuration, 'warm-up'), false);
      await context.http(
        {
          method: 'POST',
          target: `/openai/deployments/whisper/audio/transcriptions${V}`,
          headers: { ...headers, 'content-type': form.contentType },
          body: form.body,
        },
        { target: { kind: 'operation', operation: 'transcriptions' } },
      );
      const reads: ReadonlyArray<readonly [string, Target, Record<string, string>]> = [
        ['/openai/models' + V, { kind: 'listing', listing: 'models' }, headers],
        ['/__sim/config', { kind: 'control', route: 'config' }, context.adminHeaders()],
        ['/__sim/journal?limit=5', { kind: 'control', route: 'journal' }, context.adminHeaders()],
        ['/__sim/images/256x256/7.png', { kind: 'image-file' }, {}],
        ['/metrics', { kind: 'metrics' }, {}],
      ];
      for (const [target, expected, extra] of reads) await context.http({ method: 'GET', target, headers: extra }, { target: expected });
      // the first reconfiguration compiles what later ones reuse
      await restoreBaseline(context);
    },
  };
}
