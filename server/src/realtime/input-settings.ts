import { audioFormat, type AudioFormat } from './audio/audio-format.ts';
import type { VadSettings } from './audio/voice-activity.ts';
import type { RealtimeFlavor } from './realtime-address.ts';
import type { SessionObject } from './session-config.ts';

/** How the session turns the input audio into turns: server VAD with its settings, or null (manual commit). */
export interface TurnDetection extends VadSettings {
  /** A turn the VAD commits starts a response. */
  createResponse: boolean;
  /** Speech starting while a response is under way cancels it. */
  interruptResponse: boolean;
}

type Fields = Record<string, unknown>;

/** The session's `audio.input` (GA) or the session itself (preview): where the input settings live. */
function inputOf(flavor: RealtimeFlavor, session: SessionObject): Fields {
  if (flavor === 'preview') return session;
  const audio = session.audio as { input?: Fields } | undefined;
  return audio?.input ?? {};
}

/** The format the client appends audio in (GA `audio.input.format`, preview `input_audio_format`); pcm16 by default. */
export function inputFormat(flavor: RealtimeFlavor, session: SessionObject): AudioFormat {
  const setting = flavor === 'ga' ? inputOf(flavor, session).format : session.input_audio_format;
  return audioFormat(flavor, setting) ?? audioFormat('preview', 'pcm16')!;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/**
 * The session's turn detection (GA `audio.input.turn_detection`, preview `turn_detection`): null turns it off
 * (the client commits). `server_vad` is the default; `semantic_vad`, which judges whether the words sound finished,
 * is taken as server VAD with the default settings, since the simulator hears no words. Missing settings take the
 * service's defaults (threshold 0.5, 300 ms of prefix padding, 200 ms of silence).
 */
export function turnDetection(flavor: RealtimeFlavor, session: SessionObject): TurnDetection | null {
  const setting = flavor === 'ga' ? inputOf(flavor, session).turn_detection : session.turn_detection;
  if (setting === null || typeof setting !== 'object') return null;
  const fields = setting as Fields;
  const semantic = fields.type === 'semantic_vad';
  return {
    threshold: semantic ? 0.5 : numberOr(fields.threshold, 0.5),
    prefixPaddingMs: semantic ? 300 : numberOr(fields.prefix_padding_ms, 300),
    silenceDurationMs: semantic ? 200 : numberOr(fields.silence_duration_ms, 200),
    createResponse: fields.create_response !== false,
    interruptResponse: fields.interrupt_response !== false,
  };
}

/** The transcription model the session asks for (GA `audio.input.transcription`, preview `input_audio_transcription`). */
export function transcriptionModel(flavor: RealtimeFlavor, session: SessionObject): string | undefined {
  const setting = flavor === 'ga' ? inputOf(flavor, session).transcription : session.input_audio_transcription;
  if (setting === null || typeof setting !== 'object') return undefined;
  const model = (setting as Fields).model;
  return typeof model === 'string' ? model : 'whisper-1';
}
