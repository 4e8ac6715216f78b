import { randomUUID } from 'node:crypto';
import { Liquid, type FilterImplOptions, type Template } from 'liquidjs';
import { createRandom } from '../generate/random.ts';

/**
 * Response templates use LiquidJS: a template language with no way to run code, read files or reach the
 * process, which matters because scenario files are shared between teams and repositories. Includes and
 * layouts are disabled (an empty in-memory template map), and only own properties are readable.
 */
const liquid = new Liquid({
  templates: {},
  ownPropertyOnly: true,
  strictFilters: true,
  // a missing variable is an error rather than silently empty; `default` and `if` still test for absence
  strictVariables: true,
  lenientIf: true,
  jsTruthy: true,
  outputEscape: undefined,
});

liquid.registerFilter('json', (value: unknown) => JSON.stringify(value ?? null));

/**
 * LiquidJS's `date` filter, with the names of days and months (`%A`, `%a`, `%B`, `%b`, `%h`) in English on every
 * machine and without the cost LiquidJS pays for them: it builds an `Intl.DateTimeFormat` for each name it
 * writes, which took a templated rule that names the day down to a third of its throughput and held over 1 GiB of
 * ICU memory under load. The day and month come from the built-in filter itself (`%w`, `%m`), so parsing and time
 * zones are LiquidJS's own; the names are then written into the format as text. Anything else, flags included
 * (`%^A`), goes to the built-in filter as it is.
 */
/** A filter function and what it runs with (`this.context`), as LiquidJS declares them. */
type FilterHandler = Extract<FilterImplOptions, (...args: never[]) => unknown>;
type FilterImpl = ThisParameterType<FilterHandler>;
const builtinDate = liquid.filters.date as FilterHandler;
liquid.registerFilter('date', function (this: FilterImpl, value: unknown, format?: unknown, ...rest: unknown[]) {
  const pattern = typeof format === 'string' ? format : format === undefined || format === null ? this.context.opts.dateFormat : undefined;
  if (pattern === undefined || !NAMED.test(pattern)) return builtinDate.call(this, value, format, ...rest);
  const weekday = Number(builtinDate.call(this, value, '%w', ...rest));
  const month = Number(builtinDate.call(this, value, '%m', ...rest));
  // not a date: the built-in filter hands the value back, as it would have anyway
  if (!Number.isInteger(weekday) || !Number.isInteger(month)) return builtinDate.call(this, value, format, ...rest);
  const named = pattern.replace(NAMES, (match: string, code: string | undefined) =>
    code === undefined ? match : nameOf(code, weekday, month),
  );
  return builtinDate.call(this, value, named, ...rest);
});

const NAMED = /%[AaBbh]/;
/** `%%` (a literal percent sign, left alone) or a plain name directive. */
const NAMES = /%%|%([AaBbh])/g;
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function nameOf(code: string, weekday: number, month: number): string {
  const day = DAYS[weekday] ?? '';
  const monthName = MONTHS[month - 1] ?? '';
  if (code === 'A') return day;
  if (code === 'a') return day.slice(0, 3);
  if (code === 'B') return monthName;
  return monthName.slice(0, 3);
}

/** What a template can read. */
export interface TemplateContext {
  request: {
    body: unknown;
    headers: Readonly<Record<string, string>>;
    query: Readonly<Record<string, string>>;
    deployment: string;
    operation: string;
    path: string;
    testId: string | null;
  };
  /** Groups of the first regex condition that matched; `captures[1]` is its first group. */
  captures: readonly string[] & { groups?: Record<string, string> };
  /** Captures of every regex condition, by field (`lastUserMessage`, `headers.x-tenant`, …). */
  capturesBy: Readonly<Record<string, readonly string[]>>;
  /** How many times this rule has matched (for this test id), this call included. */
  callCount: number;
  /** A seed for `random`: the same request and call count give the same numbers. */
  seed: string;
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** A parsed template: parse errors surface when the scenarios load, not when a request arrives. */
export class CompiledTemplate {
  private readonly parsed: Template[];

  constructor(source: string) {
    try {
      this.parsed = liquid.parse(source);
    } catch (error) {
      throw new TemplateError(firstLine((error as Error).message));
    }
  }

  /** Renders synchronously; throws TemplateError naming what went wrong. */
  render(context: TemplateContext): string {
    const random = createRandom(context.seed);
    const scope = {
      ...context,
      now: new Date().toISOString(),
      timestamp: Math.floor(Date.now() / 1000),
      uuid: randomUUID(),
      random: { float: random.next(), int: Math.floor(random.next() * 1_000_000), percent: Math.floor(random.next() * 100) },
    };
    try {
      return liquid.renderSync(this.parsed, scope) as string;
    } catch (error) {
      throw new TemplateError(firstLine((error as Error).message));
    }
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
