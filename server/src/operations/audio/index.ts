import { createRandom } from '../../generate/random.ts';
import { isSpeechFormat, renderSpeech, speechDurationMs, type SpeechFormat } from '../../generate/media/index.ts';
import { requestValidator } from '../../protocol/request-validator.ts';
import { serviceErrors } from '../../protocol/service-errors.ts';
import { tokenizerFor } from '../../tokens/tokenizer.ts';
import type { OperationHandler, OperationResult } from '../types.ts';
import { uploadDurationSeconds } from './audio-duration.ts';
import { toSrt, toVtt, transcriptSegments, transcriptText } from './transcript.ts';

const AUDIO_EXTENSIONS = ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', 'oga', 'ogg', 'wav', 'webm'];

const validateTranscriptionFields = requestValidator('transcriptions', {
  type: 'object',
  properties: {
    response_format: { enum: ['json', 'text', 'srt', 'verbose_json', 'vtt'] },
    temperature: { type: 'string', pattern: '^(0(\\.\\d+)?|1(\\.0+)?)$' },
  },
});

/**
 * Transcriptions and translations: a deterministic transcript of the uploaded recording (the same file always
 * gives the same text), sized to its duration, in each of the service's response formats.
 */
export function audioToText(task: 'transcribe' | 'translate'): OperationHandler {
  return ({ body, files, deployment }) => {
    const file = files.file;
    if (!file) throw serviceErrors.invalidRequest("Missing required parameter: 'file'.", 'file', 'missing_required_parameter');
    const extension = file.filename.split('.').pop()?.toLowerCase() ?? '';
    if (!AUDIO_EXTENSIONS.includes(extension)) {
      throw serviceErrors.invalidRequest(
        `Invalid file format. Supported formats: ${JSON.stringify(AUDIO_EXTENSIONS).replaceAll('"', "'")}`,
        'file',
        'invalid_value',
      );
    }
    validateTranscriptionFields(body);
    const format = (body.response_format as string | undefined) ?? 'json';
    const seconds = uploadDurationSeconds(file);
    const tokenizer = tokenizerFor(deployment.tokenizer);
    const segments = transcriptSegments(createRandom(`${task}:${file.sha256}`), seconds, (text) => tokenizer.encode(text));
    const text = transcriptText(segments);
    const language = task === 'translate' ? 'english' : languageName(body.language);
    return render(format, { text, segments, seconds, language, task, words: wantsWords(body) });
  };
}

function render(
  format: string,
  transcript: {
    text: string;
    segments: ReturnType<typeof transcriptSegments>;
    seconds: number;
    language: string;
    task: string;
    words: boolean;
  },
): OperationResult {
  switch (format) {
    case 'text':
      return { kind: 'text', contentType: 'text/plain; charset=utf-8', body: `${transcript.text}\n` };
    case 'srt':
      return { kind: 'text', contentType: 'text/plain; charset=utf-8', body: toSrt(transcript.segments) };
    case 'vtt':
      return { kind: 'text', contentType: 'text/plain; charset=utf-8', body: toVtt(transcript.segments) };
    case 'verbose_json': {
      const words = transcript.words ? transcript.segments.flatMap((segment) => wordTimings(segment)) : undefined;
      const body = {
        task: transcript.task,
        language: transcript.language,
        duration: transcript.seconds,
        text: transcript.text,
        segments: transcript.segments,
        ...(words ? { words } : {}),
      };
      return { kind: 'json', body: JSON.stringify(body) };
    }
    default:
      return { kind: 'json', body: JSON.stringify({ text: transcript.text }) };
  }
}

function wordTimings(segment: { start: number; end: number; text: string }) {
  const words = segment.text.trim().split(/\s+/);
  const step = (segment.end - segment.start) / words.length;
  return words.map((word, i) => ({
    word: word.replace(/[.,!?:]$/, ''),
    start: round(segment.start + i * step),
    end: round(segment.start + (i + 1) * step),
  }));
}

function wantsWords(body: Record<string, unknown>): boolean {
  const granularities = body['timestamp_granularities[]'] ?? body.timestamp_granularities;
  return (Array.isArray(granularities) ? granularities : [granularities]).includes('word');
}

const LANGUAGES: Record<string, string> = {
  en: 'english',
  fr: 'french',
  de: 'german',
  es: 'spanish',
  it: 'italian',
  pt: 'portuguese',
  nl: 'dutch',
  ja: 'japanese',
  zh: 'chinese',
  ko: 'korean',
};

function languageName(code: unknown): string {
  return typeof code === 'string' ? (LANGUAGES[code] ?? code) : 'english';
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

const VOICES = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'onyx', 'nova', 'sage', 'shimmer', 'verse'];

const validateSpeech = requestValidator('speech', {
  type: 'object',
  required: ['input', 'voice'],
  additionalProperties: false,
  properties: {
    model: { type: 'string' },
    input: { type: 'string', minLength: 1, maxLength: 4096 },
    voice: { enum: VOICES },
    response_format: { enum: ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] },
    speed: { type: 'number', minimum: 0.25, maximum: 4 },
    instructions: { type: 'string' },
    stream_format: { enum: ['audio', 'sse'] },
  },
});

/** Text to speech: a valid audio file of the requested format, as long as the text would take to say. */
export const speech: OperationHandler = ({ body }) => {
  validateSpeech(body);
  const format = (body.response_format as string | undefined) ?? 'mp3';
  if (!isSpeechFormat(format))
    throw serviceErrors.invalidRequest(`Unsupported response_format: ${format}`, 'response_format', 'invalid_value');
  const durationMs = speechDurationMs(body.input as string, (body.speed as number | undefined) ?? 1);
  const seed = createRandom(`${String(body.voice)}:${String(body.input)}`).int(0, 0x7fffffff);
  const { audio, contentType } = renderSpeech({ format: format as SpeechFormat, durationMs, seed });
  return { kind: 'binary', contentType, body: audio };
};
