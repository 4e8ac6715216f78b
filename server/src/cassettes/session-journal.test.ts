import test from 'ava';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempTree } from '../test-support/temp-tree.ts';
import { CassetteError } from './cassette-error.ts';
import { readCassette } from './cassette-file.ts';
import { chatInteraction, chatRequest } from './fixtures.ts';
import { loadCassettes } from './load-cassettes.ts';
import { appendInteraction, compactRecordings, recoverRecordings } from './session-journal.ts';

const question = (interaction: { request: { body: Record<string, unknown> } }) =>
  (interaction.request.body.messages as { content: string }[])[0]!.content;

/** Runs `code` (a module body with appendInteraction, compactRecordings and the fixtures in scope) in a child process. */
async function child(dir: string, code: string) {
  const script = join(dir, `child-${Math.random().toString(36).slice(2)}.ts`);
  const module = (name: string) => JSON.stringify(fileURLToPath(new URL(name, import.meta.url)));
  await writeFile(
    script,
    `import { appendInteraction, compactRecordings } from ${module('./session-journal.ts')};
     import { chatInteraction, chatRequest } from ${module('./fixtures.ts')};
     ${code}`,
  );
  return spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'inherit'] });
}

test('appends create the session file, keep order and lose nothing when concurrent; closing folds them in', async (t) => {
  const dir = await tempTree(t, {});
  const path = join(dir, 'checkout flow.json');
  await Promise.all(Array.from({ length: 20 }, (_, i) => appendInteraction(path, chatInteraction(chatRequest(`q${i}`), `a${i}`))));
  t.is((await readCassette(path)).interactions.length, 0, 'the cassette is written once the session is closed');
  const { index } = await loadCassettes([dir]);
  t.is(index.size, 20, 'but replay reads the journal meanwhile');
  await compactRecordings(dir);
  const written = await readCassette(path);
  t.is(written.name, 'checkout flow');
  t.deepEqual(
    written.interactions.map(question),
    Array.from({ length: 20 }, (_, i) => `q${i}`),
  );
  t.deepEqual(await readdir(dir), ['checkout flow.json'], 'no journal or temporary file is left');
  await appendInteraction(path, chatInteraction(chatRequest('q20'), 'a20'));
  await compactRecordings(dir);
  t.is((await readCassette(path)).interactions.length, 21, 'a session goes on after a compaction');
});

test('sessions keep no file open between appends: thousands of test ids cannot exhaust file descriptors', async (t) => {
  const openFiles = async () => (await readdir('/proc/self/fd').catch(() => [])).length;
  const dir = await tempTree(t, {});
  const before = await openFiles();
  for (let i = 0; i < 500; i++) await appendInteraction(join(dir, `test-${i}.json`), chatInteraction(chatRequest(`q${i}`), `a${i}`));
  const during = await openFiles();
  await compactRecordings(dir);
  t.true(during - before < 100, `${during - before} more files open after 500 sessions`);
  t.is((await readCassette(join(dir, 'test-499.json'))).interactions.length, 1);
});

test('an append to an invalid file fails and leaves it as it was', async (t) => {
  const dir = await tempTree(t, { 'c.yaml': 'version: 1\nname: x\n' });
  await t.throwsAsync(appendInteraction(join(dir, 'c.yaml'), chatInteraction(chatRequest('Hi'), 'Hello')), { instanceOf: CassetteError });
  t.is(await readFile(join(dir, 'c.yaml'), 'utf8'), 'version: 1\nname: x\n');
});

test('an append costs the same at any session size: it reads nothing and writes one line', async (t) => {
  if (!(await readFile('/proc/self/io', 'utf8').catch(() => undefined))) return t.pass('no /proc/self/io to count bytes with');
  const dir = await tempTree(t, {});
  // the child counts the bytes it reads and writes (Linux's rchar and wchar) over ten appends, early and late
  const recorder = await child(
    dir,
    `import { readFileSync } from 'node:fs';
     const io = () => Object.fromEntries(readFileSync('/proc/self/io', 'utf8').trim().split('\\n').map((line) => line.split(': ')).map(([k, v]) => [k, Number(v)]));
     const answer = 'word '.repeat(200);
     const path = ${JSON.stringify(join(dir, 'session.json'))};
     const costs = [];
     for (let i = 0; i < 600; i++) {
       if (i === 10 || i === 589) costs.push(io());
       if (i === 20 || i === 600 - 1) costs.push(io());
       await appendInteraction(path, chatInteraction(chatRequest('question ' + i), answer));
     }
     const [a, b, c, d] = costs;
     console.log(JSON.stringify({ early: { read: b.rchar - a.rchar, written: b.wchar - a.wchar }, late: { read: d.rchar - c.rchar, written: d.wchar - c.wchar } }));
     await compactRecordings();`,
  );
  let out = '';
  recorder.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await once(recorder, 'exit');
  const { early, late } = JSON.parse(out) as Record<'early' | 'late', { read: number; written: number }>;
  t.log(`bytes per 10 appends: early ${JSON.stringify(early)}, late ${JSON.stringify(late)}`);
  // 580 interactions of ~1.5 KB later, a rewrite would read and write ~900 KB per append
  t.true(late.written < early.written * 1.5 + 4096, `written: ${early.written} early, ${late.written} late`);
  t.true(late.read < early.read * 1.5 + 4096, `read: ${early.read} early, ${late.read} late`);
  t.is((await readCassette(join(dir, 'session.json'))).interactions.length, 600);
});

test('a recorder killed with SIGKILL loses nothing it finished: replay reads its journal, the next start folds it in', async (t) => {
  const dir = await tempTree(t, {});
  const path = join(dir, 'session.yaml');
  // a large answer makes each append long enough that the kill may land inside one
  const recorder = await child(
    dir,
    `const answer = 'word '.repeat(1000);
     for (let i = 0; ; i++) {
       await appendInteraction(${JSON.stringify(path)}, chatInteraction(chatRequest('q' + i), answer, i % 2 === 0));
       console.log(i);
     }`,
  );
  let finished = -1;
  recorder.stdout.on('data', (chunk: Buffer) => (finished = Math.max(finished, ...chunk.toString().trim().split('\n').map(Number))));
  for (let waited = 0; finished < 5 && waited < 200; waited++) await new Promise((resolve) => setTimeout(resolve, 50));
  recorder.kill('SIGKILL');
  await once(recorder, 'exit');
  t.true(finished >= 5, 'the recorder got going');

  const { index } = await loadCassettes([dir]);
  t.true(index.size >= finished + 1, `replay reads every finished append (${index.size} of ${finished + 1})`);
  await recoverRecordings(dir);
  const recovered = await readCassette(path);
  t.true(recovered.interactions.length >= finished + 1);
  t.deepEqual(
    recovered.interactions.map(question),
    recovered.interactions.map((_, i) => `q${i}`),
    'in order, each once',
  );
  t.deepEqual(
    (await readdir(dir)).filter((name) => name.startsWith('.')),
    [],
    'no journal or temporary file is left',
  );
  await recoverRecordings(dir);
  t.is((await readCassette(path)).interactions.length, recovered.interactions.length, 'recovering again adds nothing');
});

test('recovery while this process records (a reload) leaves its journal alone, whatever the path it is given', async (t) => {
  const dir = await tempTree(t, {});
  const path = join(dir, 'live.yaml');
  await appendInteraction(path, chatInteraction(chatRequest('q0'), 'a0'));
  await Promise.all([recoverRecordings(relative(process.cwd(), dir)), appendInteraction(path, chatInteraction(chatRequest('q1'), 'a1'))]);
  await appendInteraction(path, chatInteraction(chatRequest('q2'), 'a2'));
  await compactRecordings(dir);
  t.deepEqual((await readCassette(path)).interactions.map(question), ['q0', 'q1', 'q2']);
});

test('recovery removes the temporary files of dead processes and folds their journals in, but leaves live ones', async (t) => {
  const finished = spawn(process.execPath, ['-e', '0']);
  await once(finished, 'exit');
  const dead = finished.pid!;
  const live = process.ppid; // the test runner: alive, and not this process
  const interaction = JSON.stringify(chatInteraction(chatRequest('kept'), 'yes'));
  const dir = await tempTree(t, {
    's.yaml': 'version: 1\nname: s\ninteractions: []\n',
    [`.s.yaml.${dead}.0123abcd.tmp`]: 'half a cassette',
    [`.s.yaml.${live}.0123abcd.tmp`]: 'being written',
    [`.s.yaml.${dead}.journal`]: `{"aoaiSimJournal":1,"base":0}\n${interaction}\n{"recordedAt":"cut sh`,
    [`.s.yaml.${live}.journal`]: `{"aoaiSimJournal":1,"base":0}\n`,
  });
  await recoverRecordings(dir);
  t.deepEqual((await readdir(dir)).sort(), [`.s.yaml.${live}.0123abcd.tmp`, `.s.yaml.${live}.journal`, 's.yaml']);
  t.deepEqual((await readCassette(join(dir, 's.yaml'))).interactions.map(question), ['kept'], 'the cut line is dropped');
});
