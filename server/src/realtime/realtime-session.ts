import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import { serviceId } from '../protocol/ids.ts';
import type { Resource, TurnRuntime } from '../pipeline/index.ts';
import { parseClientEvent, unknownField, type ClientEvent } from './client-events.ts';
import { chatMessages, chatTools, createdItem, type ConversationItem } from './conversation.ts';
import { InputAudio, inputAudioTokens } from './input-audio.ts';
import type { RealtimeFlavor } from './realtime-address.ts';
import { RealtimeProblem } from './realtime-problem.ts';
import { runResponse, type RunningResponse } from './realtime-response.ts';
import { outputFormatProblem, responseModalities, responseSpeech } from './audio/output-speech.ts';
import { SpokenAudio } from './audio/spoken-audio.ts';
import { truncateItem } from './audio/truncate-item.ts';
import { rateLimits } from './rate-limits.ts';
import { eventName, ResponseEvents } from './response-events.ts';
import { SESSION_EXPIRED_CLOSE_CODE, sessionExpired, SessionLifetime } from './session-lifetime.ts';
import { SessionTraffic } from './session-traffic.ts';
import { initialSession, sessionTools, updatedSession, type RealtimeTool, type SessionObject } from './session-config.ts';
import { sessionUtterances } from './utterances.ts';
import { serverEventText } from './server-event-text.ts';

/** WebSocket.OPEN, without loading ws for a constant (see realtimeUpgrade). */
const OPEN = 1;

/** What a session is opened with, once the upgrade is accepted. */
export interface SessionOpening {
  flavor: RealtimeFlavor;
  resource: Resource;
  deployment: { name: string; model: string };
  /** The upgrade's headers, the credential that opened the session among them (see ResponseAsk). */
  headers: IncomingHttpHeaders;
  /** The route it came by, and the preview's api-version: for the journal. */
  path: string;
  apiVersion: string | undefined;
  /** How long the session may last (the deployment's realtime.sessionMaxSeconds). */
  lifetimeSeconds: number;
}

/** The fields `response.create`'s `response` may carry, per flavor. */
const RESPONSE_FIELDS: Record<RealtimeFlavor, readonly string[]> = {
  ga: [
    'instructions',
    'tools',
    'tool_choice',
    'max_output_tokens',
    'output_modalities',
    'metadata',
    'conversation',
    'input',
    'audio',
    'prompt',
  ],
  preview: [
    'instructions',
    'tools',
    'tool_choice',
    'max_response_output_tokens',
    'modalities',
    'metadata',
    'conversation',
    'input',
    'voice',
    'output_audio_format',
    'temperature',
  ],
};

/**
 * One Realtime API session on a WebSocket: its settings, its conversation, and at most one response at a time.
 * Each client event is answered with the service's events; a bad one with an `error` event, and the session goes
 * on. A response runs through the data plane's pipeline (see runResponse).
 */
export class RealtimeSession {
  readonly id = serviceId('sess_', 21);
  /** When it opened: epoch ms, and on the clock's monotonic time. */
  readonly openedAt: { epochMs: number; now: number };
  /** Responses asked for so far. */
  responses = 0;
  /** Its events and audio, counted as they pass (the metrics, its journal entry). */
  readonly traffic: SessionTraffic;
  readonly #ws: WebSocket;
  readonly #opening: SessionOpening;
  readonly #runtime: TurnRuntime;
  #session: SessionObject;
  readonly #items: ConversationItem[] = [];
  #active: RunningResponse | undefined;
  readonly #input: InputAudio;
  /** Milliseconds of the current response's audio sent so far; 0 when none is under way. */
  get audioSentMs(): number {
    return this.#active?.audioSentMs ?? 0;
  }

  readonly #lifetime: SessionLifetime;
  /** Writes are held until the end of this turn of the event loop (see #batchWrites). */
  #corked = false;
  /** Told once, when the session ends. */
  onEnd: (() => void) | undefined;

  constructor(ws: WebSocket, opening: SessionOpening, runtime: TurnRuntime) {
    this.#ws = ws;
    this.#opening = opening;
    this.#runtime = runtime;
    this.traffic = new SessionTraffic(opening.flavor, runtime.metrics.realtime);
    this.openedAt = { epochMs: runtime.state.clock.epochMs(), now: runtime.state.clock.now() };
    this.#lifetime = new SessionLifetime(runtime.scheduler, runtime.state.clock, opening.lifetimeSeconds, () => this.#expire());
    this.#session = initialSession(opening.flavor, this.id, opening.deployment.model, this.#lifetime.expiresAt);
    this.#input = new InputAudio({
      flavor: opening.flavor,
      session: () => this.#session,
      send: (type, fields) => this.#send(type, fields),
      lastItemId: () => this.#items.at(-1)?.id ?? null,
      add: (item) => this.#add(item, true),
      interrupt: () => this.#active?.cancel(),
      respond: () => void this.#createResponse(undefined),
      utterance: sessionUtterances(runtime, opening),
    });
    ws.on('message', (data: RawData) => this.#receive(String(data)));
    ws.once('close', () => {
      this.#lifetime.end();
      this.#active?.cancel();
      this.onEnd?.();
    });
    // a client that goes away mid-write must not become an unhandled 'error' event
    ws.on('error', (error) => runtime.logger.debug({ err: error }, 'realtime socket error'));
    this.#send('session.created', { session: this.#session });
  }

  #send(type: string, fields: Record<string, unknown>): void {
    if (this.#ws.readyState !== OPEN) return;
    this.traffic.sent(type, fields, this.#session);
    this.#batchWrites();
    this.#ws.send(serverEventText(type, serviceId('event_', 21), fields));
  }

  /**
   * The events a session sends in one turn of the event loop (an audio delta and its transcript, a response's
   * last events) leave in one write rather than a system call each: the socket is corked until the turn ends.
   * ws has no API for it, so its socket (`_socket`, stable since ws 1) is reached directly.
   */
  #batchWrites(): void {
    if (this.#corked) return;
    const socket = (this.#ws as unknown as { _socket?: Duplex })._socket;
    if (!socket) return;
    this.#corked = true;
    socket.cork();
    process.nextTick(() => {
      this.#corked = false;
      socket.uncork();
    });
  }

  #refuse(problem: RealtimeProblem, event?: ClientEvent): void {
    if (event?.eventId !== undefined) problem.eventId = event.eventId;
    this.#send('error', { error: problem.toError() });
  }

  /** The lifetime is over: the service's `error` event, then the close (see session-lifetime.ts). */
  #expire(): void {
    const problem = sessionExpired(this.#lifetime.seconds);
    this.#refuse(problem);
    this.#ws.close(SESSION_EXPIRED_CLOSE_CODE, problem.message);
  }

  #receive(data: string): void {
    const event = parseClientEvent(data);
    this.traffic.received(event, this.#session);
    if (event instanceof RealtimeProblem) return this.#refuse(event);
    let problem: RealtimeProblem | undefined;
    try {
      problem = this.#answer(event);
    } catch (error) {
      // a fault of ours in answering one event must not end the process and every other session with it: the
      // client gets the service's server_error event, and the session goes on
      this.#runtime.logger.error({ err: error, session: this.id, type: event.type }, 'a realtime event could not be answered');
      problem = RealtimeProblem.serverError();
    }
    if (problem) this.#refuse(problem, event);
  }

  /** Answers one client event; the problem to refuse it with, if any. */
  #answer(event: ClientEvent): RealtimeProblem | undefined {
    const { fields } = event;
    switch (event.type) {
      case 'session.update': {
        const unknown = unknownField(fields, ['session']);
        if (unknown) return unknown;
        const next = updatedSession(this.#opening.flavor, this.#session, fields.session);
        if (next instanceof RealtimeProblem) return next;
        this.#session = next;
        this.#send('session.updated', { session: next });
        return undefined;
      }
      case 'conversation.item.create': {
        const unknown = unknownField(fields, ['item', 'previous_item_id']);
        if (unknown) return unknown;
        const item = createdItem(fields.item);
        if (item instanceof RealtimeProblem) return item;
        this.#add(item, true);
        return undefined;
      }
      case 'conversation.item.delete':
      case 'conversation.item.retrieve':
        return this.#itemById(event);
      case 'input_audio_buffer.append':
      case 'input_audio_buffer.commit':
      case 'input_audio_buffer.clear':
        return this.#input.answer(event);
      case 'response.create':
        return this.#createResponse(fields.response);
      case 'conversation.item.truncate': {
        const unknown = unknownField(fields, ['item_id', 'content_index', 'audio_end_ms']);
        const truncated = unknown ?? truncateItem(this.#items, fields);
        if (truncated instanceof RealtimeProblem) return truncated;
        this.#send('conversation.item.truncated', { ...truncated });
        return undefined;
      }
      case 'response.cancel':
        if (!this.#active || (typeof fields.response_id === 'string' && fields.response_id !== this.#active.id))
          return new RealtimeProblem('response_cancel_not_active', 'Cancellation failed: no active response found.');
        this.#active.cancel();
        return undefined;
    }
  }

  /** Adds an item a client created: the GA sends `added` then `done`, the preview `created`. */
  #add(item: ConversationItem, announce: boolean): void {
    const previous = this.#items.at(-1)?.id ?? null;
    this.#items.push(item);
    if (!announce) return;
    for (const type of ['conversation.item.added', 'conversation.item.done']) {
      const name = eventName(this.#opening.flavor, type);
      if (name !== null) this.#send(name, { previous_item_id: previous, item });
    }
  }

  #itemById(event: ClientEvent): RealtimeProblem | undefined {
    const id = event.fields.item_id;
    if (typeof id !== 'string') return RealtimeProblem.missing('item_id');
    const index = this.#items.findIndex((item) => item.id === id);
    if (index === -1) return new RealtimeProblem('item_not_found', `Item with item_id not found: ${id}`, 'item_id');
    if (event.type === 'conversation.item.retrieve') this.#send('conversation.item.retrieved', { item: this.#items[index] });
    else {
      this.#items.splice(index, 1);
      this.#send('conversation.item.deleted', { item_id: id });
    }
    return undefined;
  }

  #createResponse(given: unknown): RealtimeProblem | undefined {
    const { flavor } = this.#opening;
    const options = (given ?? {}) as Record<string, unknown>;
    if (typeof options !== 'object' || Array.isArray(options)) return RealtimeProblem.invalidType('response', 'an object');
    const unknown = unknownField(options, RESPONSE_FIELDS[flavor], 'response.') ?? outputFormatProblem(flavor, options, 'response.');
    if (unknown) return unknown;
    if (this.#active)
      return new RealtimeProblem(
        'conversation_already_has_active_response',
        `Conversation already has an active response in progress: ${this.#active.id}. Wait until the response is finished before creating a new one.`,
      );
    const setting = (name: string) => options[name] ?? this.#session[name];
    const instructions = typeof setting('instructions') === 'string' ? (setting('instructions') as string) : '';
    const tools = Array.isArray(options.tools) ? (options.tools as RealtimeTool[]) : sessionTools(this.#session);
    const maxTokens = setting(flavor === 'ga' ? 'max_output_tokens' : 'max_response_output_tokens');
    const body: Record<string, unknown> = {
      model: this.#opening.deployment.name,
      messages: chatMessages(this.#items, instructions),
      stream: true,
      stream_options: { include_usage: true },
    };
    if (tools.length > 0) body.tools = chatTools(tools);
    const toolChoice = setting('tool_choice');
    if (tools.length > 0 && typeof toolChoice === 'string') body.tool_choice = toolChoice;
    if (typeof maxTokens === 'number') body.max_tokens = maxTokens;
    const modalities = responseModalities(flavor, this.#session, options);
    const summary =
      flavor === 'ga'
        ? {
            conversation_id: null,
            output_modalities: modalities,
            max_output_tokens: maxTokens ?? 'inf',
            metadata: options.metadata ?? null,
          }
        : { conversation_id: null, modalities, max_output_tokens: maxTokens ?? 'inf', metadata: options.metadata ?? null };
    const speech = responseSpeech(flavor, this.#session, options);
    const events = new ResponseEvents(
      flavor,
      (type, fields) => this.#send(type, fields),
      summary,
      (item) => this.#add(item, false),
      speech && ((send) => new SpokenAudio(speech, this.#runtime.scheduler, send)),
    );
    events.inputAudioTokens = inputAudioTokens(this.#input.conversationAudioMs(this.#items));
    const { resource, deployment, headers } = this.#opening;
    const running = runResponse(this.#runtime, { resource, deployment: deployment.name, headers, body }, events);
    this.#active = running;
    this.responses++;
    void running.finished.then((outcome) => {
      this.#active = undefined;
      this.#send('rate_limits.updated', { rate_limits: rateLimits(outcome.limits) });
    });
    return undefined;
  }
}
