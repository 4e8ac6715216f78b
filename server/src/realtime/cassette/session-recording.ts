import type { JsonValue } from '../../cassettes/index.ts';
import type { RealtimeFlavor } from '../realtime-address.ts';

/** The version of the realtime recording format, in each file's first line. */
export const REALTIME_RECORDING_VERSION = 1;

/** What a realtime recording's file name ends with: JSON Lines, which the HTTP cassette loader does not read. */
export const REALTIME_RECORDING_SUFFIX = '.realtime.jsonl';

/** The first line of a realtime recording: which session it holds. */
export interface RecordingHeader {
  version: typeof REALTIME_RECORDING_VERSION;
  kind: 'realtime-session';
  /** The test id the session came with, or `default`. */
  name: string;
  deployment: string;
  flavor: RealtimeFlavor;
  /** ISO 8601: when the session opened. */
  recordedAt: string;
}

/**
 * One line after the header: a WebSocket message either way, the close of the socket, or the mark that the
 * recording stopped keeping events at its size cap. `offsetMs` counts from the upstream's accepting the session.
 */
export interface RecordedSessionEvent {
  offsetMs: number;
  from: 'client' | 'server';
  /** A text message that was JSON, parsed: the realtime events themselves. */
  event?: JsonValue;
  /** A text message that was not JSON, as sent. */
  text?: string;
  /** A binary message, base64. */
  binary?: string;
  close?: { code: number; reason: string };
  /** The recording stopped here: record.realtimeMaxBytes was reached. */
  truncated?: true;
}

/** A realtime recording read back: its header, its events, and the file it came from. */
export interface RealtimeRecording extends RecordingHeader {
  file: string;
  events: RecordedSessionEvent[];
}

/** The line a message is written as: its JSON parsed when it is JSON, so the file reads as events. */
export function messageLine(offsetMs: number, from: 'client' | 'server', data: string | Buffer, isBinary: boolean): RecordedSessionEvent {
  if (isBinary) return { offsetMs, from, binary: Buffer.from(data).toString('base64') };
  const text = String(data);
  try {
    return { offsetMs, from, event: JSON.parse(text) as JsonValue };
  } catch {
    return { offsetMs, from, text };
  }
}

/** What a recorded message is sent as again: the text (JSON re-serialised) or the bytes. */
export function messageOf(line: RecordedSessionEvent): { data: string | Buffer; binary: boolean } | undefined {
  if (line.event !== undefined) return { data: JSON.stringify(line.event), binary: false };
  if (line.text !== undefined) return { data: line.text, binary: false };
  if (line.binary !== undefined) return { data: Buffer.from(line.binary, 'base64'), binary: true };
  return undefined;
}

/**
 * Reads a recording's text; a problem names the line. A last line cut short (a recorder killed mid-write) is
 * left out rather than refused: every whole line before it is a faithful recording.
 */
export function parseRecording(text: string, file: string): RealtimeRecording {
  const lines = text.split('\n');
  const cutShort = lines.at(-1) !== '';
  const header = parseLine(lines[0] ?? '', file, 1) as Partial<RecordingHeader>;
  if (header.kind !== 'realtime-session' || header.version !== REALTIME_RECORDING_VERSION)
    throw new Error(`${file}:1: not a realtime recording of version ${REALTIME_RECORDING_VERSION}`);
  if (typeof header.deployment !== 'string' || (header.flavor !== 'ga' && header.flavor !== 'preview'))
    throw new Error(`${file}:1: a realtime recording needs its deployment and its flavor (ga or preview)`);
  const events: RecordedSessionEvent[] = [];
  const last = cutShort ? lines.length - 1 : lines.length;
  for (let index = 1; index < last; index++) {
    if (lines[index] === '') continue;
    const line = parseLine(lines[index]!, file, index + 1) as RecordedSessionEvent;
    if (typeof line.offsetMs !== 'number' || (line.from !== 'client' && line.from !== 'server'))
      throw new Error(`${file}:${index + 1}: an event needs offsetMs and from (client or server)`);
    events.push(line);
  }
  return { ...(header as RecordingHeader), file, events };
}

function parseLine(line: string, file: string, number: number): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch (error) {
    throw new Error(`${file}:${number}: ${(error as Error).message}`);
  }
}
