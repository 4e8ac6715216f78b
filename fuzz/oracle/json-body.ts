// Reading an answer's body as the SDKs do: strict UTF-8, then JSON.

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The body as text, or undefined when it is not valid UTF-8. */
export function utf8(body: Buffer): string | undefined {
  try {
    return UTF8.decode(body);
  } catch {
    return undefined;
  }
}

/** The body parsed, or a problem saying why it cannot be. */
export function parseJsonBody(body: Buffer): { value: unknown } | { problem: string } {
  const text = utf8(body);
  if (text === undefined) return { problem: 'the body is not valid UTF-8' };
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { problem: `the body is not JSON: ${excerpt(text)}` };
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The start of a text, on one line, for a report. */
export function excerpt(text: string, length = 160): string {
  const flat = JSON.stringify(text.length > length ? `${text.slice(0, length)}…` : text);
  return flat.slice(1, -1);
}
