import { createRandom, type Random } from '../../../generate/random.ts';
import { replyText, topicWords } from '../../../generate/text/reply-text.ts';

/** A citation as `message.context.citations` carries it (the spec's `citation`). */
export interface Citation {
  content: string;
  title?: string | null;
  url?: string | null;
  filepath?: string | null;
  chunk_id?: string | null;
}

/** A document of `message.context.all_retrieved_documents`: a citation with how it was found and scored. */
export interface RetrievedDocument extends Citation {
  search_queries: string[];
  data_source_index: number;
  original_search_score: number;
  rerank_score?: number;
  filter_reason?: 'score' | 'rerank';
}

/** What a search over the data source found for the conversation: its queries, and documents best first. */
export interface Retrieval {
  /** The search queries the service rewrote the conversation into; `intent` is their JSON. */
  queries: string[];
  documents: RetrievedDocument[];
}

/** Above this, `top_n_documents` still makes this many: enough for any test, and a bounded answer. */
const MOST_DOCUMENTS = 20;
const DEFAULT_TOP_N = 5;
const DEFAULT_STRICTNESS = 3;
const KINDS = ['Guide', 'Overview', 'FAQ', 'Handbook', 'Policy', 'Notes'] as const;

/**
 * A seeded search over the request's first data source: the same conversation and parameters always find the same
 * documents. `top_n_documents` (default 5) are retrieved; a stricter `strictness` (default 3, 1 to 5) filters more
 * of the weakest away, by score or, with a semantic query type, by rerank score. Those left are the ones cited.
 */
export function retrieve(lastUserText: string, parameters: Record<string, unknown>, seed: string): Retrieval {
  const random = createRandom(`on-your-data\u0000${seed}`);
  const queries = searchQueries(lastUserText);
  const top = Math.min(MOST_DOCUMENTS, Math.max(1, laxInteger(parameters.top_n_documents) ?? DEFAULT_TOP_N));
  const strictness = Math.min(5, Math.max(1, laxInteger(parameters.strictness) ?? DEFAULT_STRICTNESS));
  const reranked = parameters.query_type === 'semantic' || parameters.query_type === 'vector_semantic_hybrid';
  const kept = Math.max(1, top - Math.floor(((strictness - 1) * top) / 8));
  const topic = topicWords(lastUserText);
  let score = random.float(0.03, 0.06);
  const documents = Array.from({ length: top }, (_, i): RetrievedDocument => {
    const document = documentAbout(topic, random, i);
    score *= random.float(0.75, 0.98);
    const found: RetrievedDocument = { ...document, search_queries: queries, data_source_index: 0, original_search_score: round(score) };
    if (reranked) found.rerank_score = round(Math.max(0.1, 3.6 - i * random.float(0.2, 0.5)));
    if (i >= kept) found.filter_reason = reranked ? 'rerank' : 'score';
    return found;
  });
  return { queries, documents };
}

/** The documents given to the model, which its answer cites: the ones not filtered away. */
export function citedDocuments(retrieval: Retrieval): RetrievedDocument[] {
  return retrieval.documents.filter((document) => document.filter_reason === undefined);
}

/** A citation's own fields, as `citations` lists them. */
export function asCitation(document: Citation): Citation {
  const citation: Citation = { content: document.content };
  for (const key of ['title', 'url', 'filepath', 'chunk_id'] as const) if (document[key] !== undefined) citation[key] = document[key];
  return citation;
}

function documentAbout(topic: readonly string[], random: Random, index: number): Citation {
  const subject = topic.length > 0 ? topic.slice(0, 2).map(capitalised).join(' ') : 'Product';
  const kind = random.pick(KINDS);
  const filepath = `${subject.toLowerCase().replace(/\s+/g, '-')}-${kind.toLowerCase()}-${index + 1}.md`;
  return {
    // a passage, not a reply: without the reply's opening words ("Good question.")
    content: replyText(random, random.int(40, 90), topic.join(' ')).replace(/^[^.!?]*[.!?]\s*/, ''),
    title: `${subject} ${kind}`,
    url: `https://contoso.blob.core.windows.net/docs/${filepath}`,
    filepath,
    chunk_id: String(random.int(0, 12)),
  };
}

/** The conversation rewritten into search queries: the question as asked, and its key words. */
function searchQueries(lastUserText: string): string[] {
  const question = lastUserText.replace(/\s+/g, ' ').trim().slice(0, 120) || 'information';
  const keywords = topicWords(lastUserText).join(' ');
  return keywords && keywords !== question.toLowerCase() ? [question, keywords] : [question];
}

/** An integer as the service reads one (a number or a numeral string), else undefined. */
function laxInteger(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
}

function capitalised(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
