/*
 * The messages between the primary process and its workers (`aoai-sim --workers N`), sent over Node's IPC channel
 * with structured-clone serialization. A worker calls the primary's store and asks the other workers through it.
 */

/** One store operation to run (see STORE_OPERATIONS). */
export interface StoreCall {
  id: number;
  op: string;
  args: unknown[];
}

/** A store operation's answer, or why it failed. */
export interface StoreAnswer {
  id: number;
  value?: unknown;
  error?: string;
}

/**
 * Worker → primary: the store calls a worker made in one turn of its event loop, to run in their order. One
 * message for all of them: each message costs both processes a system call to write and one to read.
 */
export interface StoreCalls {
  aoaiSim: 'calls';
  calls: readonly StoreCall[];
}

/** Primary → worker: the answers to one StoreCalls, in one message. */
export interface StoreAnswers {
  aoaiSim: 'answers';
  answers: StoreAnswer[];
}

/** Worker → primary: ask every other worker (the control API's journal, reset, metrics questions). */
export interface AskOthers {
  aoaiSim: 'ask';
  id: number;
  kind: string;
  payload: unknown;
}

/** Primary → worker: a question from another worker, to answer with a Reply. */
export interface Question {
  aoaiSim: 'question';
  id: string;
  kind: string;
  payload: unknown;
}

/** Worker → primary: the answer to a Question. */
export interface Reply {
  aoaiSim: 'reply';
  id: string;
  replica: string;
  result: unknown;
}

/** Primary → worker: the other workers' replies to an AskOthers. */
export interface Replies {
  aoaiSim: 'replies';
  id: number;
  replies: Array<{ replica: string; result: unknown }>;
  missing: string[];
}

export type WorkerMessage = StoreCalls | AskOthers | Reply;
export type PrimaryMessage = StoreAnswers | Question | Replies;

/** Whether `message` is one of ours (other libraries may use the channel too). */
export function isOurs(message: unknown): message is WorkerMessage | PrimaryMessage {
  return typeof message === 'object' && message !== null && typeof (message as { aoaiSim?: unknown }).aoaiSim === 'string';
}
