import type { Random } from '../random.ts';
import { CONNECTORS, ENDINGS, OBJECTS, OPENERS, STOPWORDS, SUBJECTS, TOPIC_TEMPLATES, VERBS } from './vocabulary.ts';

/**
 * A plausible assistant reply of roughly `approxWords` words: readable sentences, deterministic for a given
 * random source, touching on words taken from the prompt so it reads as an answer to it. Callers cut it to an
 * exact token count with the tokenizer; this only has to be long enough.
 */
export function replyText(random: Random, approxWords: number, prompt = ''): string {
  const topics = topicWords(prompt);
  const sentences: string[] = [random.pick(OPENERS)];
  let words = sentences[0]!.split(' ').length;
  for (let i = 0; words < approxWords && i < 10_000; i++) {
    const sentence = nextSentence(random, topics, i);
    sentences.push(sentence);
    words += sentence.split(' ').length;
  }
  return sentences.join(' ');
}

function nextSentence(random: Random, topics: readonly string[], index: number): string {
  const clause = `${random.pick(SUBJECTS).toLowerCase()} ${random.pick(VERBS)} ${random.pick(OBJECTS)} ${random.pick(ENDINGS)}`;
  if (topics.length > 0 && random.chance(0.35)) {
    return random.pick(TOPIC_TEMPLATES).replace('{topic}', random.pick(topics)).replace('{clause}', clause);
  }
  if (index > 0 && random.chance(0.3)) return `${random.pick(CONNECTORS)} ${clause}.`;
  return `${clause.charAt(0).toUpperCase()}${clause.slice(1)}.`;
}

/** Up to five distinctive words of the prompt, in their order of appearance. */
export function topicWords(prompt: string): string[] {
  const seen = new Set<string>();
  for (const word of prompt.toLowerCase().match(/[a-z][a-z-]{3,}/g) ?? []) {
    if (!STOPWORDS.has(word)) seen.add(word);
    if (seen.size === 5) break;
  }
  return [...seen];
}
