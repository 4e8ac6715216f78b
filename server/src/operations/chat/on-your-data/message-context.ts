import type { Tokenizer } from '../../../tokens/tokenizer.ts';
import { contentText } from '../../../tokens/prompt-tokens.ts';
import type { ChoiceAnswer } from '../chat-answer.ts';
import type { ChatRequest } from '../chat-request.ts';
import type { ContextProperty } from './data-source-types.ts';
import { asCitation, citedDocuments, retrieve, type Citation, type Retrieval, type RetrievedDocument } from './retrieval.ts';

/** `message.context` of an On Your Data answer (the spec's `azureChatExtensionsMessageContext`). */
export interface MessageContext {
  citations?: Citation[];
  intent?: string;
  all_retrieved_documents?: RetrievedDocument[];
}

/** Citations and intent a scenario rule scripted for a request with `data_sources`. */
export interface ScriptedGrounding {
  citations?: Citation[];
  intent?: string;
}

const DEFAULT_CONTEXTS: readonly ContextProperty[] = ['citations', 'intent'];

/**
 * The answers of a request with `data_sources`, grounded as On Your Data grounds them: each carries the context the
 * request's `include_contexts` asks for (citations and intent by default), from one seeded search per request or
 * from what a scenario rule scripted; a generated answer cites its documents `[doc1]`-style, as the model is
 * prompted to, when the citations still fit the token limit.
 */
export function groundAnswers(
  answers: readonly ChoiceAnswer[],
  request: ChatRequest,
  tokenizer: Tokenizer,
  scripted: ScriptedGrounding | undefined,
): ChoiceAnswer[] {
  const source = (request.data_sources?.[0] ?? {}) as Record<string, unknown>;
  const parameters = (source.parameters ?? {}) as Record<string, unknown>;
  const question = lastUserText(request);
  const retrieval = retrieve(question, parameters, `${JSON.stringify(request.messages)}\u0000${JSON.stringify(request.data_sources)}`);
  const documents = scripted?.citations ? scriptedDocuments(scripted.citations, retrieval) : retrieval.documents;
  const cited = documents.filter((document) => document.filter_reason === undefined);
  const include = new Set(
    Array.isArray(parameters.include_contexts) ? (parameters.include_contexts as ContextProperty[]) : DEFAULT_CONTEXTS,
  );
  const context: MessageContext = {};
  if (include.has('citations')) context.citations = cited.map(asCitation);
  if (include.has('intent')) context.intent = scripted?.intent ?? JSON.stringify(retrieval.queries);
  if (include.has('all_retrieved_documents')) context.all_retrieved_documents = documents;
  const limit = request.max_completion_tokens ?? request.max_tokens ?? undefined;
  return answers.map((answer) => {
    const grounded = { ...answer, context };
    if (scripted !== undefined || answer.content === null || answer.finishReason !== 'stop') return grounded;
    const text = citeText(answer.content, cited.length);
    const tokens = tokenizer.count(text);
    if (limit !== undefined && tokens + answer.reasoningTokens > limit) return grounded;
    return { ...grounded, content: text, visibleTokens: tokens };
  });
}

/** Scripted citations as retrieved documents, scored and queried as the default search would have. */
function scriptedDocuments(citations: readonly Citation[], retrieval: Retrieval): RetrievedDocument[] {
  const found = citedDocuments(retrieval);
  return citations.map((citation, i) => {
    const { search_queries, data_source_index, original_search_score, rerank_score } = found[i % found.length]!;
    return { ...asCitation(citation), search_queries, data_source_index, original_search_score, ...(rerank_score ? { rerank_score } : {}) };
  });
}

/** The first sentences of `text` each cite the next document, `[docN]` before the full stop, as the service's answers do. */
export function citeText(text: string, documents: number): string {
  if (documents === 0) return text;
  let cited = 0;
  return text.replace(/([^.!?]*[^.!?\s])([.!?]+)(?=\s|$)/g, (sentence, body: string, stop: string) =>
    cited < documents ? `${body} [doc${++cited}]${stop}` : sentence,
  );
}

function lastUserText(request: ChatRequest): string {
  for (let i = request.messages.length - 1; i >= 0; i--) {
    const message = request.messages[i]!;
    if (message.role === 'user') return contentText(message.content);
  }
  return '';
}
