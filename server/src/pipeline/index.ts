export { Identity } from './identity.ts';
export type { Inbound } from './inbound.ts';
export type { Reply } from './reply.ts';
export { DEFAULT_RESOURCE, Resource } from './resource.ts';
export { runTurn } from './run-turn.ts';
export { serveTurn } from './serve-turn.ts';
export { TargetTable, type Target } from './target-table.ts';
export { Turn, ZERO_TIMING } from './turn.ts';
export type { TurnRuntime } from './turn-runtime.ts';
