import type { Random } from '../../generate/random.ts';
import { replyText } from '../../generate/text/reply-text.ts';

export interface Segment {
  id: number;
  seek: number;
  start: number;
  end: number;
  text: string;
  tokens: number[];
  temperature: number;
  avg_logprob: number;
  compression_ratio: number;
  no_speech_prob: number;
}

/** A transcript of `seconds` of speech at a talking pace, split into sentence segments spread over the time. */
export function transcriptSegments(random: Random, seconds: number, encode: (text: string) => number[]): Segment[] {
  const words = Math.max(3, Math.round(seconds * 2.5));
  const sentences = (replyText(random, words).match(/[^.!?:]+[.!?:]+/g) ?? []).map((sentence) => sentence.trim());
  const totalWords = sentences.reduce((sum, sentence) => sum + sentence.split(' ').length, 0) || 1;
  let start = 0;
  return sentences.map((sentence, id) => {
    const end = id === sentences.length - 1 ? seconds : Math.min(seconds, start + (seconds * sentence.split(' ').length) / totalWords);
    const segment = {
      id,
      seek: 0,
      start: round(start),
      end: round(end),
      text: ` ${sentence}`,
      tokens: encode(` ${sentence}`),
      temperature: 0,
      avg_logprob: round(-0.1 - random.next() * 0.3),
      compression_ratio: round(1.2 + random.next() * 0.5),
      no_speech_prob: round(random.next() * 0.02),
    };
    start = end;
    return segment;
  });
}

export function transcriptText(segments: readonly Segment[]): string {
  return segments.map((segment) => segment.text.trim()).join(' ');
}

/** SubRip subtitles. */
export function toSrt(segments: readonly Segment[]): string {
  return (
    segments
      .map((segment, i) => `${i + 1}\n${timestamp(segment.start, ',')} --> ${timestamp(segment.end, ',')}\n${segment.text.trim()}\n`)
      .join('\n') + '\n'
  );
}

/** WebVTT subtitles. */
export function toVtt(segments: readonly Segment[]): string {
  return `WEBVTT\n\n${segments.map((segment) => `${timestamp(segment.start, '.')} --> ${timestamp(segment.end, '.')}\n${segment.text.trim()}\n`).join('\n')}\n`;
}

function timestamp(seconds: number, separator: ',' | '.'): string {
  const ms = Math.round(seconds * 1000);
  const pad = (value: number, width = 2) => String(value).padStart(width, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}${separator}${pad(ms % 1000, 3)}`;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
