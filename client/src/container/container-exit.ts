import { ConfigError, type ConfigIssue } from '../config-error.ts';
import { AoaiSimStartError } from './start-failure.ts';

/** How Testcontainers says the container stopped before /healthz answered (Wait.forHttp with abortOnContainerExit). */
const EXITED = /^Container exited during HTTP healthCheck, last \d+ logs: ?/;

/** A line the simulator prints for a problem in its scenarios: `file[:line:col]: [/pointer ]message`. */
const ISSUE_LINE = /^(?<file>\S+\.(?:ya?ml|json))(?::(?<line>\d+):(?<col>\d+))?: (?:(?<pointer>\/\S*) )?(?<message>.+)$/;

/**
 * A container that exited before it was ready, as the error that says why: a ConfigError when it refused its
 * scenarios (each problem as the simulator printed it, its file named as the caller knows it, or `scenarios`
 * with no line for an object the caller gave), else an AoaiSimStartError with what the container printed.
 * Undefined for any other failure. Pure.
 */
export function explainContainerExit(error: unknown, image: string, localFile: (file: string) => string | undefined): Error | undefined {
  const text = error instanceof Error ? error.message : String(error);
  if (!EXITED.test(text)) return undefined;
  const output = text.replace(EXITED, '').trim();
  const issues = output.split('\n').flatMap((line): ConfigIssue[] => {
    const found = ISSUE_LINE.exec(line.trim())?.groups;
    if (!found) return [];
    const file = localFile(found.file!);
    return [
      {
        file: file ?? 'scenarios',
        ...(found.line && file !== undefined ? { line: Number(found.line), col: Number(found.col) } : {}),
        ...(found.pointer !== undefined ? { pointer: found.pointer } : {}),
        message: found.message!,
      },
    ];
  });
  if (issues.length > 0) return new ConfigError(issues);
  return new AoaiSimStartError(
    'container-exited',
    image,
    `aoai-sim: the container ${image} exited before it was ready; it said:\n${output}`,
    error,
  );
}
