import { AoaiError } from './aoai-error.ts';

/** The limits a client broke, for the message that names them. */
export interface ConnectionLimits {
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** The largest request head (request line and headers) Node's parser reads, in bytes. */
  maxHeaderBytes: number;
}

/**
 * The answer to a request Node's HTTP parser refused before the application saw it, in the service's error
 * shape rather than Node's bare status line: an unknown method or malformed request (400), headers or a URL
 * past the parser's limit (431), chunk extensions past it (413), a request that did not arrive in time (408).
 * `code` is the error's (an llhttp `HPE_*` code, or ERR_HTTP_REQUEST_TIMEOUT); `reason` llhttp's description.
 */
export function clientErrorAnswer(code: string | undefined, reason: string | undefined, limits: ConnectionLimits): AoaiError {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return gatewayError(
        431,
        'RequestHeaderFieldsTooLarge',
        `The request's headers, with its URL, are larger than the ${limits.maxHeaderBytes} bytes accepted.`,
      );
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return gatewayError(413, 'RequestEntityTooLarge', 'The chunk extensions of the request body are too large.');
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return gatewayError(
        408,
        'RequestTimeout',
        `The request did not arrive in time: its headers are expected within ${limits.headersTimeoutMs} ms and all of it within ${limits.requestTimeoutMs} ms.`,
      );
    default:
      return gatewayError(400, 'BadRequest', `The request is not valid HTTP/1.1${reason ? `: ${reason.replace(/\.$/, '')}` : ''}.`);
  }
}

/** 417 for an `Expect` header other than `100-continue`, the only expectation HTTP/1.1 defines. */
export function expectationFailed(expect: string): AoaiError {
  return gatewayError(
    417,
    'ExpectationFailed',
    `The expectation '${expect.slice(0, 64)}' in the Expect header is not supported; only '100-continue' is.`,
  );
}

/** 400 for an HTTP/1.1 request without the Host header it must carry (RFC 9112 §3.2). */
export function missingHost(): AoaiError {
  return gatewayError(400, 'BadRequest', 'The request has no Host header, which HTTP/1.1 requires.');
}

/** The gateway's error shape: `{"error":{"code","message"}}`. */
function gatewayError(status: number, code: string, message: string): AoaiError {
  return new AoaiError(status, JSON.stringify({ error: { code, message } }));
}
