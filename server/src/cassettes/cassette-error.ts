import { formatIssue, type ConfigIssue } from '../config/config-error.ts';

/** One problem found in a cassette file: `file:line:col` when known, else the JSON pointer. */
export type CassetteIssue = ConfigIssue;

/** Cassettes could not be read or are invalid; `issues` holds every problem found, not only the first. */
export class CassetteError extends Error {
  readonly issues: readonly CassetteIssue[];

  constructor(issues: readonly CassetteIssue[]) {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    super(`invalid cassettes (${count}):\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'CassetteError';
    this.issues = issues;
  }
}
