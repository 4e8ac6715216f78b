import test from 'ava';
import { pino } from 'pino';
import { createLogger, jsonLineWriter, type LineDestination } from './logger.ts';

/** A destination that keeps what it is given, one entry per line. */
function collector(): LineDestination & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    write(text) {
      lines.push(...text.split(/(?<=\n)/));
      return true;
    },
    flush: (callback) => callback(),
  };
}

/** The time is the one part of two lines written a moment apart that may differ. */
const timeless = (line: string) => line.replace(/"time":\d+/, '"time":0');

test('a line from jsonLineWriter is the line pino writes for the same fields and message', async (t) => {
  const destination = collector();
  const logger = createLogger({ level: 'debug', format: 'json', destination });
  const write = jsonLineWriter(logger);
  if (!write) return t.fail('createLogger made the logger, so it has a line writer');
  const fields = { requestId: 'r-1', method: 'POST', path: '/a "quoted"\\path\n', status: 200, ms: 1.5, tokens: 62, rule: undefined };
  for (const level of ['info', 'debug'] as const) {
    logger[level](fields, 'request');
    write(level, JSON.stringify(fields), 'request');
  }
  logger.info({}, 'bare');
  write('info', '{}', 'bare');
  await new Promise((resolve) => logger.flush(resolve));
  t.is(destination.lines.length, 6);
  for (let i = 0; i < 6; i += 2) t.is(timeless(destination.lines[i + 1]!), timeless(destination.lines[i]!));
  t.like(JSON.parse(destination.lines[1]!), { level: 30, name: 'aoai-sim', requestId: 'r-1', path: '/a "quoted"\\path\n', msg: 'request' });
  t.is(JSON.parse(destination.lines[3]!).level, 20);
});

test('a logger createLogger did not make has no line writer, and the caller logs through pino', (t) => {
  t.is(jsonLineWriter(pino({ level: 'silent' })), undefined);
  t.is(jsonLineWriter(createLogger({ level: 'silent', format: 'json' }).child({ a: 1 })), undefined);
});
