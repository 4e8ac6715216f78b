/**
 * A verification helper's expectation that did not hold. A plain Error subclass so that any test framework
 * reports it as a failure with its message, which shows what the simulator actually saw.
 *
 * @example
 *   await t.throwsAsync(control.expectCalls({ deployment: 'chat' }, 2), { instanceOf: VerificationError });
 */
export class VerificationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerificationError';
  }
}
