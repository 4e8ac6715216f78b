/** A batch deployment type, as Azure names its SKU. */
export type BatchSku = 'GlobalBatch' | 'DataZoneBatch';

const M = 1_000_000;
const B = 1_000 * M;

/**
 * The service's default enqueued-token quota of a batch deployment, by model family, from the "Batch quota" tables
 * of the Azure OpenAI quotas page (the Default column). The first prefix that matches wins, so the minis come before
 * their families. Models the tables do not name get the largest family's 200M (GlobalBatch) or 30M (DataZoneBatch).
 */
const DEFAULTS: Readonly<Record<BatchSku, ReadonlyArray<readonly [prefix: string, tokens: number]>>> = {
  GlobalBatch: [
    ['gpt-4.1-mini', B],
    ['gpt-4.1-nano', B],
    ['gpt-4.1', 200 * M],
    ['gpt-4o-mini', B],
    ['gpt-4o', 200 * M],
    ['gpt-4-turbo', 80 * M],
    ['gpt-4', 30 * M],
    ['gpt-35-turbo', B],
    ['o3-mini', B],
    ['o4-mini', B],
    ['gpt-5', 200 * M],
  ],
  DataZoneBatch: [
    ['gpt-4.1-mini', 100 * M],
    ['gpt-4.1', 30 * M],
    ['gpt-4o-mini', 100 * M],
    ['gpt-4o', 30 * M],
    ['o3-mini', 100 * M],
    ['gpt-5', 200 * M],
  ],
};

const OTHERWISE: Readonly<Record<BatchSku, number>> = { GlobalBatch: 200 * M, DataZoneBatch: 30 * M };

/** The enqueued-token quota a batch deployment of `model` has when its settings name none. */
export function defaultEnqueuedTokens(sku: BatchSku, model: string): number {
  const found = DEFAULTS[sku].find(([prefix]) => model.startsWith(prefix));
  return found ? found[1] : OTHERWISE[sku];
}
