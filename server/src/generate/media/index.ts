export { MAX_IMAGE_SIDE, parseImageSize, renderPng, renderPngAsync } from './png.ts';
export { renderSpeech } from './speech.ts';
export { speechDurationMs } from './speech-duration.ts';
export {
  isSpeechFormat,
  MAX_SPEECH_MS,
  SPEECH_CONTENT_TYPES,
  SPEECH_FORMATS,
  SPEECH_SAMPLE_RATE,
  type SpeechFormat,
} from './speech-format.ts';
