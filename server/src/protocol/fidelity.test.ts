/**
 * The simulator's bodies and streams against the exact examples of ../shared/docs/aoai-protocol.md, key by key
 * (same keys, same order, same value types) and chunk by chunk. Values that cannot differ (object names,
 * content-filter annotations, nulls) must be equal; ids, times and text only of the same kind.
 */
import test from 'ava';
import { startTestSimulator } from '../test-support/simulator.ts';

// §3, as the service returns it (2025)
const CHAT_EXAMPLE = JSON.parse(
  '{"choices":[{"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}},"finish_reason":"stop","index":0,"logprobs":null,"message":{"annotations":[],"content":"Hello! …","refusal":null,"role":"assistant"}}],"created":1758119573,"id":"chatcmpl-CGnVFG8AVBjwC9UPyLDLxehmdOSth","model":"gpt-4.1-2025-04-14","object":"chat.completion","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},"jailbreak":{"filtered":false,"detected":false},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}}}],"system_fingerprint":"fp_9ab7d013ff","usage":{"completion_tokens":30,"completion_tokens_details":{"accepted_prediction_tokens":0,"audio_tokens":0,"reasoning_tokens":0,"rejected_prediction_tokens":0},"prompt_tokens":13,"prompt_tokens_details":{"audio_tokens":0,"cached_tokens":0},"total_tokens":43}}',
);

const SAFE_COMPLETION =
  '{"hate":{"filtered":false,"severity":"safe"},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}}';
const HEAD =
  '"created":1758119573,"id":"chatcmpl-CGnVFG8AVBjwC9UPyLDLxehmdOSth","model":"gpt-4.1-2025-04-14","object":"chat.completion.chunk","system_fingerprint":"fp_9ab7d013ff"';
// §4, in order: prompt annotation, role, content, finish, usage (with include_usage the others carry "usage":null)
const STREAM_EXAMPLE = [
  '{"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},"jailbreak":{"filtered":false,"detected":false},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}}}]}',
  `{"choices":[{"content_filter_results":{},"delta":{"content":"","refusal":null,"role":"assistant"},"finish_reason":null,"index":0,"logprobs":null}],${HEAD},"usage":null}`,
  `{"choices":[{"content_filter_results":${SAFE_COMPLETION},"delta":{"content":"Hello"},"finish_reason":null,"index":0,"logprobs":null}],${HEAD},"usage":null}`,
  `{"choices":[{"content_filter_results":{},"delta":{},"finish_reason":"stop","index":0,"logprobs":null}],${HEAD},"usage":null}`,
  `{"choices":[],${HEAD},"usage":${JSON.stringify(CHAT_EXAMPLE.usage)}}`,
].map((text) => JSON.parse(text) as unknown);

// §5
const EMBEDDINGS_EXAMPLE = JSON.parse(
  '{"object":"list","data":[{"object":"embedding","index":0,"embedding":[0.1,0.2]}],"model":"text-embedding-3-small","usage":{"prompt_tokens":2,"total_tokens":2}}',
);
const COMPLETIONS_EXAMPLE = JSON.parse(
  `{"id":"cmpl-x","object":"text_completion","created":1,"model":"m","choices":[{"text":"…","index":0,"finish_reason":"stop","logprobs":null,"content_filter_results":${SAFE_COMPLETION}}],"prompt_filter_results":${JSON.stringify(CHAT_EXAMPLE.prompt_filter_results)},"usage":{"completion_tokens":1,"prompt_tokens":1,"total_tokens":2}}`,
);
const IMAGES_EXAMPLE = JSON.parse(
  `{"created":1,"data":[{"revised_prompt":"…","url":"…","content_filter_results":${SAFE_COMPLETION},"prompt_filter_results":${JSON.stringify(CHAT_EXAMPLE.prompt_filter_results[0].content_filter_results)}}]}`,
);

/** Keys whose values are fixed by the protocol and must be equal, not just of the same type. */
const EXACT = new Set([
  'object',
  'content_filter_results',
  'prompt_filter_results',
  'role',
  'refusal',
  'annotations',
  'logprobs',
  'completion_tokens_details',
  'prompt_tokens_details',
  'delta',
]);

/** Every difference between `actual` and `expected` in keys, key order, value types and fixed values. */
function differences(actual: unknown, expected: unknown, path = '$', exact = false): string[] {
  if (exact)
    return JSON.stringify(actual) === JSON.stringify(expected) ? [] : [`${path}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`];
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: not an array`];
    if (expected.length === 0) return actual.length === 0 ? [] : [`${path}: expected an empty array`];
    return actual.length === 0 ? [`${path}: empty`] : differences(actual[0], expected[0], `${path}[0]`);
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: not an object`];
    const keys = Object.keys(actual);
    const expectedKeys = Object.keys(expected);
    if (keys.join() !== expectedKeys.join()) return [`${path}: keys ${keys.join(',')} ≠ ${expectedKeys.join(',')}`];
    return expectedKeys.flatMap((key) =>
      differences((actual as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`, EXACT.has(key)),
    );
  }
  return typeof actual === typeof expected && (actual === null) === (expected === null)
    ? []
    : [`${path}: ${typeof actual} ≠ ${typeof expected}`];
}

async function post(url: string, body: unknown): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'api-key': 'k', 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

test('a chat completion matches the reference example key by key', async (t) => {
  const sim = await startTestSimulator(t);
  const response = await post(`${sim.url}/openai/deployments/gpt-4.1/chat/completions?api-version=2024-10-21`, {
    messages: [{ role: 'user', content: 'Hello' }],
  });
  t.deepEqual(differences(await response.json(), CHAT_EXAMPLE), []);
});

test('a chat stream matches the reference chunks, chunk by chunk', async (t) => {
  const sim = await startTestSimulator(t);
  const response = await post(`${sim.url}/openai/deployments/gpt-4.1/chat/completions?api-version=2025-04-01-preview`, {
    stream: true,
    stream_options: { include_usage: true },
    messages: [{ role: 'user', content: 'Hello' }],
  });
  const frames = (await response.text()).split('\n\n').filter(Boolean);
  t.is(frames.pop(), 'data: [DONE]');
  const chunks = frames.map((frame) => JSON.parse(frame.slice('data: '.length)) as unknown);
  const [preamble, role, ...rest] = chunks;
  const usage = rest.pop();
  const finish = rest.pop();
  t.deepEqual(differences(preamble, STREAM_EXAMPLE[0]), [], 'prompt annotation chunk');
  t.deepEqual(differences(role, STREAM_EXAMPLE[1]), [], 'role chunk');
  t.true(rest.length > 0);
  for (const content of rest) {
    const withoutText = JSON.parse(
      JSON.stringify(content).replace(/"delta":\{"content":"(?:[^"\\]|\\.)*"\}/, '"delta":{"content":"Hello"}'),
    ) as unknown;
    t.deepEqual(differences(withoutText, STREAM_EXAMPLE[2]), [], 'content chunk');
  }
  t.deepEqual(differences(finish, STREAM_EXAMPLE[3]), [], 'finish chunk');
  t.deepEqual(differences(usage, STREAM_EXAMPLE[4]), [], 'usage chunk');
});

test('embeddings, legacy completions and images match their reference examples', async (t) => {
  const sim = await startTestSimulator(t);
  const embeddings = await post(`${sim.url}/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21`, {
    input: 'hi',
    encoding_format: 'float',
  });
  t.deepEqual(differences(await embeddings.json(), EMBEDDINGS_EXAMPLE), []);
  const completions = await post(`${sim.url}/openai/deployments/gpt-35-turbo-instruct/completions?api-version=2024-10-21`, {
    prompt: 'Once',
    max_tokens: 40,
  });
  t.deepEqual(differences(await completions.json(), COMPLETIONS_EXAMPLE), []);
  const images = await post(`${sim.url}/openai/deployments/dall-e-3/images/generations?api-version=2024-10-21`, { prompt: 'a cat' });
  t.deepEqual(differences(await images.json(), IMAGES_EXAMPLE), []);
});
