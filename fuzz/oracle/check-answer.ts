// The generic oracle: what every answer, to any request, must satisfy.
import type { Answer } from '../send/answer.ts';
import type { FailureKind } from '../report/failures.ts';
import { errorShapeProblem, insidesShown } from './error-shape.ts';
import { describeTarget, needsAdminKey, needsApiKey, type Expectation } from './expectation.ts';
import { successShapeProblem } from './success-shape.ts';

/** The configuration an answer is judged against. */
export interface Judged {
  apiKeyConfigured: boolean;
  adminKeyConfigured: boolean;
  maxBodyBytes: number;
}

/** How the request was sent, as far as the oracle cares. */
export interface RequestFacts {
  method: string;
  /** A valid data-plane credential (credentials.ts). */
  credentialed: boolean;
  /** The admin key. */
  admin: boolean;
  /** An Authorization: Bearer header. */
  bearer: boolean;
  /** Sent on a raw socket, as bytes a server may refuse without answering. */
  raw: boolean;
}

export interface Finding {
  kind: FailureKind;
  detail: string;
}

/**
 * Everything wrong with `answer`: a planted secret in it; a 5xx nobody configured; a 2xx for a protected route
 * without its key; a body not in the service's shape (errors) or the route's (successes); a 413 for a body under
 * the limit; no answer at all to a well-formed request.
 */
export function checkAnswer(answer: Answer, expect: Expectation, request: RequestFacts, judged: Judged): Finding[] {
  const findings: Finding[] = [];
  const target = describeTarget(expect.target);
  if (answer.secretsSeen.length > 0)
    findings.push({ kind: 'secret-leak', detail: `${answer.secretsSeen.join(', ')} in the answer to ${target}` });
  if (answer.outcome === 'gave-up' && !expect.faulted && !request.raw)
    findings.push({ kind: 'unanswered', detail: `no answer from ${target}` });
  if (answer.status === 0) {
    if (answer.outcome === 'closed' && !request.raw && !expect.faulted && !overLimit(expect, judged))
      findings.push({ kind: 'dropped', detail: `the connection closed without an answer (${answer.error ?? 'no error'}) for ${target}` });
    return findings;
  }
  const { status } = answer;
  if (status >= 200 && status < 300) {
    if (needsApiKey(expect.target) && judged.apiKeyConfigured && !request.credentialed)
      findings.push({ kind: 'data-plane-auth-bypass', detail: `${status} for ${request.method} ${target} without a valid credential` });
    if (needsAdminKey(expect.target) && judged.adminKeyConfigured && !request.admin)
      findings.push({ kind: 'control-auth-bypass', detail: `${status} for ${request.method} ${target} without the admin key` });
  }
  if (status >= 500 && !expect.faulted && !(expect.allow500 && status === 500))
    findings.push({ kind: 'server-error', detail: `${status} from ${target}` });
  if (status === 413 && expect.bodyBytes !== undefined && expect.bodyBytes < judged.maxBodyBytes)
    findings.push({
      kind: 'wrong-413',
      detail: `413 for a body of ${expect.bodyBytes} bytes, under the ${judged.maxBodyBytes}-byte limit`,
    });
  if (expect.faulted || answer.outcome === 'left') return findings;
  const problem =
    request.method === 'HEAD'
      ? answer.body.length === 0
        ? undefined
        : 'a HEAD answer with a body'
      : status >= 400
        ? errorShapeProblem(answer, request.bearer)
        : status >= 200 && status < 300
          ? successShapeProblem(expect.target, request.method, answer)
          : `status ${status}`;
  if (problem) findings.push({ kind: 'bad-shape', detail: `${status} from ${target}: ${problem}` });
  const insides = status >= 400 ? insidesShown(answer) : undefined;
  if (insides) findings.push({ kind: 'insides-shown', detail: `${status} from ${target} shows ${insides}` });
  return findings;
}

function overLimit(expect: Expectation, judged: Judged): boolean {
  return expect.bodyBytes === undefined || expect.bodyBytes >= judged.maxBodyBytes;
}
