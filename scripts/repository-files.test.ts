import test from 'ava';
import { existsSync, readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../', import.meta.url));
const read = (path: string) => readFileSync(resolve(REPO, path), 'utf8');

/** The files of this repository a text cites: link targets and `code` that start with a top-level folder, or `../`. */
function citedPaths(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, '');
  const cited = [...prose.matchAll(/\]\(([^)\s#]+)[^)]*\)|`([^`\s]+)`/g)].map((found) => found[1] ?? found[2]!);
  return cited.filter((path) => /^(\.\.\/|(server|client|scenarios|schema|docs|scripts|bench)\/)/.test(path) && !/[*<>${}]/.test(path));
}

test('the README cites only files inside the repository, and each exists', (t) => {
  const paths = citedPaths(read('README.md'));
  t.true(paths.length > 10);
  const outside = paths.filter((path) => !resolve(REPO, path).startsWith(REPO.replace(/[/\\]$/, '') + sep));
  t.deepEqual(outside, [], 'a reader of the repository alone cannot open these');
  // build output (server/dist) is named, not cited
  const missing = paths.filter((path) => !/(^|\/)dist(\/|$)/.test(path) && !existsSync(resolve(REPO, path)));
  t.deepEqual(missing, []);
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
