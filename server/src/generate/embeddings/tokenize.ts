/** Upper bound on words read from one input; far above the service's 8,191-token limit. */
export const MAX_WORDS = 65_536;

const WORD = /[\p{L}\p{N}]+/gu;
const APOSTROPHES = /['\u2019]/g;

/**
 * Lowercased words of a text, with punctuation dropped and plurals folded, so that case,
 * punctuation and number barely change a text's features.
 */
export function tokenize(text: string): string[] {
  // Dropping apostrophes keeps "don't" one word ("dont") instead of "don" + "t".
  const source = text.toLowerCase().replace(APOSTROPHES, '');
  const words: string[] = [];
  WORD.lastIndex = 0;
  for (let i = 0; i < MAX_WORDS; i++) {
    const match = WORD.exec(source);
    if (match === null) break;
    words.push(foldPlural(match[0]));
  }
  WORD.lastIndex = 0;
  return words;
}

/**
 * A deliberately tiny stemmer: only plural endings. Character trigrams already relate
 * "reset" and "resetting"; this makes "password" and "passwords" the same word.
 */
export function foldPlural(word: string): string {
  const n = word.length;
  if (n <= 3 || word.charCodeAt(n - 1) !== 0x73 /* s */) return word;
  if (n > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
  return word.slice(0, -1);
}
