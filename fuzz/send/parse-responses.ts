// HTTP/1.1 answers read from raw bytes: what a byte-level case got back, interim 1xx answers left out.

export interface ParsedResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  /** The bytes ended before this answer's body did. */
  incomplete: boolean;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** Every answer in `bytes`, in order; the last may be incomplete when the connection closed mid-answer. */
export function parseResponses(bytes: Buffer): ParsedResponse[] {
  const responses: ParsedResponse[] = [];
  let at = 0;
  while (at < bytes.length) {
    const end = bytes.indexOf(HEADER_END, at);
    if (end < 0) break;
    const [statusLine = '', ...lines] = bytes.subarray(at, end).toString('latin1').split('\r\n');
    const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(statusLine)?.[1] ?? 0);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    at = end + 4;
    if (status >= 100 && status < 200) continue;
    const body = readBody(bytes, at, headers);
    responses.push({ status, headers, body: body.bytes, incomplete: body.incomplete });
    at = body.next;
    if (status === 0) break;
  }
  return responses;
}

function readBody(bytes: Buffer, at: number, headers: Record<string, string>): { bytes: Buffer; next: number; incomplete: boolean } {
  if (/chunked/i.test(headers['transfer-encoding'] ?? '')) return readChunked(bytes, at);
  const length = headers['content-length'];
  if (length !== undefined) {
    const size = Number(length);
    const available = Math.min(size, bytes.length - at);
    return { bytes: bytes.subarray(at, at + available), next: at + available, incomplete: available < size };
  }
  // neither: the body runs to the end of the connection
  return { bytes: bytes.subarray(at), next: bytes.length, incomplete: false };
}

function readChunked(bytes: Buffer, start: number): { bytes: Buffer; next: number; incomplete: boolean } {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n', at);
    if (lineEnd < 0) return { bytes: Buffer.concat(parts), next: bytes.length, incomplete: true };
    const size = parseInt(bytes.subarray(at, lineEnd).toString('latin1'), 16);
    if (Number.isNaN(size)) return { bytes: Buffer.concat(parts), next: bytes.length, incomplete: true };
    at = lineEnd + 2;
    if (size === 0) {
      const trailerEnd = bytes.indexOf(HEADER_END, at - 2);
      return { bytes: Buffer.concat(parts), next: trailerEnd < 0 ? bytes.length : trailerEnd + 4, incomplete: trailerEnd < 0 };
    }
    if (at + size > bytes.length) {
      parts.push(bytes.subarray(at));
      return { bytes: Buffer.concat(parts), next: bytes.length, incomplete: true };
    }
    parts.push(bytes.subarray(at, at + size));
    at += size + 2;
  }
}
