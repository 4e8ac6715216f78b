export { checkDataSources } from './check-data-sources.ts';
export { groundAnswers, type MessageContext, type ScriptedGrounding } from './message-context.ts';
export type { Citation } from './retrieval.ts';
