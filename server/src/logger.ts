import { pino, type Logger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';
import { TurnQueue } from './turn-queue.ts';

export type { Logger, LevelWithSilent };

const LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function isLogLevel(value: string): value is LevelWithSilent {
  return (LEVELS as readonly string[]).includes(value);
}

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** pretty: readable lines for a terminal; json: one JSON object per line, for machines. */
  format?: 'pretty' | 'json';
  /** Where JSON lines go: standard output when absent. */
  destination?: LineDestination;
}

/**
 * Structured logs with pino. Readable lines when a person is watching a terminal, JSON otherwise.
 * Credentials are redacted wherever a request's headers are logged.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const format = options.format ?? (process.stdout.isTTY ? 'pretty' : 'json');
  const settings = {
    level: options.level ?? 'info',
    base: { name: 'aoai-sim' },
    redact: {
      paths: ['req.headers["api-key"]', 'req.headers.authorization', 'headers["api-key"]', 'headers.authorization'],
      censor: '[redacted]',
    },
  };
  // asynchronous writes: under load, lines written while one write is in flight go out together, instead of a
  // blocking write per request line; a person is not waiting on these. A turn's lines go to SonicBoom as one.
  const logger =
    format === 'json'
      ? pino(settings, new TurnBatch(options.destination ?? pino.destination({ dest: 1, sync: false })))
      : pino(settings, pretty({ sync: true, ignore: 'pid,hostname,name', translateTime: 'SYS:HH:MM:ss.l' }));
  LINE_LOGGERS.add(logger);
  return logger;
}

/** The loggers createLogger made: no hooks, mixins or log formatters, and a destination that takes plain lines. */
const LINE_LOGGERS = new WeakSet<Logger>();

/** Writes one line at `level`: `fields` is a JSON object's text, whose members the line gets, then `msg`. */
export type JsonLineWriter = (level: 'info' | 'debug', fields: string, msg: string) => void;

/**
 * A writer of the line pino writes for `logger[level](object, msg)`, byte for byte, for an object that is JSON
 * text already: the access log's line per request. pino's own call walks the object key by key, looks up a
 * serializer and a stringifier for each and escapes each string apart; one JSON.stringify does the same work
 * natively, and the rest of the line (level, time, bindings, end) comes from the logger itself, so the two cannot
 * drift. Measured on the bench's chat request at LOG_LEVEL=info: see docs/performance.md.
 * Undefined for a logger createLogger did not make (a test's, a child): those get no such guarantees.
 */
export function jsonLineWriter(logger: Logger): JsonLineWriter | undefined {
  if (!LINE_LOGGERS.has(logger)) return undefined;
  const parts = logger as unknown as PinoParts;
  const { symbols } = pino;
  return (level, fields, msg) => {
    // `{"a":1}` becomes `,"a":1`; an empty object adds nothing
    const members = fields.length > 2 ? `,${fields.slice(1, -1)}` : '';
    const start = `${parts[symbols.lsCacheSym][logger.levels.values[level]!]}${parts[symbols.timeSym]()}${parts[symbols.chindingsSym]}`;
    parts[symbols.streamSym].write(`${start}${members},"msg":${JSON.stringify(msg)}${parts[symbols.endSym]}`);
  };
}

/** The parts of a pino logger a line is made of, under pino's exported symbols. */
interface PinoParts {
  [pino.symbols.lsCacheSym]: Record<number, string>;
  [pino.symbols.timeSym]: () => string;
  [pino.symbols.chindingsSym]: string;
  [pino.symbols.endSym]: string;
  [pino.symbols.streamSym]: { write(line: string): unknown };
}

/** What a TurnBatch writes to: pino's own destination (SonicBoom), or a caller's. */
export interface LineDestination {
  write(text: string): boolean;
  flush(callback: (error?: Error) => void): void;
}

/**
 * Hands the lines logged in one turn of the event loop to the destination as one write, at the turn's end.
 * SonicBoom appends each line to the text it has pending and measures that text's UTF-8 length again, which makes
 * V8 copy it whole each time: under load, with a write in flight, that cost grew with every line (5.6% of the
 * core in the profile of the bench's chat request). Joined first, the turn's lines are copied once. Measured
 * with that request at LOG_LEVEL=info: 21.1k -> 22.8k req/s.
 */
class TurnBatch {
  readonly #destination: LineDestination;
  readonly #lines: TurnQueue<string>;

  constructor(destination: LineDestination) {
    this.#destination = destination;
    this.#lines = new TurnQueue((lines) => destination.write(lines.join('')));
  }

  write(line: string): boolean {
    this.#lines.push(line);
    return true;
  }

  /** Writes what is pending, then flushes the destination (pino's logger.flush calls this). */
  flush(callback: (error?: Error) => void): void {
    this.#lines.flushNow();
    this.#destination.flush(callback);
  }
}
