import type { FilterImplOptions, Liquid } from 'liquidjs';

/** A filter function and what it runs with (`this.context`), as LiquidJS declares them. */
type FilterHandler = Extract<FilterImplOptions, (...args: never[]) => unknown>;
type FilterImpl = ThisParameterType<FilterHandler>;

/**
 * Replaces LiquidJS's `date` filter with one that writes the names of days and months (`%A`, `%a`, `%B`, `%b`,
 * `%h`) in English on every machine and without the cost LiquidJS pays for them: it builds an
 * `Intl.DateTimeFormat` for each name it writes, which took a templated rule that names the day down to a third of
 * its throughput and held over 1 GiB of ICU memory under load. The day and month come from the built-in filter
 * itself (`%w`, `%m`), so parsing and time zones are LiquidJS's own; the names are then written into the format
 * as text. Anything else, flags included (`%^A`), goes to the built-in filter as it is.
 */
export function registerEnglishDate(liquid: Liquid): void {
  const builtinDate = liquid.filters.date as FilterHandler;
  liquid.registerFilter('date', function (this: FilterImpl, value: unknown, format?: unknown, ...rest: unknown[]) {
    const pattern =
      typeof format === 'string' ? format : format === undefined || format === null ? this.context.opts.dateFormat : undefined;
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
}

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
