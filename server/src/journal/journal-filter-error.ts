/** A journal filter that makes no sense (an unknown operation, a status that is not a number, a bad date); the control API answers 400. */
export class JournalFilterError extends Error {
  /** The filter parameter at fault, as the query string names it. */
  readonly param: string;

  constructor(param: string, message: string) {
    super(`${param}: ${message}`);
    this.name = 'JournalFilterError';
    this.param = param;
  }
}
