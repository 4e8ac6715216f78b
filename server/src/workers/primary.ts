import cluster, { type Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { realClock } from '../clock/index.ts';
import type { ResolvedMemory, SimConfig } from '../config/resolve-config.ts';
import type { Logger } from '../logger.ts';
import { MemorySimStore } from '../store/sim-store.ts';
import { isOurs, type AskOthers, type PrimaryMessage, type Reply, type StoreAnswer, type StoreCall } from './ipc-messages.ts';
import { STORE_OPERATIONS, type StoreOperation } from './store-operations.ts';

/** How long an asking worker's question waits for the others. */
const ASK_TIMEOUT_MS = 3_000;

interface OpenQuestion {
  asker: Worker;
  askId: number;
  waiting: Set<string>;
  replies: Array<{ replica: string; result: unknown }>;
  timer: unknown;
}

/**
 * `aoai-sim --workers N`: this process holds the state every worker shares (the store of a single simulator, so
 * limits stay exact across workers without Redis) and forks N workers that serve the port, each running the
 * whole simulator with a store that calls this one. It relays the control API's questions between workers, and
 * replaces a worker that dies. Resolves with the exit code once SIGTERM or SIGINT has stopped every worker.
 */
export function runPrimary(
  count: number,
  config: Pick<SimConfig, 'server'>,
  logger: Logger,
  workerEnv: Readonly<Record<string, string>> = {},
): Promise<number> {
  const memory: ResolvedMemory = config.server.memory;
  // with the state on Redis every worker reaches it itself: this process only starts and stops them
  const onRedis = config.server.state.store === 'redis';
  const store = new MemorySimStore(memory);
  const questions = new Map<string, OpenQuestion>();
  const names = new Map<Worker, string>();
  let stopping = false;
  cluster.setupPrimary({ serialization: 'advanced' });

  const fork = (index: number) => {
    const worker = cluster.fork({ ...workerEnv, AOAI_SIM_WORKER: String(index), ...(onRedis ? { AOAI_SIM_WORKER_STATE: 'redis' } : {}) });
    names.set(worker, `worker-${index}`);
    worker.on('exit', (code, signal) => {
      names.delete(worker);
      if (stopping) return;
      logger.error({ code, signal }, `worker-${index} exited: starting another in its place`);
      fork(index);
    });
  };

  const send = (worker: Worker, message: PrimaryMessage) => {
    if (worker.isConnected()) worker.send(message);
  };

  const call = async ({ id, op, args }: StoreCall): Promise<StoreAnswer> => {
    try {
      const operation = STORE_OPERATIONS[op as StoreOperation] as (store: MemorySimStore, ...rest: unknown[]) => unknown;
      if (!operation) throw new Error(`no store operation "${op}"`);
      return { id, value: await operation(store, ...args) };
    } catch (error) {
      return { id, error: (error as Error).message };
    }
  };

  // each call starts in the order the worker made it; the answers go back together, in one message
  const calls = async (worker: Worker, batch: readonly StoreCall[]) => {
    send(worker, { aoaiSim: 'answers', answers: await Promise.all(batch.map(call)) });
  };

  const finish = (id: string) => {
    const open = questions.get(id);
    if (!open) return;
    questions.delete(id);
    realClock.clearTimeout(open.timer);
    send(open.asker, { aoaiSim: 'replies', id: open.askId, replies: open.replies, missing: [...open.waiting] });
  };

  const ask = (asker: Worker, { id: askId, kind, payload }: AskOthers) => {
    const others = [...names].filter(([worker]) => worker !== asker && worker.isConnected());
    const id = randomUUID();
    const open: OpenQuestion = {
      asker,
      askId,
      waiting: new Set(others.map(([, name]) => name)),
      replies: [],
      timer: realClock.setTimeout(() => finish(id), ASK_TIMEOUT_MS),
    };
    questions.set(id, open);
    for (const [worker] of others) send(worker, { aoaiSim: 'question', id, kind, payload });
    if (others.length === 0) finish(id);
  };

  const reply = ({ id, replica, result }: Reply) => {
    const open = questions.get(id);
    if (!open) return;
    open.waiting.delete(replica);
    open.replies.push({ replica, result });
    if (open.waiting.size === 0) finish(id);
  };

  cluster.on('message', (worker, message: unknown) => {
    if (!isOurs(message)) return;
    if (message.aoaiSim === 'calls') void calls(worker, message.calls);
    else if (message.aoaiSim === 'ask') ask(worker, message);
    else if (message.aoaiSim === 'reply') reply(message);
  });

  for (let index = 1; index <= count; index++) fork(index);
  logger.info(`aoai-sim primary: ${count} workers serve one port and share this process's limits, rule counts and stored responses`);

  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      logger.info(`${signal} received: stopping the ${names.size} workers`);
      const workers = [...names.keys()];
      let left = workers.length;
      if (left === 0) resolve(0);
      for (const worker of workers) {
        worker.once('exit', () => --left === 0 && logger.flush(() => resolve(0)));
        worker.process.kill(signal);
      }
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  });
}
