/*
 * The messages between the primary process and its workers (`aoai-sim --workers N`), sent over Node's IPC channel
 * with structured-clone serialization. A worker calls the primary's store and asks the other workers through it.
 */

/** Worker → primary: run one store operation (see storeOperations). */
export interface StoreCall {
  aoaiSim: 'call';
  id: number;
  op: string;
  args: unknown[];
}

/** Primary → worker: a store operation's answer, or why it failed. */
export interface StoreAnswer {
  aoaiSim: 'answer';
  id: number;
  value?: unknown;
  error?: string;
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

export type WorkerMessage = StoreCall | AskOthers | Reply;
export type PrimaryMessage = StoreAnswer | Question | Replies;

/** Whether `message` is one of ours (other libraries may use the channel too). */
export function isOurs(message: unknown): message is WorkerMessage | PrimaryMessage {
  return typeof message === 'object' && message !== null && typeof (message as { aoaiSim?: unknown }).aoaiSim === 'string';
}
