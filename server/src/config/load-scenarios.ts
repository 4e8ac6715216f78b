import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { displayPath } from '../paths.ts';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { Scenarios } from '../generated/scenarios.ts';
import { ConfigError, type ConfigIssue } from './config-error.ts';
import type { PathSegment } from './pointer.ts';
import type { TemplateLimits } from '../scenarios/templates.ts';
import { resolveTemplateLimits } from './resolve-config.ts';
import { checkedSource } from './scenario-problems.ts';
import { spilloverProblems } from './deployment-links.ts';
import { templateProblems } from './semantic-checks.ts';
import { YamlSource } from './yaml-source.ts';

/** Scenarios merged from a file and everything it includes. */
export interface LoadedScenarios {
  scenarios: Scenarios;
  /** The file loading started from, as given. */
  root: string;
  /** Every file read, as real absolute paths, the root first: what a watcher watches. */
  files: string[];
}

export interface LoadOptions {
  env?: NodeJS.ProcessEnv;
  /** Paths in messages are shown relative to this directory. */
  cwd?: string;
}

interface LoadedFile {
  path: string;
  source: YamlSource;
  data: Scenarios;
}

/** Where an include came from, so that its problems point at the include line. */
interface IncludeSite {
  source: YamlSource;
  path: PathSegment[];
}

/**
 * Reads a scenarios file and its includes, validates each against the schema and merges them.
 * Throws a ConfigError listing every problem found, each as `file:line:col: /pointer message`.
 */
export async function loadScenarios(file: string, options: LoadOptions = {}): Promise<LoadedScenarios> {
  const loader = new Loader(options.env ?? process.env, options.cwd ?? process.cwd());
  await loader.load(resolve(loader.cwd, file), []);
  const scenarios = loader.merge();
  loader.checkTemplates(resolveTemplateLimits(scenarios.templates));
  loader.checkSpillover(scenarios);
  if (loader.issues.length > 0) throw new ConfigError(sortIssues(loader.issues));
  return { scenarios, root: file, files: loader.files.map((loaded) => loaded.path) };
}

class Loader {
  readonly issues: ConfigIssue[] = [];
  readonly files: LoadedFile[] = [];
  private readonly seen = new Set<string>();
  private readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;

  constructor(env: NodeJS.ProcessEnv, cwd: string) {
    this.env = env;
    this.cwd = cwd;
  }

  private display(path: string): string {
    return displayPath(this.cwd, path);
  }

  private fail(site: IncludeSite | undefined, file: string, message: string): void {
    this.issues.push(site ? site.source.issue(site.path, message) : { file: this.display(file), message });
  }

  async load(path: string, stack: string[], site?: IncludeSite): Promise<void> {
    let real: string;
    let text: string;
    try {
      real = await realpath(path);
      if ((await stat(real)).isDirectory()) {
        return this.fail(
          site,
          path,
          `${this.display(path)} is a directory; include the files in it with a glob such as "${this.display(path)}/*.yaml"`,
        );
      }
      if (stack.includes(real)) {
        const cycle = [...stack.slice(stack.indexOf(real)), real].map((file) => this.display(file));
        return this.fail(site, path, `include cycle: ${cycle.join(' → ')}`);
      }
      if (this.seen.has(real)) return; // included twice through different files: read once
      this.seen.add(real);
      text = await readFile(real, 'utf8');
    } catch (error) {
      return this.fail(site, path, `cannot read ${this.display(path)}: ${describeFsError(error)}`);
    }

    const { source, issues } = YamlSource.parse(this.display(real), text);
    if (issues.length > 0) return void this.issues.push(...issues);
    const { data, issues: found } = checkedSource(source, this.env, { deferTemplates: true });
    this.issues.push(...found);
    this.files.push({ path: real, source, data });

    const includes = Array.isArray(data.include) ? data.include : [];
    for (const [i, pattern] of includes.entries()) {
      if (typeof pattern !== 'string') continue;
      const includeSite = { source, path: ['include', i] };
      for (const target of await this.expand(pattern, dirname(real), includeSite)) {
        await this.load(target, [...stack, real], includeSite);
      }
    }
  }

  /** Every file's templates, against the limits of the merged `templates` section, wherever it was set. */
  checkTemplates(limits: TemplateLimits): void {
    for (const { source, data } of this.files) {
      for (const problem of templateProblems(data, limits)) this.issues.push(source.issue(problem.path, problem.message, problem));
    }
  }

  /** Every file's spillover deployments, against the merged deployments, wherever they were defined. */
  checkSpillover(merged: Scenarios): void {
    for (const { source, data } of this.files) {
      if (!isRecord(data.deployments)) continue;
      for (const problem of spilloverProblems(data.deployments, merged.deployments ?? {})) {
        this.issues.push(source.issue(problem.path, problem.message, problem));
      }
    }
  }

  /** The files an include names: one path, or every match of a glob, sorted. */
  private async expand(pattern: string, base: string, site: IncludeSite): Promise<string[]> {
    if (!isDynamicPattern(pattern)) return [resolve(base, pattern)];
    const matches = await glob(pattern, { cwd: base, absolute: true, onlyFiles: true, expandDirectories: false });
    if (matches.length === 0) this.fail(site, base, `"${pattern}" matches no file (relative to ${this.display(base) || '.'})`);
    return matches.sort();
  }

  /**
   * One Scenarios from all files: the root's rules first, then each include's in order; names must be unique.
   * Runs on files with problems too (skipping what is malformed), so a duplicate is reported with the rest.
   */
  merge(): Scenarios {
    const merged: Scenarios = {};
    const defined = new Map<string, { file: LoadedFile; path: PathSegment[] }>();
    const define = (kind: string, name: string, file: LoadedFile, path: PathSegment[]): boolean => {
      const key = `${kind}\u0000${name}`;
      const earlier = defined.get(key);
      if (earlier) {
        const there = earlier.file.source.where(earlier.path, { atKey: true });
        this.issues.push(file.source.issue(path, `${kind} "${name}" is defined twice: here and at ${there}`, { atKey: true }));
        return false;
      }
      defined.set(key, { file, path });
      return true;
    };

    for (const file of this.files) {
      const { data } = file;
      for (const section of ['server', 'templates', 'replay', 'record', 'webhooks'] as const) {
        if (data[section] !== undefined && define('section', section, file, [section])) {
          merged[section] = data[section] as never;
        }
      }
      for (const [name, deployment] of Object.entries(isRecord(data.deployments) ? data.deployments : {})) {
        if (define('deployment', name, file, ['deployments', name])) (merged.deployments ??= {})[name] = deployment;
      }
      for (const [name, resource] of Object.entries(isRecord(data.resources) ? data.resources : {})) {
        if (define('resource', name, file, ['resources', name])) (merged.resources ??= {})[name] = resource;
      }
      for (const section of ['scenarios', 'faults', 'incidents'] as const) {
        const kind = { scenarios: 'scenario rule', faults: 'fault', incidents: 'incident' }[section];
        const items: unknown[] = Array.isArray(data[section]) ? data[section] : [];
        items.forEach((item, i) => {
          const name = isRecord(item) && typeof item.name === 'string' ? item.name : undefined;
          if (name === undefined || define(kind, name, file, [section, i, 'name'])) ((merged[section] ??= []) as unknown[]).push(item);
        });
      }
      const base = dirname(file.path);
      if (Array.isArray(data.replay?.cassettes))
        merged.replay = { ...data.replay, cassettes: data.replay.cassettes.map((dir) => resolve(base, dir)) };
      if (typeof data.record?.dir === 'string') merged.record = { ...data.record, dir: resolve(base, data.record.dir) };
      // the Files API's directory, like record.dir, is where the file that names it says
      if (typeof data.server?.files?.dir === 'string' && merged.server === data.server)
        merged.server = { ...data.server, files: { ...data.server.files, dir: resolve(base, data.server.files.dir) } };
    }
    return merged;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return (error as Error).message;
}

function sortIssues(issues: ConfigIssue[]): ConfigIssue[] {
  return issues
    .map((issue, order) => ({ issue, order }))
    .sort((a, b) => {
      if (a.issue.file !== b.issue.file) return a.order - b.order;
      return (a.issue.line ?? 0) - (b.issue.line ?? 0) || (a.issue.col ?? 0) - (b.issue.col ?? 0) || a.order - b.order;
    })
    .map(({ issue }) => issue);
}
