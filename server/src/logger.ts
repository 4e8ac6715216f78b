import { pino, type Logger, type LevelWithSilent } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

const LEVELS: readonly LevelWithSilent[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export function isLogLevel(value: string): value is LevelWithSilent {
  return (LEVELS as readonly string[]).includes(value);
}

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** pretty: readable lines for a terminal; json: one JSON object per line, for machines. */
  format?: 'pretty' | 'json';
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
  // blocking write per request line; a person is not waiting on these
  if (format === 'json') return pino(settings, pino.destination({ dest: 1, sync: false }));
  return pino(settings, pretty({ sync: true, ignore: 'pid,hostname,name', translateTime: 'SYS:HH:MM:ss.l' }));
}
