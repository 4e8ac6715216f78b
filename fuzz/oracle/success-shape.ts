// What a 2xx answer of each route must look like (protocol notes §3-§5, and what the SDKs read).
import type { Answer } from '../send/answer.ts';
import type { Operation, Target } from './expectation.ts';
import { excerpt, isObject, parseJsonBody, utf8 } from './json-body.ts';
import { chunkStreamProblem, responseStreamProblem } from './sse.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** Why a 2xx answer to `target` is not what that route answers, or undefined. */
export function successShapeProblem(target: Target, method: string, answer: Answer): string | undefined {
  if (answer.truncated) return undefined;
  if (method === 'OPTIONS') return undefined;
  const type = answer.headers['content-type'] ?? '';
  switch (target.kind) {
    case 'operation':
      return operationProblem(target.operation, type, answer);
    case 'listing':
      return jsonProblem(answer, (body) => (body.object === 'list' && Array.isArray(body.data) ? undefined : 'not a list'));
    case 'stored-response':
      return jsonProblem(answer, (body) =>
        (body.object === 'response' && typeof body.id === 'string') || (body.object === 'response.deleted' && body.deleted === true)
          ? undefined
          : 'not a response nor a deletion',
      );
    case 'control':
      return jsonProblem(answer, () => undefined);
    case 'healthz':
      return jsonProblem(answer, (body) => (body.status === 'ok' ? undefined : 'no "status": "ok"'));
    case 'metrics':
      return /^text\/plain/.test(type) ? undefined : `metrics with content-type "${type}"`;
    case 'image-file':
      return answer.body.subarray(0, 8).equals(PNG) ? undefined : 'an image file that is not a PNG';
    case 'none':
      return undefined;
  }
}

function operationProblem(operation: Operation, type: string, answer: Answer): string | undefined {
  const text = () => utf8(answer.body) ?? '';
  if (/^text\/event-stream/.test(type)) {
    if (operation === 'chat' || operation === 'completions') return chunkStreamProblem(text());
    if (operation === 'responses') return responseStreamProblem(text());
    return `${operation} answered with a stream`;
  }
  switch (operation) {
    case 'chat':
      return jsonProblem(answer, (body) =>
        body.object === 'chat.completion' && typeof body.id === 'string' && Array.isArray(body.choices)
          ? undefined
          : 'not a chat.completion',
      );
    case 'completions':
      return jsonProblem(answer, (body) =>
        body.object === 'text_completion' && Array.isArray(body.choices) ? undefined : 'not a text_completion',
      );
    case 'embeddings':
      return jsonProblem(answer, (body) =>
        body.object === 'list' &&
        Array.isArray(body.data) &&
        body.data.every((item) => isObject(item) && (Array.isArray(item.embedding) || typeof item.embedding === 'string'))
          ? undefined
          : 'not a list of embeddings',
      );
    case 'images':
      return jsonProblem(answer, (body) =>
        typeof body.created === 'number' && Array.isArray(body.data) ? undefined : 'not an images answer',
      );
    case 'transcriptions':
    case 'translations':
      if (/^text\/plain/.test(type)) return utf8(answer.body) === undefined ? 'a transcript that is not UTF-8' : undefined;
      return jsonProblem(answer, (body) => (typeof body.text === 'string' ? undefined : 'no "text"'));
    case 'speech':
      return /^(audio\/|application\/octet-stream)/.test(type) && answer.bodyBytes > 0
        ? undefined
        : `speech answered with "${type}", ${answer.bodyBytes} bytes`;
    case 'responses':
      return jsonProblem(answer, (body) =>
        body.object === 'response' && typeof body.id === 'string' && Array.isArray(body.output) ? undefined : 'not a response',
      );
  }
}

function jsonProblem(answer: Answer, check: (body: Record<string, unknown>) => string | undefined): string | undefined {
  const type = answer.headers['content-type'] ?? '';
  if (!/^application\/json\b/.test(type)) return `content-type "${type}", not application/json`;
  const parsed = parseJsonBody(answer.body);
  if ('problem' in parsed) return parsed.problem;
  if (!isObject(parsed.value)) return `not a JSON object: ${excerpt(JSON.stringify(parsed.value))}`;
  const problem = check(parsed.value);
  return problem ? `${problem}: ${excerpt(JSON.stringify(parsed.value))}` : undefined;
}
