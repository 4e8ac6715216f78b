import test, { type ExecutionContext } from 'ava';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AzureOpenAI } from 'openai';
import { CLI, REPO } from '../test-support/cli-process.ts';

// The tokenizers' image (tiktoken-wasm.ts): saved by a start that built them, restored by the next, and never
// trusted when its file is not what was saved. Each start is a process of its own, as a user's are.

const PROMPTS = [
  'hello',
  'Ünïcödé, 你好世界, こんにちは, 🙂🚀 and a long run: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
  "def f(x):\n\treturn x ** 2  # don't\r\n",
  'The quick brown fox jumps over the lazy dog. '.repeat(40),
];

/** The prompt tokens the simulator counts for each prompt, on a gpt-4o (o200k_base) and a gpt-4 (cl100k_base). */
async function counts(url: string): Promise<number[]> {
  const counted: number[] = [];
  for (const deployment of ['gpt-4o', 'gpt-4']) {
    const client = new AzureOpenAI({ endpoint: url, apiKey: 'k', apiVersion: '2024-10-21', deployment, maxRetries: 0 });
    for (const content of PROMPTS) {
      const completion = await client.chat.completions.create({ model: deployment, messages: [{ role: 'user', content }], max_tokens: 5 });
      counted.push(completion.usage!.prompt_tokens);
    }
  }
  return counted;
}

/** `aoai-sim` in a process of its own, its log kept whole. */
async function start(t: ExecutionContext, cache: string) {
  const scenarios = join(cache, '..', 'scenarios.yaml');
  const child = spawn(process.execPath, [CLI, '--scenarios', scenarios, '--port', '0', '--host', '127.0.0.1'], {
    cwd: REPO,
    env: { PATH: process.env.PATH, LOG_FORMAT: 'json', LOG_LEVEL: 'debug', AOAI_SIM_CACHE_DIR: cache },
  });
  t.teardown(() => child.kill('SIGKILL'));
  let log = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const found = /listening on (http:\/\/[^\s"]+)/.exec(log);
      if (found) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code} before listening`)));
  });
  return { url, log: () => log, stop: () => child.kill('SIGKILL') };
}

/** Whether the log comes to match `pattern` (the log is written asynchronously; bounded: 10 s). */
async function logged(log: () => string, pattern: RegExp): Promise<boolean> {
  for (let waited = 0; waited < 10_000; waited += 50) {
    if (pattern.test(log())) return true;
    await sleep(50);
  }
  return false;
}

/** The image's files once they are there (bounded: 20 s). */
async function imageFiles(dir: string, want: number): Promise<string[]> {
  for (let waited = 0; waited < 20_000; waited += 100) {
    const files = (await readdir(dir).catch(() => [] as string[])).filter((name) => !name.endsWith('.tmp'));
    if (files.length === want) return files.sort();
    await sleep(100);
  }
  return (await readdir(dir).catch(() => [] as string[])).sort();
}

test('a start saves its tokenizers as an image, the next restores them and counts the same, and a damaged image is deleted and built anew', async (t) => {
  t.timeout(120_000);
  const root = await mkdtemp(join(tmpdir(), 'aoai-sim-image-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  await writeFile(
    join(root, 'scenarios.yaml'),
    'deployments:\n  gpt-4o: { model: gpt-4o-2024-08-06 }\n  gpt-4: { model: gpt-4-0613 }\n',
  );
  const cache = join(root, 'cache');

  const first = await start(t, cache);
  const built = await counts(first.url);
  const files = await imageFiles(cache, 1);
  t.deepEqual(
    files.map((name) => name.replace(/^tiktoken-[0-9a-f]+-/, '')),
    ['o200k_base+cl100k_base.img'],
    'the deployments’ two tokenizers, most used first (a tie: in the order of the deployments)',
  );
  t.notRegex(first.log(), /tokenizers restored/);
  first.stop();

  const second = await start(t, cache);
  t.deepEqual(await counts(second.url), built, 'restored, they count as the built ones did');
  t.true(await logged(second.log, /tokenizers restored from the image an earlier start saved/), second.log());
  second.stop();

  const image = join(cache, files[0]!);
  const bytes = await readFile(image);
  bytes[Math.floor(bytes.length / 2)]! ^= 1;
  await writeFile(image, bytes);
  const third = await start(t, cache);
  const afterDamage = await counts(third.url);
  t.deepEqual(await imageFiles(cache, 0), [], 'the damaged image is deleted');
  t.true(await logged(third.log, /the saved image of the tokenizers failed its check/), third.log());
  t.deepEqual(await counts(third.url), built, 'and the tokenizers built anew count as before');
  t.is(afterDamage.length, built.length);
  third.stop();
});
