/*
 * The client's own ConfigError, so that it installs and type-checks without the server package. It is the
 * server's (server/src/config/config-error.ts) word for word: the client rethrows the server's as this one, and
 * a container that refused its scenarios is reported with it too.
 */

/** One problem found in scenarios, with where it is. */
export interface ConfigIssue {
  /** The file, as the user named it (relative to the working directory when inside it). */
  file?: string;
  line?: number;
  col?: number;
  /** The JSON pointer of the offending value ("" for the whole document). */
  pointer?: string;
  message: string;
}

/** `file:line:col: /pointer message`, dropping the parts an issue does not have. */
export function formatIssue(issue: ConfigIssue): string {
  const where = [issue.file, issue.line, issue.col].filter((part) => part !== undefined).join(':');
  const pointer = issue.pointer === undefined ? '' : `${issue.pointer === '' ? '/' : issue.pointer} `;
  return `${where ? `${where}: ` : ''}${pointer}${issue.message}`;
}

/** The scenarios were refused; `issues` holds every problem found, not only the first. */
export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(`invalid scenarios (${count}):\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'ConfigError';
    this.issues = issues;
  }
}
