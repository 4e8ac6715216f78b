/**
 * The fenced blocks of a Markdown page, with what the HTML comments just above each one say about it. The
 * comments are the docs test's only markers; a reader of the rendered page does not see them.
 *
 *   <!-- not run: REASON -->      not executed (a TypeScript block is still compiled, a scenarios document still checked)
 *   <!-- not checked: REASON -->  neither executed nor compiled nor validated: a fragment, or not a scenarios document
 *   <!-- file: PATH -->           written to PATH in the page's working folder before the blocks after it run
 *   <!-- starts the simulator --> a shell block that runs a simulator in the foreground: the blocks after it talk to it
 *   <!-- output -->               a text block: what the last block run printed; `…` stands for any text
 *   <!-- exit code: N -->         a shell block expected to exit with N (0 otherwise)
 *   <!-- needs Docker -->         run only where Docker answers and AOAI_SIM_IMAGE names a built image, on that image
 *                                 (a shell block: see docker-blocks.ts); elsewhere the blocks after a skipped
 *                                 `starts the simulator` run against the command-line simulator, the same program
 */

export type BlockKind = 'shell' | 'typescript' | 'python' | 'data' | 'text' | 'other';

export interface FencedBlock {
  /** The page, relative to the repository. */
  page: string;
  /** The line of the opening fence, from 1. */
  line: number;
  lang: string;
  kind: BlockKind;
  code: string;
  notRun?: string;
  notChecked?: string;
  writeTo?: string;
  startsSimulator: boolean;
  output: boolean;
  exitCode: number;
  needsDocker: boolean;
}

const KINDS: Record<string, BlockKind> = {
  sh: 'shell',
  bash: 'shell',
  shell: 'shell',
  ts: 'typescript',
  typescript: 'typescript',
  python: 'python',
  py: 'python',
  yaml: 'data',
  yml: 'data',
  json: 'data',
  text: 'text',
  '': 'text',
};

const FENCE = /^(`{3,}|~{3,})\s*([\w+-]*)/;
const COMMENT = /^<!--\s*(.*?)\s*-->$/;

/** Parses the page; a marker it does not know, or a fence it would miss (indented), is a problem, not a guess. */
export function fencedBlocks(page: string, markdown: string): { blocks: FencedBlock[]; problems: string[] } {
  const lines = markdown.split('\n');
  const blocks: FencedBlock[] = [];
  const problems: string[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index]!;
    if (/^\s+(`{3,}|~{3,})/.test(line))
      problems.push(`${page}:${index + 1}: an indented fence: start it at the first column so the docs test sees it`);
    const fence = FENCE.exec(line);
    if (!fence) continue;
    const closing = new RegExp(`^\\${fence[1]![0]}{${fence[1]!.length},}\\s*$`);
    const close = lines.findIndex((candidate, at) => at > index && closing.test(candidate));
    if (close < 0) {
      problems.push(`${page}:${index + 1}: a fence that is never closed`);
      break;
    }
    const lang = fence[2]!.toLowerCase();
    const block: FencedBlock = {
      page,
      line: index + 1,
      lang,
      kind: KINDS[lang] ?? 'other',
      code: lines.slice(index + 1, close).join('\n') + '\n',
      startsSimulator: false,
      output: false,
      exitCode: 0,
      needsDocker: false,
    };
    // prettier puts a blank line between a comment and a fence, and the marker would then silently not apply
    if (index >= 2 && lines[index - 1]!.trim() === '' && COMMENT.test(lines[index - 2]!))
      problems.push(`${page}:${index - 1}: a blank line between a marker and its fence: the marker would not apply`);
    for (let above = index - 1; above >= 0 && COMMENT.test(lines[above]!); above--) {
      const problem = applyMarker(block, COMMENT.exec(lines[above]!)![1]!);
      if (problem) problems.push(`${page}:${above + 1}: ${problem}`);
    }
    blocks.push(block);
    index = close;
  }
  return { blocks, problems };
}

function applyMarker(block: FencedBlock, marker: string): string | undefined {
  const [, name, value] = /^([a-zA-Z ]+?)\s*(?::\s*(.*))?$/.exec(marker) ?? [];
  switch (name) {
    case 'not run':
      block.notRun = value || 'no reason given';
      return value ? undefined : '"not run" needs a reason';
    case 'not checked':
      block.notChecked = value || 'no reason given';
      return value ? undefined : '"not checked" needs a reason';
    case 'file':
      block.writeTo = value;
      return value ? undefined : '"file" needs a path';
    case 'starts the simulator':
      block.startsSimulator = true;
      return block.kind === 'shell' ? undefined : '"starts the simulator" is for shell blocks';
    case 'output':
      block.output = true;
      return block.kind === 'text' ? undefined : '"output" is for text blocks';
    case 'exit code':
      block.exitCode = Number(value);
      return Number.isInteger(block.exitCode) ? undefined : '"exit code" needs a number';
    case 'needs Docker':
      block.needsDocker = true;
      return undefined;
    default:
      return `"${marker}" is not a docs-test marker (see scripts/docs-snippets/fenced-blocks.ts)`;
  }
}

/**
 * Whether `actual` is what `expected` shows, where `…` in `expected` stands for any text (on one line or
 * across lines); trailing white space and carriage returns (HTTP headers end in them) do not count, as a
 * terminal shows neither.
 */
export function outputMatches(expected: string, actual: string): boolean {
  const pattern = expected
    .trimEnd()
    .split('…')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[\\s\\S]*?');
  return new RegExp(`^${pattern}$`).test(actual.replace(/\r\n/g, '\n').trimEnd());
}
