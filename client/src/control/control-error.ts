import type { ControlIssue } from './types.ts';

/**
 * A control-API call that failed: the HTTP status (0 when the simulator could not be reached), the error code
 * of the body (`InvalidControlRequest`, `AdminKeyRequired`…) and, for refused scenarios, every problem found.
 * The message carries all of them, so a failing test shows why without a debugger.
 *
 * @example
 *   try {
 *     await control.setScenarios({ deployments: { chat: { model: 5 as never } } });
 *   } catch (error) {
 *     if (error instanceof AoaiSimControlError) console.log(error.status, error.issues.map((issue) => issue.text));
 *     // 400 [ 'request body: /deployments/chat/model must be string, not integer' ]
 *   }
 */
export class AoaiSimControlError extends Error {
  readonly status: number;
  readonly code: string;
  readonly issues: readonly ControlIssue[];
  /** The call that failed, e.g. `PUT /__sim/scenarios`. */
  readonly call: string;

  constructor(call: string, status: number, code: string, detail: string, issues: readonly ControlIssue[] = [], options?: ErrorOptions) {
    // the gateway's own errors use the status as their code: saying it twice helps no one
    const label = code === String(status) ? `${status}` : `${status === 0 ? 'no answer' : status} ${code}`;
    const head = `${call} failed: ${label}: ${detail}`;
    super(issues.length === 0 ? head : `${head}\n${issues.map((issue) => `  - ${issue.text}`).join('\n')}`, options);
    this.name = 'AoaiSimControlError';
    this.status = status;
    this.code = code;
    this.issues = issues;
    this.call = call;
  }
}

/**
 * The error for a call the server answered with `status` and `text`. Reads the control API's own errors
 * (`{"error":{"code","message","issues"}}`) and copes with anything else that may answer instead, such as a
 * proxy's HTML page or the gateway's bearer 401, which has no `error` wrapper.
 *
 * @example
 *   throw controlErrorFrom('GET /__sim/config', 401, '{"error":{"code":"AdminKeyRequired","message":"…"}}');
 */
export function controlErrorFrom(call: string, status: number, text: string): AoaiSimControlError {
  const body = parsed(text);
  const error = record(body?.error) ?? body ?? {};
  const code = typeof error.code === 'string' || typeof error.code === 'number' ? String(error.code) : `HTTP${status}`;
  const message = typeof error.message === 'string' ? error.message : text.trim().slice(0, 300) || '(empty body)';
  const issues = Array.isArray(error.issues)
    ? error.issues.filter((issue): issue is ControlIssue => typeof record(issue)?.text === 'string')
    : [];
  return new AoaiSimControlError(call, status, code, message, issues);
}

function parsed(text: string): Record<string, unknown> | undefined {
  try {
    return record(JSON.parse(text));
  } catch {
    return undefined;
  }
}

function record(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}
