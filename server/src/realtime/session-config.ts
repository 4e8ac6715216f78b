import type { RealtimeFlavor } from './realtime-address.ts';
import { unknownField } from './client-events.ts';
import { RealtimeProblem } from './realtime-problem.ts';
import { outputFormatProblem } from './audio/output-speech.ts';

/** A session's settings, in the shape its flavor's `session.created` and `session.updated` carry. */
export type SessionObject = Record<string, unknown>;

/** How long a session may last: the service closes it after 30 minutes (the realtime docs' session limit). */
export const SESSION_LIFETIME_SECONDS = 30 * 60;

/** A function tool a session offers, in either flavor's shape (they are the same). */
export interface RealtimeTool {
  type: 'function';
  name: string;
  description?: string;
  parameters?: unknown;
}

const SERVER_VAD = { type: 'server_vad', threshold: 0.5, prefix_padding_ms: 300, silence_duration_ms: 200 };

/**
 * The session a new connection starts with, as openai-node's types describe each flavor (GA:
 * RealtimeSessionCreateRequest, `type: realtime` with `audio.input` / `audio.output`; preview: RealtimeSession,
 * with `modalities`, `voice` and the audio formats at the top), with the service's defaults: server VAD, pcm16 at
 * 24 kHz, no tools, no instructions of the simulator's own.
 */
export function initialSession(flavor: RealtimeFlavor, id: string, model: string, expiresAt: number): SessionObject {
  if (flavor === 'ga')
    return {
      type: 'realtime',
      object: 'realtime.session',
      id,
      model,
      output_modalities: ['audio'],
      instructions: '',
      tools: [],
      tool_choice: 'auto',
      max_output_tokens: 'inf',
      tracing: null,
      prompt: null,
      expires_at: expiresAt,
      audio: {
        input: {
          format: { type: 'audio/pcm', rate: 24000 },
          transcription: null,
          noise_reduction: null,
          turn_detection: { ...SERVER_VAD, idle_timeout_ms: null, create_response: true, interrupt_response: true },
        },
        output: { format: { type: 'audio/pcm', rate: 24000 }, voice: 'alloy', speed: 1 },
      },
      include: null,
    };
  return {
    id,
    object: 'realtime.session',
    model,
    expires_at: expiresAt,
    modalities: ['text', 'audio'],
    instructions: '',
    voice: 'alloy',
    input_audio_format: 'pcm16',
    output_audio_format: 'pcm16',
    input_audio_transcription: null,
    turn_detection: { ...SERVER_VAD, create_response: true, interrupt_response: true },
    tools: [],
    tool_choice: 'auto',
    temperature: 0.8,
    max_response_output_tokens: 'inf',
  };
}

/** The fields a client may set with `session.update`, per flavor (what openai-node's request types list). */
const UPDATABLE: Record<RealtimeFlavor, readonly string[]> = {
  ga: [
    'type',
    'model',
    'output_modalities',
    'instructions',
    'tools',
    'tool_choice',
    'max_output_tokens',
    'tracing',
    'prompt',
    'audio',
    'include',
    'truncation',
    'parallel_tool_calls',
    'reasoning',
  ],
  preview: [
    'model',
    'modalities',
    'instructions',
    'voice',
    'input_audio_format',
    'output_audio_format',
    'input_audio_transcription',
    'input_audio_noise_reduction',
    'turn_detection',
    'tools',
    'tool_choice',
    'temperature',
    'max_response_output_tokens',
    'speed',
    'tracing',
    'include',
  ],
};

/**
 * `session` with a `session.update`'s fields over it, or the problem the service answers: a field the flavor
 * does not have, a GA update without `type: realtime`, tools that are not functions with a name. `audio` is
 * merged a level down, as the service keeps the input settings when only the output is given.
 */
export function updatedSession(flavor: RealtimeFlavor, session: SessionObject, update: unknown): SessionObject | RealtimeProblem {
  if (update === undefined) return RealtimeProblem.missing('session');
  if (typeof update !== 'object' || update === null || Array.isArray(update)) return RealtimeProblem.invalidType('session', 'an object');
  const fields = update as Record<string, unknown>;
  const unknown = unknownField(fields, UPDATABLE[flavor], 'session.');
  if (unknown) return unknown;
  if (flavor === 'ga') {
    if (fields.type === undefined) return RealtimeProblem.missing('session.type');
    if (fields.type !== 'realtime') return RealtimeProblem.invalidValue('session.type', fields.type, ['realtime']);
  }
  const formatProblem = outputFormatProblem(flavor, fields, 'session.');
  if (formatProblem) return formatProblem;
  if (fields.tools !== undefined) {
    const problem = toolsProblem(fields.tools);
    if (problem) return problem;
  }
  const next: SessionObject = { ...session, ...fields };
  // the model is the deployment's, whatever the update says
  next.model = session.model;
  if (flavor === 'ga' && typeof fields.audio === 'object' && fields.audio !== null) {
    const before = (session.audio ?? {}) as Record<string, Record<string, unknown>>;
    const given = fields.audio as Record<string, Record<string, unknown> | undefined>;
    next.audio = { input: { ...before.input, ...given.input }, output: { ...before.output, ...given.output } };
  }
  return next;
}

function toolsProblem(tools: unknown): RealtimeProblem | undefined {
  if (!Array.isArray(tools)) return RealtimeProblem.invalidType('session.tools', 'an array');
  for (const [index, tool] of tools.entries()) {
    const each = tool as Partial<RealtimeTool> | null;
    if (typeof each !== 'object' || each === null) return RealtimeProblem.invalidType(`session.tools[${index}]`, 'an object');
    if (each.type !== 'function') return RealtimeProblem.invalidValue(`session.tools[${index}].type`, each.type, ['function']);
    if (typeof each.name !== 'string' || each.name === '') return RealtimeProblem.missing(`session.tools[${index}].name`);
  }
  return undefined;
}

/** The function tools a session offers. */
export function sessionTools(session: SessionObject): RealtimeTool[] {
  return Array.isArray(session.tools) ? (session.tools as RealtimeTool[]) : [];
}
