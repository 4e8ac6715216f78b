import type { ConfigIssue } from '../config/config-error.ts';
import { formatIssue } from '../config/config-error.ts';
import { AoaiError } from '../http/aoai-error.ts';

/** A control-API call with bad input: 400 with the reason, never a 500. */
export function badControlRequest(message: string, issues?: readonly ConfigIssue[]): AoaiError {
  return new AoaiError(
    400,
    JSON.stringify({
      error: {
        code: 'InvalidControlRequest',
        message,
        ...(issues ? { issues: issues.map((issue) => ({ ...issue, text: formatIssue(issue) })) } : {}),
      },
    }),
  );
}
