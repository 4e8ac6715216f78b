import test from 'ava';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = fileURLToPath(new URL('..', import.meta.url));
/** The clock module, the one place that reads the process's clocks. */
const CLOCK_DIR = 'clock';

/** Reads of the process's clocks. */
const READS: ReadonlyArray<[string, RegExp]> = [
  ['Date.now', /\bDate\.now\b/],
  ['new Date()', /\bnew Date\(\s*\)/],
  ['Date()', /(?<![\w.$]|new\s+)Date\(\s*\)/],
  ['performance.now', /\bperformance\.now\b/],
  ['performance.timeOrigin', /\bperformance\.timeOrigin\b/],
  ['process.hrtime', /\bprocess\.hrtime\b/],
  ['process.uptime', /\bprocess\.uptime\b/],
  ['Temporal.Now', /\bTemporal\.Now\b/],
];

/**
 * Node's timers used as a clock. One on the network's or the file system's time (a socket's linger, a shutdown
 * grace period, a debounce) is allowed where a comment on its line or the line before says `real time`.
 */
const TIMERS: ReadonlyArray<[string, RegExp]> = [
  ['setTimeout', /(?<![\w.$])setTimeout\s*\(/],
  ['setInterval', /(?<![\w.$])setInterval\s*\(/],
  ["node:timers' setTimeout or setInterval", /\b(setTimeout|setInterval|scheduler)\b[^;]*from\s+['"]node:timers(\/promises)?['"]/],
];

/** Every source file of the server but tests, test support and generated code. */
function sourceFiles(dir = SRC): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['test-support', 'generated', CLOCK_DIR].includes(relative(SRC, path))) files.push(...sourceFiles(path));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      files.push(path);
    }
  }
  return files;
}

/** The code of a line: without a line comment, or the text of a block comment (`/* … *\/`, JSDoc). */
function codeOf(line: string, inBlock: { open: boolean }): string {
  let code = '';
  let rest = line;
  while (rest.length > 0) {
    if (inBlock.open) {
      const end = rest.indexOf('*/');
      if (end === -1) return code;
      inBlock.open = false;
      rest = rest.slice(end + 2);
      continue;
    }
    const block = rest.indexOf('/*');
    const comment = rest.search(/(?<![:'"`\\])\/\//);
    if (comment !== -1 && (block === -1 || comment < block)) return code + rest.slice(0, comment);
    if (block === -1) return code + rest;
    code += rest.slice(0, block);
    inBlock.open = true;
    rest = rest.slice(block + 2);
  }
  return code;
}

/** `file:line: what` for each direct read of the process's clocks in `text`. */
function directClockReads(file: string, text: string): string[] {
  const found: string[] = [];
  const lines = text.split('\n');
  const inBlock = { open: false };
  lines.forEach((line, i) => {
    const code = codeOf(line, inBlock);
    for (const [name, pattern] of READS) if (pattern.test(code)) found.push(`${file}:${i + 1}: ${name}`);
    const realTime = /real time/i.test(line) || /real time/i.test(lines[i - 1] ?? '');
    for (const [name, pattern] of TIMERS) if (pattern.test(code) && !realTime) found.push(`${file}:${i + 1}: ${name}`);
  });
  return found;
}

test('no source file outside server/src/clock reads the time or sets a timer as a clock, but through a Clock', (t) => {
  const files = sourceFiles();
  t.true(files.length > 100, 'the walk found the sources');
  const found = files.flatMap((file) => directClockReads(relative(SRC, file), readFileSync(file, 'utf8')));
  t.deepEqual(found, [], `read the time from a Clock (server/src/clock) instead:\n${found.join('\n')}`);
});

test('the check finds each kind of read, and not one named in a comment', (t) => {
  const text = [
    'const a = Date.now();',
    'const b = new Date().toISOString();',
    'const c = performance.now() - start;',
    'const d = process.hrtime.bigint();',
    'const fn: () => number = Date.now;',
    'const f = Date();',
    'setTimeout(done, ms);',
    "import { setTimeout as sleep } from 'node:timers/promises';",
    '// Date.now() in a comment',
    '/** performance.now() in a doc comment */',
    'const e = new Date(time).toISOString(); // new Date(epochMs) is not a read',
    'clock.setTimeout(done, ms);',
    '// real time: a socket linger',
    'setTimeout(() => socket.destroy(), 2000);',
  ].join('\n');
  t.deepEqual(directClockReads('x.ts', text), [
    'x.ts:1: Date.now',
    'x.ts:2: new Date()',
    'x.ts:3: performance.now',
    'x.ts:4: process.hrtime',
    'x.ts:5: Date.now',
    'x.ts:6: Date()',
    'x.ts:7: setTimeout',
    "x.ts:8: node:timers' setTimeout or setInterval",
  ]);
});
