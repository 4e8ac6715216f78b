/** The deployment label of a request that named no deployment (a 404 on an unknown path, the control API). */
export const NO_DEPLOYMENT = '';

/** The operation label of a request that is no data-plane operation (a 404 on an unknown path). */
export const NO_OPERATION = '';

/**
 * The value a capped label takes once its limit of distinct values is reached. Parentheses are not allowed
 * in a deployment name, so it can never be mistaken for one.
 */
export const OVERFLOW_LABEL = '(other)';

/** The status label of a request that got no HTTP status line (a reset connection, a hang the client left). */
export const NO_STATUS = 0;

/**
 * The status a request is counted under: its HTTP status, or NO_STATUS for anything that is not one, so
 * the label has at most 501 values whatever a caller passes.
 */
export function statusLabel(status: number): number {
  return Number.isInteger(status) && status >= 100 && status <= 599 ? status : NO_STATUS;
}
