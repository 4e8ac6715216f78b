// Planted secrets, and finding them in bytes that arrive in chunks.

/** Secrets the harness plants (in the child's environment, as its keys) and must never see again. */
export type Secrets = Readonly<Record<string, string>>;

/**
 * Looks for every secret in a stream of chunks, including one split across two chunks: each chunk is searched
 * together with the tail of the one before.
 */
export class SecretScanner {
  readonly seen = new Set<string>();
  private tail = '';
  private readonly overlap: number;

  private readonly secrets: Secrets;

  constructor(secrets: Secrets) {
    this.secrets = secrets;
    this.overlap = Math.max(0, ...Object.values(secrets).map((secret) => secret.length)) - 1;
  }

  scan(chunk: Buffer | string): void {
    const text = this.tail + (typeof chunk === 'string' ? chunk : chunk.toString('latin1'));
    for (const [name, secret] of Object.entries(this.secrets)) if (!this.seen.has(name) && text.includes(secret)) this.seen.add(name);
    this.tail = this.overlap > 0 ? text.slice(-this.overlap) : '';
  }
}

/** The names of the secrets that occur in `text`. */
export function secretsIn(text: string, secrets: Secrets): string[] {
  return Object.entries(secrets)
    .filter(([, secret]) => text.includes(secret))
    .map(([name]) => name);
}
