import { Liquid, type FilterImplOptions } from 'liquidjs';
import { registerEnglishDate } from './liquid-date.ts';

/** What a filter function runs with (`this.context`), as LiquidJS declares it. */
type FilterImpl = ThisParameterType<Extract<FilterImplOptions, (...args: never[]) => unknown>>;

/** One engine per parse limit in use (LiquidJS reads it from the engine's options); there are rarely two. */
const engines = new Map<number, Liquid>();
const ENGINES_MAX = 16;

/**
 * The LiquidJS engine that parses templates up to `parseLimit` characters. LiquidJS has no way to run code, read
 * files or reach the process, which matters because scenario files are shared between teams and repositories.
 * Includes and layouts are disabled (an empty in-memory template map), and only own properties are readable.
 */
export function liquidFor(parseLimit: number): Liquid {
  let liquid = engines.get(parseLimit);
  if (liquid === undefined) {
    if (engines.size >= ENGINES_MAX) engines.clear();
    liquid = createLiquid(parseLimit);
    engines.set(parseLimit, liquid);
  }
  return liquid;
}

function createLiquid(parseLimit: number): Liquid {
  const liquid = new Liquid({
    templates: {},
    ownPropertyOnly: true,
    strictFilters: true,
    // a missing variable is an error rather than silently empty; `default` and `if` still test for absence
    strictVariables: true,
    lenientIf: true,
    jsTruthy: true,
    outputEscape: undefined,
    parseLimit,
  });
  liquid.registerFilter('json', function (this: FilterImpl, value: unknown) {
    const text = JSON.stringify(value ?? null);
    // counted as LiquidJS's own filters count what they make
    this.context.memoryLimit.use(text.length);
    return text;
  });
  registerEnglishDate(liquid);
  return liquid;
}
