import test from 'ava';
import GithubSlugger from 'github-slugger';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const read = (path: string) => readFileSync(resolve(REPO, path), 'utf8');
const PAGES = [
  'README.md',
  ...readdirSync(resolve(REPO, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** The page without its fenced blocks, whose text is code or output, not citations. */
const prose = (markdown: string) => markdown.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1\s*$/gm, '');

interface Citation {
  page: string;
  /** As written. */
  text: string;
  /** The file, relative to the repository. */
  path: string;
  anchor?: string;
}

/**
 * What a page cites of this repository: relative link targets (from the page's folder), and `code` naming a
 * path under a top-level folder (from the repository's root, as the docs write source paths).
 */
function citations(page: string): Citation[] {
  const text = prose(read(page));
  const found: Citation[] = [];
  for (const [, target] of text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    if (/^[a-z][a-z+.-]*:/i.test(target!)) continue;
    const [file, anchor] = target!.split('#') as [string, string | undefined];
    const path = file === '' ? page : relative(REPO, resolve(REPO, dirname(page), file));
    found.push({ page, text: target!, path, ...(anchor === undefined ? {} : { anchor }) });
  }
  for (const [, code] of text.matchAll(/`([^`\s]+)`/g)) {
    if (/^(\.\.\/|\.ci\/|(server|client|scenarios|schema|docs|scripts|bench|fuzz)\/)/.test(code!) && !/[*<>${}]/.test(code!)) {
      found.push({ page, text: code!, path: relative(REPO, resolve(REPO, code!)) });
    }
  }
  return found;
}

/** The anchors GitHub gives a page's headings. */
function anchors(path: string): Set<string> {
  const slugger = new GithubSlugger();
  const headings = [...prose(read(path)).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)];
  return new Set(headings.map(([, heading]) => slugger.slug(heading!)));
}

test('the README and the guides cite only files inside the repository, and each exists', (t) => {
  const cited = PAGES.flatMap(citations);
  t.true(cited.length > 50);
  const outside = cited.filter(({ path }) => path.startsWith('..') || path.startsWith(sep));
  t.deepEqual(
    outside.map(({ page, text }) => `${page}: ${text}`),
    [],
    'a reader of the repository alone cannot open these',
  );
  // build output (server/dist) is named, not cited
  const missing = cited.filter(({ path }) => !/(^|\/)dist(\/|$)/.test(path) && !existsSync(resolve(REPO, path)));
  t.deepEqual(
    missing.map(({ page, text }) => `${page}: ${text}`),
    [],
  );
});

test('every anchor the README and the guides link to is a heading of its page', (t) => {
  const linked = PAGES.flatMap(citations).filter(({ anchor, path }) => anchor !== undefined && path.endsWith('.md'));
  t.true(linked.length > 10);
  const broken = linked.filter(({ path, anchor }) => existsSync(resolve(REPO, path)) && !anchors(path).has(anchor!));
  t.deepEqual(
    broken.map(({ page, text }) => `${page}: ${text}`),
    [],
  );
});

test('the README is a front door: short, linking every guide and every example', (t) => {
  const readme = read('README.md');
  const lines = readme.split('\n').length;
  t.true(lines <= 300, `the README has ${lines} lines: move detail into a guide under docs/`);
  const linked = new Set(citations('README.md').map(({ path }) => path));
  const guides = PAGES.filter((page) => page.startsWith('docs/'));
  t.deepEqual(
    guides.filter((guide) => !linked.has(guide)),
    [],
    'guides the README does not link to',
  );
  const examples = readdirSync(resolve(REPO, 'scenarios/examples')).filter((name) =>
    statSync(resolve(REPO, 'scenarios/examples', name)).isFile(),
  );
  t.true(examples.length >= 10);
  t.deepEqual(
    examples.filter((name) => !linked.has(`scenarios/examples/${name}`)),
    [],
    "examples missing from the README's table",
  );
});

test('the LICENSE is the MIT license the README and every package declare', (t) => {
  t.true(existsSync(resolve(REPO, 'LICENSE')), 'no LICENSE file at the top level');
  const license = read('LICENSE');
  t.regex(license, /^MIT License\n\nCopyright \(c\) \d{4} aoai-sim contributors\n/);
  t.regex(license, /THE SOFTWARE IS PROVIDED "AS IS"/);
  for (const manifest of ['server/package.json', 'client/package.json']) {
    t.is((JSON.parse(read(manifest)) as { license?: string }).license, 'MIT', manifest);
  }
  t.regex(read('README.md'), /## License\n\nMIT\b/);
});
