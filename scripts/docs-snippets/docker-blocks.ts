import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';

/** The image the docs build and run; the test runs the image AOAI_SIM_IMAGE names in its place. */
export const DOCS_IMAGE = 'aoai-sim:dev';

/** A `<!-- needs Docker -->` shell block, as the test runs it. */
export interface DockerBlock {
  /** The block with its `docker build` taken as done and each `docker run` named, published on loopback, on the image. */
  script: string;
  /** The `docker build` commands not run, since the image they tag is built already. */
  builds: string[];
  /** The names given to the block's containers, to remove them whatever happens. */
  containers: string[];
  /** Why the block cannot run as the docs show it. */
  problem?: string;
}

/** Any Docker command a line runs, wherever on the line: only those at its start are understood. */
const DOCKER_COMMAND = /\bdocker(-compose)?\s+(build|run|compose|up|create|start)\b/;
const PUBLISHED_PORT = /(^|\s)(-p|--publish)(\s+|=)(?:[\d.]+:)?\d+:(\d+)(?=\s|$)/g;

/**
 * Rewrites a Docker block so it runs here as the reader types it, yet leaves nothing behind and takes no
 * fixed port: `docker build -t aoai-sim:dev .` is dropped, since that image is built already (CI builds it
 * before the tests, and rebuilding costs minutes); each `docker run` gets a unique `--name` (so it can be
 * removed), its published port becomes `127.0.0.1:<hostPort>`, and `aoai-sim:dev` becomes `image`.
 */
export function dockerBlock(code: string, image: string, hostPort: number): DockerBlock {
  const block: DockerBlock = { script: '', builds: [], containers: [] };
  // a command continued with `\` at the end of a line is one command
  const commands = code.split(/(?<!\\)\n/);
  block.script = commands
    .map((command) => {
      const words = command.replace(/\\\n/g, ' ').trim().split(/\s+/);
      if (words[0] === 'docker' && words[1] === 'build') {
        if (builtAlready(words)) block.builds.push(words.join(' '));
        else
          block.problem ??= `\`${words.join(' ')}\` builds an image: the docs test takes as done only \`docker build [--network host] -t ${DOCS_IMAGE} .\`, the image AOAI_SIM_IMAGE stands in for`;
        return '';
      }
      if (words[0] === 'docker' && words[1] === 'run') {
        const name = `aoai-sim-docs-${process.pid}-${randomBytes(4).toString('hex')}`;
        block.containers.push(name);
        return command
          .replace(/^(\s*docker\s+run)\b/, `$1 --name ${name}`)
          .replace(PUBLISHED_PORT, `$1$2$3127.0.0.1:${hostPort}:$4`)
          .replace(new RegExp(`(?<=\\s)${DOCS_IMAGE.replace(/\./g, '\\.')}(?=\\s|$)`, 'g'), `'${image}'`);
      }
      if (DOCKER_COMMAND.test(command))
        block.problem ??= `\`${DOCKER_COMMAND.exec(command)![0]}\` is not a command the docs test runs: only \`docker build\` and \`docker run\` at the start of a line are; mark the block <!-- not run: why -->`;
      return command;
    })
    .join('\n');
  return block;
}

/** `docker build` with nothing but `--network host` and one tag, the docs' image, from the folder's Dockerfile. */
function builtAlready(words: string[]): boolean {
  const rest = words.slice(2).join(' ');
  return new RegExp(`^(--network[ =]host )?(-t|--tag)[ =]${DOCS_IMAGE.replace(/\./g, '\\.')} (--network[ =]host )?\\.$`).test(rest);
}

const exec = promisify(execFile);
const live = new Set<string>();
let exitHook = false;

/**
 * Remembers the containers a block starts, so they are removed even when the test process ends early: on exit,
 * and on Ctrl-C or a kill, where Node would otherwise end without an exit event (the signal is then raised again).
 */
export function track(containers: string[]): void {
  for (const name of containers) live.add(name);
  if (exitHook || containers.length === 0) return;
  exitHook = true;
  process.once('exit', removeLiveContainers);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.once(signal, () => {
      removeLiveContainers();
      process.kill(process.pid, signal);
    });
}

function removeLiveContainers(): void {
  if (live.size === 0) return;
  try {
    execFileSync('docker', ['rm', '-f', ...live], { stdio: 'ignore', timeout: 20_000 });
  } catch {
    // gone already, or Docker itself is gone
  }
  live.clear();
}

/** `docker rm -f`: stops and removes the containers, whether they run, exited, or were never created. */
export async function removeContainers(containers: string[]): Promise<void> {
  if (containers.length === 0) return;
  await exec('docker', ['rm', '-f', ...containers], { timeout: 30_000 }).catch(() => undefined);
  for (const name of containers) live.delete(name);
}

let imageBuilt: boolean | undefined;
/** Whether AOAI_SIM_IMAGE names an image Docker has: asked once per test process. */
export function dockerImage(): string | undefined {
  const image = process.env.AOAI_SIM_IMAGE;
  if (!image) return undefined;
  if (imageBuilt === undefined) {
    try {
      execFileSync('docker', ['image', 'inspect', image], { stdio: 'ignore', timeout: 20_000 });
      imageBuilt = true;
    } catch {
      imageBuilt = false;
    }
  }
  return imageBuilt ? image : undefined;
}
