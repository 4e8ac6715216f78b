/**
 * A client event the service refuses: sent back as an `error` event, and the session stays open. The codes and
 * messages follow what OpenAI's realtime service sends (`invalid_request_error` with `unknown_parameter`,
 * `missing_required_parameter`, `invalid_value`…), which Azure's realtime endpoint relays; the Azure specs give
 * the event's shape (RealtimeServerEventError) but not the texts.
 */
export class RealtimeProblem {
  readonly type: string;
  readonly code: string;
  readonly message: string;
  readonly param: string | null;
  /** The `event_id` of the client event refused, when it had one. */
  eventId: string | null;

  constructor(code: string, message: string, param: string | null = null, type = 'invalid_request_error') {
    this.type = type;
    this.code = code;
    this.message = message;
    this.param = param;
    this.eventId = null;
  }

  /** The `error` object of the server's `error` event. */
  toError(): Record<string, unknown> {
    return { type: this.type, code: this.code, message: this.message, param: this.param, event_id: this.eventId };
  }

  static missing(param: string): RealtimeProblem {
    return new RealtimeProblem('missing_required_parameter', `Missing required parameter: '${param}'.`, param);
  }

  static unknown(param: string): RealtimeProblem {
    return new RealtimeProblem('unknown_parameter', `Unknown parameter: '${param}'.`, param);
  }

  static invalidValue(param: string, value: unknown, supported?: readonly string[]): RealtimeProblem {
    const shown = typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
    const choices = supported ? ` Supported values are: ${supported.map((each) => `'${each}'`).join(', ')}.` : '';
    return new RealtimeProblem('invalid_value', `Invalid value: ${shown}.${choices}`, param);
  }

  /** A fault of the simulator's own in answering an event, in the words of the service's own server errors. */
  static serverError(): RealtimeProblem {
    return new RealtimeProblem(
      'server_error',
      'The server had an error while processing your request. Sorry about that!',
      null,
      'server_error',
    );
  }

  static invalidType(param: string, expected: string): RealtimeProblem {
    return new RealtimeProblem('invalid_type', `Invalid type for '${param}': expected ${expected}.`, param);
  }
}
