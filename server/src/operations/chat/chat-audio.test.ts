import test from 'ava';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { renderSpeech } from '../../generate/media/index.ts';
import { azureClient, PREVIEW_API_VERSION } from '../../test-support/clients.ts';
import { recountO200k } from '../../test-support/recount.ts';
import { startTestSimulator } from '../../test-support/simulator.ts';

const AUDIO = 'gpt-4o-audio-preview';
const question = [{ role: 'user' as const, content: 'Is a golden retriever a good family dog?' }];

/** The duration a canonical 24 kHz 16-bit mono WAV header states, in ms, read here independently of the simulator. */
function wavMs(wav: Buffer): number {
  return (wav.readUInt32LE(40) * 1000) / wav.readUInt32LE(28);
}

/** Output audio tokens at the documented 20 a second (one per 50 ms). */
const outputTokens = (ms: number) => Math.ceil(ms / 50);

async function post(url: string, body: unknown, deployment = AUDIO, apiVersion = PREVIEW_API_VERSION) {
  const response = await fetch(`${url}/openai/deployments/${deployment}/chat/completions?api-version=${apiVersion}`, {
    method: 'POST',
    headers: { 'api-key': 'k', 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as { error?: Record<string, unknown> } };
}

test('audio chat: a wav answer carries real audio, a transcript, an id and an expiry, and audio tokens for its length', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: AUDIO, apiVersion: PREVIEW_API_VERSION });
  const completion = await client.chat.completions.create({
    model: AUDIO,
    modalities: ['text', 'audio'],
    audio: { voice: 'alloy', format: 'wav' },
    messages: question,
  });

  t.is(completion.model, 'gpt-4o-audio-preview-2024-12-17');
  const { message, finish_reason } = completion.choices[0]!;
  t.is(finish_reason, 'stop');
  t.is(message.content, null);
  const audio = message.audio!;
  t.regex(audio.id, /^audio_[0-9a-f]{32}$/);
  t.is(audio.expires_at, completion.created + 3600);
  t.regex(audio.transcript, /^[A-Z].*[.!?]$/);
  const wav = Buffer.from(audio.data, 'base64');
  t.is(wav.toString('latin1', 0, 4), 'RIFF');
  t.is(wav.toString('latin1', 8, 12), 'WAVE');
  t.is(wav.length, 44 + wav.readUInt32LE(40));
  const ms = wavMs(wav);
  t.true(ms > 1000);

  const usage = completion.usage!;
  t.is(usage.completion_tokens_details?.audio_tokens, outputTokens(ms));
  t.is(usage.completion_tokens, recountO200k(audio.transcript) + outputTokens(ms));
  t.is(usage.prompt_tokens_details?.audio_tokens, 0);
  t.is(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
});

test('audio chat: max_completion_tokens counts the audio too: the transcript is cut to fit with its audio', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: AUDIO, apiVersion: PREVIEW_API_VERSION });
  const completion = await client.chat.completions.create({
    model: AUDIO,
    modalities: ['text', 'audio'],
    audio: { voice: 'alloy', format: 'wav' },
    messages: question,
    max_completion_tokens: 60,
  });
  const choice = completion.choices[0]!;
  t.is(choice.finish_reason, 'length');
  const audio = choice.message.audio!;
  const audioTokens = outputTokens(wavMs(Buffer.from(audio.data, 'base64')));
  t.is(completion.usage?.completion_tokens_details?.audio_tokens, audioTokens);
  t.is(completion.usage?.completion_tokens, recountO200k(audio.transcript) + audioTokens);
  t.true((completion.usage?.completion_tokens ?? Infinity) <= 60);
  t.true(audio.transcript.length > 0);
});

test('audio chat: each format is real audio of that format, on gpt-audio too', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { apiVersion: PREVIEW_API_VERSION });
  const starts = async (format: 'mp3' | 'flac' | 'opus' | 'pcm16') => {
    const completion = await client.chat.completions.create({
      model: 'gpt-audio',
      modalities: ['text', 'audio'],
      audio: { voice: 'coral', format },
      messages: question,
    });
    return Buffer.from(completion.choices[0]!.message.audio!.data, 'base64');
  };
  const mp3 = await starts('mp3');
  t.is(mp3.readUInt16BE(0) & 0xffe0, 0xffe0, 'an MPEG frame sync');
  t.is((await starts('flac')).toString('latin1', 0, 4), 'fLaC');
  const ogg = await starts('opus');
  t.is(ogg.toString('latin1', 0, 4), 'OggS');
  t.is(ogg.toString('latin1', 28, 36), 'OpusHead');
  const pcm = await starts('pcm16');
  t.is(pcm.length % 2, 0);
  t.not(pcm.toString('latin1', 0, 4), 'RIFF', 'pcm16 is headerless');
});

test('audio chat: the transcript is what a scenario rule answers', async (t) => {
  const sim = await startTestSimulator(t, {
    scenarios: {
      deployments: { voice: { model: 'gpt-4o-mini-audio-preview-2024-12-17' } },
      scenarios: [{ name: 'dogs', respond: { content: 'Yes, golden retrievers are gentle and patient.' } }],
    },
  });
  const completion = await azureClient(sim, { apiVersion: PREVIEW_API_VERSION }).chat.completions.create({
    model: 'voice',
    modalities: ['text', 'audio'],
    audio: { voice: 'echo', format: 'wav' },
    messages: question,
  });
  const audio = completion.choices[0]!.message.audio!;
  t.is(audio.transcript, 'Yes, golden retrievers are gentle and patient.');
  t.is(completion.usage?.completion_tokens_details?.audio_tokens, outputTokens(wavMs(Buffer.from(audio.data, 'base64'))));
});

test('audio chat: a stream sends the transcript, then base64 pcm16 pieces, then the expiry, as the SDK accumulates it', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: AUDIO, apiVersion: PREVIEW_API_VERSION });
  const params = {
    model: AUDIO,
    modalities: ['text' as const, 'audio' as const],
    audio: { voice: 'alloy', format: 'pcm16' as const },
    messages: question,
    stream: true as const,
    stream_options: { include_usage: true },
  };
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of await client.chat.completions.create(params)) chunks.push(chunk);

  type AudioDelta = { id?: string; data?: string; transcript?: string; expires_at?: number };
  const audioOf = (chunk: ChatCompletionChunk) => (chunk.choices[0]?.delta as { audio?: AudioDelta } | undefined)?.audio;
  const deltas = chunks.map(audioOf).filter((audio): audio is AudioDelta => audio !== undefined);
  const first = deltas[0]!;
  t.regex(first.id ?? '', /^audio_[0-9a-f]{32}$/);
  t.is(typeof first.transcript, 'string');
  const transcript = deltas.map((delta) => delta.transcript ?? '').join('');
  const pieces = deltas.filter((delta) => delta.data !== undefined);
  t.true(pieces.length > 1, 'the audio comes in several pieces');
  t.is(pieces[0]!.id, first.id);
  // each piece decodes on its own to whole 16-bit samples
  const pcm = Buffer.concat(pieces.map((piece) => Buffer.from(piece.data!, 'base64')));
  for (const piece of pieces.slice(0, -1)) t.is(Buffer.from(piece.data!, 'base64').length % 2, 0);
  const last = chunks.filter((chunk) => chunk.choices.length > 0).at(-1)!;
  t.deepEqual(last.choices[0]!.delta, { audio: { expires_at: last.created + 3600 } });
  t.is(last.choices[0]!.finish_reason ?? null, null, 'the expiry chunk ends the audio without a finish_reason');

  const ms = (pcm.length / 2 / 24000) * 1000;
  const usage = chunks.at(-1)!.usage!;
  t.is(usage.completion_tokens_details?.audio_tokens, outputTokens(ms));
  t.is(usage.completion_tokens, recountO200k(transcript) + outputTokens(ms));

  const final = await client.chat.completions.stream(params).finalChatCompletion();
  const choice = final.choices[0]!;
  t.is(choice.finish_reason, 'stop');
  t.regex(choice.message.audio?.transcript ?? '', /^[A-Z].*[.!?]$/);
  t.is(Buffer.from(choice.message.audio?.data ?? '', 'base64').length, pcm.length);
});

test('audio chat: a stream asked for another format than pcm16 is refused', async (t) => {
  const sim = await startTestSimulator(t);
  const { status, body } = await post(sim.url, {
    modalities: ['text', 'audio'],
    audio: { voice: 'alloy', format: 'wav' },
    messages: question,
    stream: true,
  });
  t.is(status, 400);
  t.like(body.error, { param: 'audio.format', code: 'unsupported_value', type: 'invalid_request_error' });
  t.regex(String(body.error?.message), /'wav'.*stream=true.*'pcm16'/);
});

/** A spoken question of `ms`, as a client would send it, in base64. */
const spoken = (format: 'wav' | 'mp3', ms: number) => renderSpeech({ format, durationMs: ms, seed: 7 }).audio.toString('base64');
const audioQuestion = (format: 'wav' | 'mp3', ms: number) => [
  {
    role: 'user' as const,
    content: [
      { type: 'text' as const, text: 'Answer the question in the recording.' },
      { type: 'input_audio' as const, input_audio: { data: spoken(format, ms), format } },
    ],
  },
];

test('audio chat: input_audio counts prompt audio tokens from the clip length, wav or mp3, and answers in text', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: AUDIO, apiVersion: PREVIEW_API_VERSION });
  const ask = (format: 'wav' | 'mp3', ms: number) => client.chat.completions.create({ model: AUDIO, messages: audioQuestion(format, ms) });
  const three = await ask('wav', 3000);
  const six = await ask('wav', 6000);
  t.regex(three.choices[0]!.message.content ?? '', /^[A-Z]/);
  t.is(three.choices[0]!.message.audio, undefined);
  // 10 audio tokens a second of prompt audio
  t.is(three.usage?.prompt_tokens_details?.audio_tokens, 30);
  t.is(six.usage?.prompt_tokens_details?.audio_tokens, 60);
  t.is((six.usage?.prompt_tokens ?? 0) - (three.usage?.prompt_tokens ?? 0), 30);
  // 2400 ms of MPEG-2 Layer III frames of 24 ms
  t.is((await ask('mp3', 2400)).usage?.prompt_tokens_details?.audio_tokens, 24);
});

test('audio chat: an earlier answer replayed by its audio id is accepted in the next turn', async (t) => {
  const sim = await startTestSimulator(t);
  const client = azureClient(sim, { deployment: AUDIO, apiVersion: PREVIEW_API_VERSION });
  const first = await client.chat.completions.create({
    model: AUDIO,
    modalities: ['text', 'audio'],
    audio: { voice: 'alloy', format: 'mp3' },
    messages: question,
  });
  const next = await client.chat.completions.create({
    model: AUDIO,
    messages: [
      ...question,
      { role: 'assistant', audio: { id: first.choices[0]!.message.audio!.id } },
      { role: 'user', content: 'Very briefly, summarize the favorability.' },
    ],
  });
  t.regex(next.choices[0]!.message.content ?? '', /^[A-Z]/);
});

test('audio chat: the service refuses audio a model does not take, and audio models without audio', async (t) => {
  const sim = await startTestSimulator(t);
  const asks = { modalities: ['text', 'audio'], audio: { voice: 'alloy', format: 'wav' }, messages: question };

  const onGpt4o = await post(sim.url, asks, 'gpt-4o');
  t.is(onGpt4o.status, 400);
  t.like(onGpt4o.body.error, { param: 'modalities', code: 'unsupported_value' });

  const inputOnGpt4o = await post(sim.url, { messages: audioQuestion('wav', 1000) }, 'gpt-4o');
  t.is(inputOnGpt4o.status, 400);
  t.like(inputOnGpt4o.body.error, {
    message: 'Invalid content type. input_audio is only supported by certain models.',
    param: 'messages.[0].content.[1].type',
  });

  const textOnly = await post(sim.url, { messages: question });
  t.is(textOnly.status, 400);
  t.like(textOnly.body.error, {
    message: 'This model requires that either input content or output modality contain audio.',
    param: 'model',
    code: 'invalid_value',
  });

  const noAudioParameter = await post(sim.url, { modalities: ['text', 'audio'], messages: question });
  t.like(noAudioParameter.body.error, { message: "Missing required parameter: 'audio'.", param: 'audio' });

  const badFormat = await post(sim.url, { ...asks, audio: { voice: 'alloy', format: 'ogg' } });
  t.like(badFormat.body.error, {
    message: "Invalid value: 'ogg'. Supported values are: 'wav', 'mp3', 'flac', 'opus', and 'pcm16'.",
    param: 'audio.format',
  });
  const badVoice = await post(sim.url, { ...asks, audio: { voice: 'bob', format: 'wav' } });
  t.like(badVoice.body.error, { param: 'audio.voice', code: 'invalid_value' });

  const notAudio = await post(sim.url, {
    messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'aGVsbG8=', format: 'wav' } }] }],
  });
  t.like(notAudio.body.error, { message: 'This model does not support the format you provided.', code: 'unsupported_format' });

  // before 2025-01-01-preview the arguments do not exist
  const old = await post(sim.url, asks, AUDIO, '2024-10-21');
  t.like(old.body.error, { message: 'Unrecognized request arguments supplied: audio, modalities' });
});
