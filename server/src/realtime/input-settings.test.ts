import test from 'ava';
import { initialSession } from './session-config.ts';
import { inputFormat, transcriptionModel, turnDetection } from './input-settings.ts';

const ga = initialSession('ga', 'sess_1', 'gpt-realtime', 0);
const preview = initialSession('preview', 'sess_1', 'gpt-4o-realtime-preview', 0);

test('a new session has server VAD with the service’s defaults, pcm16, and no transcription', (t) => {
  const defaults = { threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 200, createResponse: true, interruptResponse: true };
  t.deepEqual(turnDetection('ga', ga), defaults);
  t.deepEqual(turnDetection('preview', preview), defaults);
  t.is(inputFormat('ga', ga).codec, 'pcm16');
  t.is(transcriptionModel('ga', ga), undefined);
});

test('turn_detection null is manual commit; semantic_vad is server VAD with the defaults; the flags are read', (t) => {
  t.is(turnDetection('preview', { ...preview, turn_detection: null }), null);
  const semantic = turnDetection('ga', { ...ga, audio: { input: { turn_detection: { type: 'semantic_vad', eagerness: 'high' } } } });
  t.like(semantic, { threshold: 0.5, prefixPaddingMs: 300, silenceDurationMs: 200 });
  const quiet = turnDetection('preview', {
    ...preview,
    turn_detection: { type: 'server_vad', threshold: 0.8, create_response: false, interrupt_response: false },
  });
  t.like(quiet, { threshold: 0.8, createResponse: false, interruptResponse: false });
});

test('the input format and the transcription model, where each flavor keeps them', (t) => {
  t.is(inputFormat('preview', { ...preview, input_audio_format: 'g711_alaw' }).codec, 'g711_alaw');
  t.is(inputFormat('ga', { ...ga, audio: { input: { format: { type: 'audio/pcmu' } } } }).codec, 'g711_ulaw');
  t.is(transcriptionModel('preview', { ...preview, input_audio_transcription: { model: 'whisper-1' } }), 'whisper-1');
  t.is(transcriptionModel('ga', { ...ga, audio: { input: { transcription: { model: 'gpt-4o-transcribe' } } } }), 'gpt-4o-transcribe');
});
