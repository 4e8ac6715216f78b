const WORDS_PER_MINUTE = 150;
const MIN_DURATION_MS = 300;
/** Letters per word assumed for scripts written without spaces, so a line of Chinese is not "one word". */
const LETTERS_PER_WORD = 6;

/**
 * A plausible spoken length for `text`: about 150 words a minute at speed 1, scaled by 1/speed, never under
 * 300 ms, in whole milliseconds. A non-positive or non-finite speed counts as 1.
 */
export function speechDurationMs(text: string, speed = 1): number {
  const words = text.split(/\s+/).filter((word) => word !== '').length;
  const letters = text.replace(/\s+/g, '').length;
  const rate = Number.isFinite(speed) && speed > 0 ? speed : 1;
  const ms = (Math.max(words, letters / LETTERS_PER_WORD) * 60000) / WORDS_PER_MINUTE / rate;
  return Math.max(MIN_DURATION_MS, Math.round(ms));
}
