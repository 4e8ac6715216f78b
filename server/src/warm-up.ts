import { realClock } from './clock/index.ts';
import type { TokenizerName } from './config/model-catalog.ts';
import type { SimConfig } from './config/resolve-config.ts';
import { requestValidatorCompiles } from './protocol/request-validator.ts';
import { restoreTokenizers, saveTokenizers, tokenizerFor } from './tokens/tokenizer.ts';

/**
 * Loads what the first requests would otherwise wait for (the deployments' tokenizers, most used first, then the
 * operations' request checks), just after the port opens rather than before: a step per event-loop turn, so that a
 * request or a health check that comes meanwhile waits for one step at most (a tokenizer, or one operation's
 * check), not for all of them. Loaded before the port opened, these were most of the start (docs/performance.md,
 * start-up); loaded on first use only, the first chat request took the 0.5 s of its tokenizer. The tokenizers are
 * restored in one step from the image an earlier start saved, when there is one; otherwise they are built, and
 * the image saved as the last step (`told` hears of a restore, and of an image whose file failed its check). Each
 * step is done once per process: a second simulator in the same process finds them done. Resolves once every step
 * has run (RunningSimulator.warmedUp). `busy` says whether a request is being answered (see runSteps).
 */
export function warmUp(config: SimConfig, busy: () => boolean = () => false, told: ImageEvents = {}): Promise<void> {
  const tokenizers = tokenizersByUse(config);
  let checked: Promise<boolean> | undefined;
  const restore = () => {
    const startedAt = realClock.now();
    checked = restoreTokenizers(tokenizers, undefined, told.corrupt);
    if (checked) told.restored?.(tokenizers, realClock.now() - startedAt);
  };
  const steps: Array<() => void> = [
    restore,
    ...tokenizers.map((name) => () => void tokenizerFor(name)),
    ...requestValidatorCompiles(),
    () => void saveTokenizers(tokenizers),
  ];
  return runSteps(steps, busy).then(() => checked?.then(() => undefined));
}

/** What the warm-up tells of the tokenizers' image (see restoreTokenizers). */
export interface ImageEvents {
  restored?(tokenizers: readonly TokenizerName[], ms: number): void;
  corrupt?(): void;
}

/** How long a step waits for the requests being answered, at most: a steady load must not hold it off for ever. */
const MAX_DEFER_MS = 250;
const DEFER_POLL_MS = 5;

/**
 * Runs `steps` one per event-loop turn, each only once no request is being answered (`busy`), or after waiting
 * `maxDeferMs` for one. A request takes several turns (its body, its handler's awaits): the first chat request,
 * sent as a health check answered, was still being answered when the next step began, and waited for the request
 * checks' compiling (0.1 s) as well.
 */
export function runSteps(steps: Array<() => void>, busy: () => boolean, maxDeferMs = MAX_DEFER_MS): Promise<void> {
  return new Promise((resolve) => {
    let waitingSince: number | undefined;
    const next = () => {
      const step = steps[0];
      if (step === undefined) return resolve();
      if (busy()) {
        // the process's own time, not the simulator's clock: a test's ManualClock must not hold the warm-up off
        waitingSince ??= realClock.now();
        if (realClock.now() - waitingSince < maxDeferMs) return void realClock.setTimeout(next, DEFER_POLL_MS);
      }
      waitingSince = undefined;
      steps.shift();
      step();
      // two turns of the event loop between steps: a connection that came during a step is accepted in the first
      // turn's poll phase and its request read in the second's; with one turn, a health check waited for two steps
      setImmediate(() => setImmediate(next));
    };
    setImmediate(next);
  });
}

/** The tokenizers the deployments use, the one most of them use first. */
export function tokenizersByUse(config: SimConfig): TokenizerName[] {
  const uses = new Map<TokenizerName, number>();
  for (const deployment of config.deployments.values()) uses.set(deployment.tokenizer, (uses.get(deployment.tokenizer) ?? 0) + 1);
  return [...uses].sort((a, b) => b[1] - a[1]).map(([name]) => name);
}
