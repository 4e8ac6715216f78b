/**
 * An error the simulator answers the way the service does: status, exact body bytes and headers.
 * Bodies are kept as text because the service's gateway errors are not plain `JSON.stringify` output (some
 * have a space after `"message":`, and the bearer 401 has no `error` wrapper).
 */
export class AoaiError extends Error {
  readonly status: number;
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Something the operator should see in the log too (a strict-mode near-miss report, say). */
  logNote?: string;

  constructor(status: number, body: string, headers: Record<string, string> = {}) {
    super(`${status} ${body}`);
    this.name = 'AoaiError';
    this.status = status;
    this.body = body;
    this.headers = headers;
  }

  /**
   * The error's code as the body gives it (`DeploymentNotFound`, `401`, `context_length_exceeded`), else its
   * `type`, else the status: for the journal, read only when a request failed.
   */
  get code(): string {
    return errorCodeOf(this.body, this.status);
  }

  /** An error in the OpenAI shape: `{"error":{"message","type","param","code"}}`. */
  static openai(
    status: number,
    message: string,
    fields: { type?: string | null; param?: string | null; code?: string | null } = {},
  ): AoaiError {
    const error = {
      message,
      type: fields.type === undefined ? 'invalid_request_error' : fields.type,
      param: fields.param ?? null,
      code: fields.code ?? null,
    };
    return new AoaiError(status, JSON.stringify({ error }));
  }

  /** An unknown path: the gateway's 404. */
  static resourceNotFound(): AoaiError {
    return new AoaiError(404, '{"error":{"code":"404","message": "Resource not found"}}');
  }

  /** A missing or wrong api-key (and a request with no credential at all). */
  static invalidApiKey(): AoaiError {
    return new AoaiError(
      401,
      '{"error":{"code":"401","message":"Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource."}}',
    );
  }

  /** A bad bearer token: note the body has no `error` wrapper. */
  static invalidBearerToken(): AoaiError {
    return new AoaiError(
      401,
      '{"statusCode": 401, "message": "Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired."}',
    );
  }

  /** Anything unexpected: the service's 500, naming the request id a user would quote to support. */
  static internal(requestId: string): AoaiError {
    return AoaiError.openai(
      500,
      `The server had an error while processing your request. Sorry about that! You can retry your request, or contact us through an Azure support request at: https://go.microsoft.com/fwlink/?linkid=2213926 if the error persists. (Please include the request ID ${requestId} in your message.)`,
      { type: 'server_error' },
    );
  }
}

/** The code of a service error body (see AoaiError.code); any text that is not one gives the status. */
export function errorCodeOf(body: string, status: number): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return String(status);
  }
  if (parsed === null || typeof parsed !== 'object') return String(status);
  const { error, statusCode } = parsed as { error?: { code?: unknown; type?: unknown }; statusCode?: unknown };
  if (typeof error?.code === 'string' && error.code !== '') return error.code;
  if (typeof error?.type === 'string' && error.type !== '') return error.type;
  return typeof statusCode === 'number' ? String(statusCode) : String(status);
}
