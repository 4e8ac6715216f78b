/**
 * The Asynchronous Filter's stream (Azure docs, "Content streaming": asynchronous filter): content is sent as it
 * is made, without annotations, and the filter's verdicts follow in annotation chunks that carry no delta, name
 * the choice, and say with `content_filter_offsets` which characters of the answer they cover. The service
 * guarantees a verdict within about 1,000 characters of the text it concerns, so an annotation follows each such
 * window; the last one follows the finish chunk, or, when the filter stops the answer, ends the choice itself with
 * finish_reason content_filter.
 */

/** Characters of answer between annotations: the window the docs guarantee a verdict within. */
export const ANNOTATION_WINDOW = 1000;

/** Which characters of the answer an annotation covers; `check_offset` is how far the text has been moderated. */
export interface FilterOffsets {
  check_offset: number;
  start_offset: number;
  end_offset: number;
}

/**
 * An annotation chunk, whole (it has no `created`, `id` or model of the answer, like the prompt-annotation chunk),
 * with the choice's keys in the service's sorted order.
 */
export function annotationChunk(index: number, results: object, offsets: FilterOffsets, finishReason: 'content_filter' | null): string {
  const choice = { content_filter_offsets: offsets, content_filter_results: results, finish_reason: finishReason, index };
  return JSON.stringify({ choices: [choice], created: 0, id: '', model: '', object: '' });
}

/**
 * One choice's annotation chunks: counts the characters of its answer as they are sent, and gives the annotation
 * due after each window, the one for the rest after the finish chunk, or the one that stops the choice.
 */
export class ChoiceAnnotations {
  private readonly index: number;
  private readonly results: object;
  private sent = 0;
  private annotated = 0;

  constructor(index: number, results: object) {
    this.index = index;
    this.results = results;
  }

  /** Adds a piece of sent text; the annotation due after it, if one is. */
  after(text: string): string | undefined {
    this.sent += characters(text);
    return this.sent - this.annotated >= ANNOTATION_WINDOW ? this.chunk(null) : undefined;
  }

  /** The annotation covering what is sent but not yet annotated, if anything is. */
  rest(): string | undefined {
    return this.sent > this.annotated ? this.chunk(null) : undefined;
  }

  /** The annotation that stops the choice: it covers what is not yet annotated, even if that is nothing. */
  stop(): string {
    return this.chunk('content_filter');
  }

  private chunk(finishReason: 'content_filter' | null): string {
    const offsets = { check_offset: this.sent, start_offset: this.annotated, end_offset: this.sent };
    this.annotated = this.sent;
    return annotationChunk(this.index, this.results, offsets, finishReason);
  }
}

/** Characters as the filter counts them: code points, not UTF-16 units. */
function characters(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
