/**
 * The texts of a request's input (embeddings' `input`, completions' `prompt`): one string, several, or token
 * arrays, given back as text by the tokenizer's `decode`, so that both spellings of an input mean the same.
 */
export function inputTexts(input: string | string[] | number[] | number[][], decode: (tokens: number[]) => string): string[] {
  if (typeof input === 'string') return [input];
  if (input.length > 0 && input.every((item) => typeof item === 'number')) return [decode(input as number[])];
  return (input as Array<string | number[]>).map((item) => (typeof item === 'string' ? item : decode(item)));
}
