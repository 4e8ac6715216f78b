import type { ResolvedDeployment } from '../config/resolve-config.ts';
import type { Operation } from '../generated/scenarios.ts';
import type { UploadedFile } from '../http/body.ts';
import type { ScriptedAnswer } from '../scenarios/scripted-answer.ts';

/** A data-plane request after routing, api-version and auth checks, body parsing and deployment lookup. */
export interface DataPlaneRequest {
  operation: Operation;
  deployment: ResolvedDeployment;
  /** The api-version asked for; undefined on a v1 route without one. */
  apiVersion: string | undefined;
  route: 'dated' | 'v1';
  body: Record<string, unknown>;
  /** What caches keep a JSON body by: its text, or its digest when long (see ParsedJson.key). */
  bodyKey?: string;
  files: Record<string, UploadedFile>;
  /** The simulator's own origin, for URLs it hands out (generated images). */
  origin: string;
  /** The request's arrival, epoch ms on the simulator's clock: what `created` fields say. */
  time: number;
  /** The resource's deployment as one key (Identity.deploymentKey): what the prompt cache is kept by. */
  deploymentKey?: string | undefined;
  /** What a scenario rule scripted, when one matched; the default generator answers otherwise. */
  scripted?: ScriptedAnswer;
}

/** One server-sent event: `event: …` (when named) and `data: …`. */
export interface SseEvent {
  event?: string;
  data: string;
  /** The tokens this event carries, which set its place in a paced stream (0 or absent: none). */
  tokens?: number;
  /** A replayed event's recorded offset from the start of the answer, ms. */
  atMs?: number;
}

/** The tokens an answer used: what the rate limiter settles on and the journal records. */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  /** Of the prompt tokens, those the prompt cache held: they cost a provisioned deployment nothing. */
  cachedTokens?: number;
}

/** What an operation answers; the HTTP layer writes it. */
export type OperationResult =
  | {
      kind: 'json';
      body: string;
      status?: number;
      usage?: TokenUsage;
      /** Every character of `body` is ASCII (see writeResult), which the operation knows from rendering it. */
      ascii?: boolean;
      /** Answered before the work is done (a background response, polled later): sent without the latency. */
      atOnce?: boolean;
    }
  | { kind: 'text'; body: string; contentType: string }
  | { kind: 'binary'; body: Buffer; contentType: string }
  | {
      kind: 'sse';
      events: Iterable<SseEvent>;
      /**
       * The whole stream as SSE text, `data: [DONE]` included, when the operation has it more cheaply than by
       * framing `events` one by one; used for a stream sent at once (no pacing, no fault).
       */
      text?: () => string;
      /** Every character of what `text` returns is ASCII (see writeResult). */
      ascii?: boolean;
      done?: boolean;
      usage?: TokenUsage;
      recordedTiming?: boolean;
    }
  | { kind: 'raw'; status: number; headers: Record<string, string>; body: string | Buffer };

export type OperationHandler = (request: DataPlaneRequest) => OperationResult | Promise<OperationResult>;
