import { splitByTokens } from '../../tokens/split-by-tokens.ts';
import type { Tokenizer } from '../../tokens/tokenizer.ts';
import type { ChatFinishReason } from './chat-answer.ts';
import type { SpokenAudio } from './spoken-answer.ts';

/**
 * Bytes of audio a data chunk carries: half a second of 24 kHz 16-bit samples. A multiple of 6, so that each
 * chunk's base64 stands alone (whole 3-byte groups) and holds whole samples: a client can play chunk by chunk.
 */
const DATA_CHUNK_BYTES = 24_000;

/** One `delta` of a streamed audio answer, with the tokens it carries. */
interface AudioDelta {
  delta: { content?: null; audio: Record<string, string | number> };
  tokens: number;
}

/** A stream chunk's choice, with the tokens it carries. */
export interface ChoiceChunk {
  choice: Record<string, unknown>;
  tokens: number;
}

/**
 * The chunks of choice `index` after its role chunk, when it is spoken: the audio deltas, the finish chunk only when
 * the answer was cut (with `finish.filter` as its content filter results), then the expiry, with no finish_reason.
 */
export function audioChunks(
  audio: SpokenAudio,
  index: number,
  finish: { reason: ChatFinishReason; filter: Record<string, unknown> },
  tokenizer: Tokenizer,
  tokensPerChunk: number,
): ChoiceChunk[] {
  const { deltas, expiry } = audioDeltas(audio, tokenizer, tokensPerChunk);
  const chunks: ChoiceChunk[] = deltas.map(({ delta, tokens }) => ({
    choice: { content_filter_results: {}, delta, finish_reason: null, index, logprobs: null },
    tokens,
  }));
  if (finish.reason !== 'stop') {
    chunks.push({
      choice: { content_filter_results: finish.filter, delta: {}, finish_reason: finish.reason, index, logprobs: null },
      tokens: 0,
    });
  }
  chunks.push({ choice: { content_filter_results: {}, delta: expiry, index, logprobs: null }, tokens: 0 });
  return chunks;
}

/**
 * The streamed audio answer as the service streams it (chunks quoted on the OpenAI community forum, Oct and Nov
 * 2024): the transcript in pieces, the first with the audio's `id` and `content: null`; then the audio data in
 * base64 pieces, the first with the `id` again; then (`expiry`) the expiry alone. That last delta is the audio's
 * end: openai-node's ChatCompletionStream (fix #1991) reads a stream ending with it, without a finish_reason, as
 * stopped.
 */
function audioDeltas(
  audio: SpokenAudio,
  tokenizer: Tokenizer,
  tokensPerChunk: number,
): { deltas: AudioDelta[]; expiry: { audio: { expires_at: number } } } {
  const deltas: AudioDelta[] = [];
  for (const piece of splitByTokens(tokenizer, audio.transcript, tokensPerChunk)) {
    const delta: AudioDelta['delta'] =
      deltas.length === 0 ? { content: null, audio: { id: audio.id, transcript: piece.text } } : { audio: { transcript: piece.text } };
    deltas.push({ delta, tokens: piece.tokens });
  }
  if (deltas.length === 0) deltas.push({ delta: { content: null, audio: { id: audio.id, transcript: '' } }, tokens: 0 });
  const total = audio.data.length;
  let tokensSent = 0;
  for (let start = 0; start < total; start += DATA_CHUNK_BYTES) {
    const end = Math.min(total, start + DATA_CHUNK_BYTES);
    const data = audio.data.toString('base64', start, end);
    // the audio tokens spread over the chunks in proportion to their bytes, adding up to the whole
    const tokens = Math.round((audio.tokens * end) / total) - tokensSent;
    tokensSent += tokens;
    deltas.push({ delta: { audio: start === 0 ? { id: audio.id, data } : { data } }, tokens });
  }
  return { deltas, expiry: { audio: { expires_at: audio.expiresAt } } };
}
