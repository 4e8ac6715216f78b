import { randomUUID } from 'node:crypto';
import type { Liquid, Template } from 'liquidjs';
import { createRandom } from '../generate/random.ts';
import { liquidFor } from './liquid.ts';

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

/**
 * What one template may cost (the scenarios file's `templates`): renders run on the event loop, so a template
 * looping ten million times or doubling an array would hold up every request, or exhaust the heap.
 */
export interface TemplateLimits {
  /** LiquidJS's renderLimit: checked at each tag and loop step. */
  renderLimitMs: number;
  /** LiquidJS's memoryLimit: characters and array elements made by filters and ranges, over the whole render. */
  memoryLimit: number;
  /** LiquidJS's parseLimit: the template's length in characters. */
  parseLimit: number;
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** A parsed template: parse errors surface when the scenarios load, not when a request arrives. */
export class CompiledTemplate {
  private readonly liquid: Liquid;
  private readonly parsed: Template[];
  private readonly limits: TemplateLimits;
  private readonly renderOptions: { renderLimit: number; memoryLimit: number };

  constructor(source: string, limits: TemplateLimits) {
    this.limits = limits;
    this.renderOptions = { renderLimit: limits.renderLimitMs, memoryLimit: limits.memoryLimit };
    this.liquid = liquidFor(limits.parseLimit);
    try {
      this.parsed = this.liquid.parse(source);
    } catch (error) {
      throw new TemplateError(this.describe(error, source));
    }
  }

  /**
   * Renders synchronously; throws TemplateError naming what went wrong, a limit it ran into included. `epochMs`
   * is what `now` and `timestamp` give: the request's time on the simulator's clock.
   */
  render(context: TemplateContext, epochMs: number): string {
    const random = createRandom(context.seed);
    const scope = {
      ...context,
      now: new Date(epochMs).toISOString(),
      timestamp: Math.floor(epochMs / 1000),
      uuid: randomUUID(),
      random: { float: random.next(), int: Math.floor(random.next() * 1_000_000), percent: Math.floor(random.next() * 100) },
    };
    try {
      return this.liquid.renderSync(this.parsed, scope, this.renderOptions) as string;
    } catch (error) {
      throw new TemplateError(this.describe(error));
    }
  }

  /** LiquidJS's message, first line only; its limit messages say which setting to raise. */
  private describe(error: unknown, source?: string): string {
    const message = firstLine((error as Error).message);
    const { renderLimitMs, memoryLimit, parseLimit } = this.limits;
    if (message.startsWith('template render limit exceeded'))
      return `it ran longer than ${renderLimitMs} ms, the render limit (templates.renderLimitMs), and was stopped`;
    if (message.startsWith('memory alloc limit exceeded'))
      return `it made more than ${memoryLimit} characters or array elements, the memory limit (templates.memoryLimit), and was stopped`;
    if (message.startsWith('parse length limit exceeded'))
      return `it is ${source?.length ?? 'too many'} characters long, over the parse limit of ${parseLimit} (templates.parseLimit)`;
    return message;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}
