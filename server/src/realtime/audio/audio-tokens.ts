import { OUTPUT_AUDIO_TOKENS_PER_SECOND } from '../../operations/chat/spoken-answer.ts';

/**
 * Tokens of `ms` of audio a response spoke: one per 50 ms, the rate OpenAI gives for its realtime and audio
 * models' output audio (the chat completions' spoken answers count it the same way, see spoken-answer.ts).
 */
export function outputAudioTokens(ms: number): number {
  return Math.ceil((ms * OUTPUT_AUDIO_TOKENS_PER_SECOND) / 1000);
}
