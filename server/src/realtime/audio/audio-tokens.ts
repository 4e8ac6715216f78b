import { OUTPUT_AUDIO_TOKENS_PER_SECOND } from '../../operations/chat/spoken-answer.ts';

/**
 * Tokens of `ms` of audio a response spoke: one per 50 ms. OpenAI's realtime cost guide: "audio tokens in user
 * messages are 1 token per 100 ms of audio, while audio tokens in assistant messages are 1 token per 50ms of audio"
 * (developers.openai.com/api/docs/guides/realtime-costs); the chat completions' spoken answers count it the same
 * way (spoken-answer.ts). A cancelled response counts the audio it sent; the service, which makes audio faster than
 * real time, counts what it had made.
 */
export function outputAudioTokens(ms: number): number {
  return Math.ceil((ms * OUTPUT_AUDIO_TOKENS_PER_SECOND) / 1000);
}
