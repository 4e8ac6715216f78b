import type { Tokenizer } from '../tokens/tokenizer.ts';
import type { ScriptedAnswer } from './scripted-answer.ts';

export interface ShapedScriptedText {
  text: string;
  tokens: number;
  finishReason: 'stop' | 'length' | 'content_filter';
}

/**
 * A scripted text as the service would return it: cut by the content filter after its `afterTokens`, or at
 * the request's token limit, else whole. Usage then counts exactly what is returned.
 */
export function shapeScriptedText(answer: ScriptedAnswer, tokenizer: Tokenizer, maxTokens: number | undefined): ShapedScriptedText {
  const text = answer.text ?? '';
  const filterCut = answer.outputFilter?.afterTokens;
  if (filterCut !== undefined && (maxTokens === undefined || filterCut <= maxTokens))
    return cut(tokenizer.encode(text), filterCut, tokenizer, 'content_filter');
  // counted (and remembered) rather than encoded: most scripted answers fit, and the same text comes again
  const tokens = tokenizer.count(text);
  if (maxTokens !== undefined && tokens > maxTokens) return cut(tokenizer.encode(text), maxTokens, tokenizer, 'length');
  return { text, tokens, finishReason: 'stop' };
}

function cut(tokens: number[], at: number, tokenizer: Tokenizer, finishReason: ShapedScriptedText['finishReason']): ShapedScriptedText {
  const text = tokenizer.decode(tokens.slice(0, at));
  return { text, tokens: tokenizer.count(text), finishReason };
}
