/** A Python-simulator variable set to something it never accepted either: the CLI exits with the message. */
export class LegacyEnvError extends Error {
  override name = 'LegacyEnvError';
}
