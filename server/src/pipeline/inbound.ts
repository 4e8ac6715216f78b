import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

/**
 * What a turn reads of its request, whatever carried it: the HTTP exchange today, a Batch line later. The body
 * is a stream with the headers it came with, as the multipart parser reads both.
 */
export interface Inbound {
  readonly method: string;
  /** The path without its query, as it arrived (not decoded). */
  readonly path: string;
  /** The path and query as they arrived. */
  readonly url: string;
  /** The query string's parameters. */
  readonly query: URLSearchParams;
  /** The request headers, lower-case names. */
  readonly headers: IncomingHttpHeaders;
  /** A request header's value, '' when it was not sent (several of one name joined with ', '). */
  header(name: string): string;
  /** The request's media type without its parameters, lower case: `application/json`. */
  readonly mediaType: string;
  /** The body as it arrives. */
  readonly body: Readable & { readonly headers: IncomingHttpHeaders };
}
