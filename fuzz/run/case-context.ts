// The context a case runs in: sends its requests, times them for stall blame, and judges every answer.
import type { Agent } from 'node:http';
import type { CaseContext, ExchangeOptions, FuzzCase, FuzzEnvironment, PhaseState } from '../cases/case.ts';
import { carriesAdminKey, carriesBearer, carriesDataPlaneCredential } from '../cases/credentials.ts';
import { nowMs } from '../harness/proc-stats.ts';
import { checkAnswer, type Judged } from '../oracle/check-answer.ts';
import { excerpt } from '../oracle/json-body.ts';
import type { Secrets } from '../oracle/secrets.ts';
import type { Failure, FailureKind } from '../report/failures.ts';
import type { Answer, SentRequest } from '../send/answer.ts';
import { sendHttp, type HttpRequest } from '../send/http-exchange.ts';
import { sendRaw, type RawRequest } from '../send/raw-exchange.ts';
import type { Configuration } from './configurations.ts';
import type { InFlight } from './in-flight.ts';

/** Bytes of a request body a failure keeps: enough to read, not enough to hold a run's worth of 4 MiB bodies. */
const KEPT_REQUEST_BYTES = 600;

/** What the phase gives every case's context. */
export interface PhaseServices {
  port: number;
  agent: Agent;
  env: FuzzEnvironment;
  configuration: Configuration;
  state: PhaseState;
  secrets: Secrets;
  judged: Judged;
  inFlight: InFlight;
  /** Every failure found, in order. */
  report: (failure: Failure) => void;
  /** RSS after a forced full collection (see MemoryWatch). */
  retainedKiB: () => Promise<number | undefined>;
  /** The JavaScript heap after a forced full collection (see MemoryWatch). */
  retainedHeapKiB: () => Promise<number | undefined>;
  /** Counts answers by status class; refuses (returns false) once the run's request cap or hard deadline is reached. */
  admit: () => boolean;
  count: (answer: Answer) => void;
}

export function caseContext(fuzzCase: FuzzCase, services: PhaseServices): CaseContext {
  const { env, configuration, judged, secrets } = services;
  const fail = (kind: FailureKind, detail: string, request?: SentRequest, answer?: Answer) =>
    services.report({
      kind,
      detail,
      configuration: configuration.name,
      caseId: fuzzCase.id,
      family: fuzzCase.family,
      ...(request ? { request } : {}),
      ...(answer && answer.status > 0 ? { answer: answerSummary(answer) } : {}),
      ...(answer ? { window: { fromMs: answer.startedMs, toMs: answer.endedMs } } : {}),
    });
  const judge = (answer: Answer, options: ExchangeOptions, sent: SentRequest, raw: boolean) => {
    services.count(answer);
    const headers = sent.headers;
    const facts = {
      method: sent.method,
      credentialed: carriesDataPlaneCredential(headers, env.apiKey),
      admin: carriesAdminKey(headers, env.adminKey),
      bearer: carriesBearer(headers),
      raw,
    };
    for (const finding of checkAnswer(answer, options, facts, judged)) fail(finding.kind, finding.detail, sent, answer);
  };
  return {
    env,
    configuration: { name: configuration.name, apiKey: configuration.apiKey, adminKey: configuration.adminKey },
    state: services.state,
    fail: (kind, detail) => fail(kind, detail),
    retainedKiB: services.retainedKiB,
    retainedHeapKiB: services.retainedHeapKiB,
    adminHeaders: (): Record<string, string> => (configuration.adminKey ? { 'x-sim-admin-key': env.adminKey } : {}),
    async http(request: HttpRequest, options: ExchangeOptions) {
      if (!services.admit()) return notSent();
      const sent: SentRequest = {
        method: request.method,
        target: request.target,
        headers: request.headers,
        ...(request.body ? { bytes: request.body.subarray(0, KEPT_REQUEST_BYTES), bodyLength: request.body.length } : {}),
        ...(options.note ? { note: options.note } : {}),
      };
      const encoded = Object.keys(request.headers).some((name) => name.toLowerCase() === 'content-encoding');
      const expect = { ...options, ...(options.bodyBytes === undefined && !encoded ? { bodyBytes: request.body?.length ?? 0 } : {}) };
      const exchange = services.inFlight.start(
        fuzzCase.id,
        fuzzCase.family,
        `${request.method} ${request.target.slice(0, 120)}`,
        nowMs(),
        sent,
      );
      let answer: Answer;
      try {
        answer = await sendHttp(services.port, services.agent, request, secrets);
      } finally {
        services.inFlight.end(exchange, nowMs());
      }
      judge(answer, expect, sent, false);
      return answer;
    },
    async raw(request: RawRequest, options: ExchangeOptions) {
      if (!services.admit()) return [notSent()];
      const bytes = Buffer.concat(request.parts.filter((part): part is Buffer => Buffer.isBuffer(part)));
      const sent: SentRequest = {
        method: options.method ?? '?',
        target: '(raw bytes)',
        headers: options.headers ?? {},
        bytes: bytes.subarray(0, KEPT_REQUEST_BYTES),
        bodyLength: bytes.length,
        note: `${options.note ?? ''}; then ${request.after}`,
      };
      const exchange = services.inFlight.start(fuzzCase.id, fuzzCase.family, `raw ${options.note ?? ''}`, nowMs(), sent);
      const answers = await sendRaw(services.port, request, secrets);
      services.inFlight.end(exchange, answers[0]!.endedMs);
      answers.forEach((answer, i) => judge(answer, { ...options, target: options.targets?.[i] ?? options.target }, sent, true));
      return answers;
    },
  };
}

function notSent(): Answer {
  const now = nowMs();
  return {
    outcome: 'left',
    status: 0,
    headers: {},
    body: Buffer.alloc(0),
    bodyBytes: 0,
    truncated: false,
    secretsSeen: [],
    startedMs: now,
    endedMs: now,
  };
}

function answerSummary(answer: Answer): NonNullable<Failure['answer']> {
  const text = answer.body.subarray(0, 2_000).toString('utf8');
  const requestId = answer.headers['apim-request-id'] ?? /request ID ([0-9a-f-]{36})/.exec(text)?.[1];
  return { status: answer.status, excerpt: excerpt(text, 300), ...(requestId ? { requestId } : {}) };
}
