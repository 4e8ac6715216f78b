// The service's error answers (/work/shared/docs/aoai-protocol.md §2 and §6, server/src/http/aoai-error.ts).
import type { Answer } from '../send/answer.ts';
import { excerpt, isObject, parseJsonBody, utf8 } from './json-body.ts';

/** Where a body gives away the simulator's insides: a stack frame, Node's internals, a source path. */
const INSIDES = /\bat (?:[\w$.<>[\] ]+ \()?(?:file:\/\/|node:|\/)[^\s"'()]+:\d+:\d+|node:internal|\/server\/src\/|\.[jt]s:\d+:\d+/;

/**
 * Why `answer` (a 4xx or 5xx) is not in the service's shape, or undefined when it is: JSON whose `error` object has a
 * non-empty `message` and a `code` (a string, or null as the OpenAI shape allows). The bearer 401 is the one
 * answer without the wrapper: `{"statusCode": 401, "message": …}`.
 */
export function errorShapeProblem(answer: Answer, bearer: boolean): string | undefined {
  const type = answer.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) {
    const body = utf8(answer.body) ?? '(not UTF-8)';
    return `a ${answer.status} with content-type "${type || 'none'}" and body "${excerpt(body, 80)}", not the service's JSON error`;
  }
  const parsed = parseJsonBody(answer.body);
  if ('problem' in parsed) return parsed.problem;
  const body = parsed.value;
  if (bearer && answer.status === 401 && isObject(body) && body.statusCode === 401 && typeof body.message === 'string') return undefined;
  if (!isObject(body) || !isObject(body.error)) return `no "error" object: ${excerpt(JSON.stringify(body))}`;
  const { message, code } = body.error;
  if (typeof message !== 'string' || message === '') return `"error.message" is not a non-empty string: ${excerpt(JSON.stringify(body))}`;
  if (!('code' in body.error) || (typeof code !== 'string' && code !== null))
    return `"error.code" is missing or not a string: ${excerpt(JSON.stringify(body))}`;
  return undefined;
}

/** A stack trace or source path in an answer's body, or undefined. */
export function insidesShown(answer: Answer): string | undefined {
  const text = answer.body.subarray(0, 64 * 1024).toString('utf8');
  const found = INSIDES.exec(text);
  return found ? excerpt(text.slice(Math.max(0, found.index - 60), found.index + 100)) : undefined;
}
