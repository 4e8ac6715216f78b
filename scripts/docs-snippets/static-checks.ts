import { basename, join } from 'node:path';
import { formatIssue, loadScenarios } from 'aoai-sim';
import type { FencedBlock } from './fenced-blocks.ts';
import { runScript } from './shell-process.ts';
import type { Workspace } from './workspace.ts';

/** The values a scenarios document in the docs may read from the environment (`${NAME}`), as a reader would set them. */
const DOCS_ENV: NodeJS.ProcessEnv = {
  AZURE_OPENAI_ENDPOINT: 'https://my-resource.openai.azure.com',
  AZURE_OPENAI_KEY: 'docs-upstream-key',
};

/** Where a block lives in the working folder: the file it names, or one named after its line. */
export function blockPath(block: FencedBlock, extension: string): string {
  return block.writeTo ?? `block-${block.line}.${extension}`;
}

/** A YAML or JSON block, loaded as `aoai-sim validate` loads a file: the schema, includes, templates, regexes. */
export async function checkScenariosDocument(block: FencedBlock, workspace: Workspace): Promise<string | undefined> {
  const file = await workspace.write(blockPath(block, block.lang === 'json' ? 'json' : 'yaml'), block.code);
  try {
    await loadScenarios(file, { env: DOCS_ENV, cwd: workspace.dir });
    return undefined;
  } catch (error) {
    const issues = (error as { issues?: Parameters<typeof formatIssue>[0][] }).issues;
    const why = issues ? issues.map(formatIssue).join('\n') : (error as Error).message;
    return `${block.page}:${block.line}: the scenarios document is not valid:\n${why}`;
  }
}

/**
 * Type-checks a page's TypeScript blocks in one program, strict, with the repository's settings: 'aoai-sim' and
 * '@aoai-sim/client' resolve to the workspaces' sources through the `aoai-sim-source` condition, as the
 * repository's own tests resolve them. Returns tsc's complaints, each pointed at its block's line in the page.
 */
export async function compileTypeScript(blocks: FencedBlock[], workspace: Workspace, repo: string): Promise<string[]> {
  const files = new Map<string, FencedBlock>();
  for (const block of blocks) files.set(await workspace.write(blockPath(block, 'ts'), block.code), block);
  if (files.size === 0) return [];
  const config = { extends: join(repo, 'tsconfig.json'), include: [...files.keys()] };
  await workspace.write('tsconfig.docs.json', JSON.stringify(config, null, 2));
  const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = await runScript(`"${process.execPath}" "${tsc}" -p tsconfig.docs.json --pretty false`, {
    cwd: workspace.dir,
    env: process.env,
    timeoutMs: 120_000,
  });
  if (result.code === 0) return [];
  let output = result.output;
  for (const [file, block] of files) output = output.split(basename(file)).join(`${block.page}:${block.line} (${basename(file)})`);
  return [`tsc failed (exit ${result.code}${result.timedOut ? ', timed out' : ''}):\n${output}`];
}
