// A fuzz case, and what it can do while it runs.
import type { Expectation, Target } from '../oracle/expectation.ts';
import type { Answer } from '../send/answer.ts';
import type { HttpRequest } from '../send/http-exchange.ts';
import type { RawRequest } from '../send/raw-exchange.ts';
import type { FailureKind } from '../report/failures.ts';
import type { Draw } from './draw.ts';

/** What every case of a run knows: the keys, the planted secrets, where things are. */
export interface FuzzEnvironment {
  /** The api key every data-plane request that means to be valid carries; the configured key when there is one. */
  apiKey: string;
  /** The admin key the control API is given when a configuration has one. */
  adminKey: string;
  /** The value planted as AZURE_OPENAI_KEY in the simulator's environment. */
  envSecret: string;
  /** A control-API `record.upstream` points here; any request arriving is a failure (see upstream-trap.ts). */
  trapUrl: string;
  /** A directory outside anything configured: the control API must not write here. */
  outsideDir: string;
  /** A file outside anything configured, holding the env secret: the control API must not read it. */
  plantedFile: string;
  /** The fuzz scenarios, as JSON: put back after a case changed the running scenarios. */
  baselineScenarios: Record<string, unknown>;
  /** The fuzz scenarios' body limit. */
  maxBodyBytes: number;
}

/** What a case's requests were sent with, beyond their headers. */
export interface ExchangeOptions extends Expectation {
  /** A raw request's headers, which the oracle reads the credentials from (an HTTP request's own are used). */
  headers?: Record<string, string | string[]>;
  /** The method a raw request used. */
  method?: string;
  /** How a raw request's bytes were sent, for the report. */
  note?: string;
  /** Pipelined raw requests: the target of each answer in turn (the rest: `target`). */
  targets?: Target[];
}

/** State a configuration's cases share: ids of stored responses, for GET, DELETE and previous_response_id. */
export interface PhaseState {
  responseIds: string[];
}

export interface CaseContext {
  readonly env: FuzzEnvironment;
  /** The configuration's name, and whether it has each key. */
  readonly configuration: { name: string; apiKey: boolean; adminKey: boolean };
  readonly state: PhaseState;
  /** Sends a well-formed request and checks its answer with the generic oracle. */
  http(request: HttpRequest, expect: ExchangeOptions): Promise<Answer>;
  /** Sends bytes on a fresh connection and checks each answer with the generic oracle. */
  raw(request: RawRequest, expect: ExchangeOptions): Promise<Answer[]>;
  /** A failure only the case can see (two answers that differ, a fault that did not hold). */
  fail(kind: FailureKind, detail: string): void;
  /** The headers that make a control-API call pass in this configuration. */
  adminHeaders(): Record<string, string>;
  /** The simulator's RSS in KiB after a forced full collection; only meaningful in an exclusive case. */
  retainedKiB(): Promise<number | undefined>;
  /** The simulator's JavaScript heap in KiB after a forced full collection; only meaningful in an exclusive case. */
  retainedHeapKiB(): Promise<number | undefined>;
}

export interface FuzzCase {
  /** `configuration:index`, or `configuration:crafted-name`. */
  id: string;
  /** Which generator made it: groups failures, and names it in the report. */
  family: string;
  /** Runs with nothing else in flight: it changes what the whole server does (scenarios, mode), or times a stall. */
  exclusive: boolean;
  run(context: CaseContext): Promise<void>;
}

/** A generator of one family of cases. */
export type CaseBuilder = (draw: Draw, env: FuzzEnvironment) => Omit<FuzzCase, 'id'>;
