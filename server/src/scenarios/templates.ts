import { randomUUID } from 'node:crypto';
import { Liquid, type Template } from 'liquidjs';
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
