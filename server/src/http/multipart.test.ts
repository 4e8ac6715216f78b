import test from 'ava';
import { startTestSimulator } from '../test-support/simulator.ts';

const TRANSCRIPTIONS = '/openai/deployments/whisper/audio/transcriptions?api-version=2024-10-21';

async function postForm(url: string, form: FormData) {
  const response = await fetch(url, { method: 'POST', headers: { 'api-key': 'k' }, body: form });
  return { status: response.status, error: ((await response.json()) as { error: { message: string; code?: string } }).error };
}

/** A form with an audio file and `count` extra text fields, each `size` characters. */
function formWith(count: number, size: number): FormData {
  const form = new FormData();
  form.append('file', new Blob([Buffer.alloc(1024)], { type: 'audio/wav' }), 'clip.wav');
  for (let i = 0; i < count; i++) form.append(`field${i}`, 'x'.repeat(size));
  return form;
}

test('a form with too many fields is a 400 that says so, not "body too large" for a small body', async (t) => {
  const sim = await startTestSimulator(t);
  // 1,500 fields of 200 bytes: some 300 KB against a 25 MB limit
  const answer = await postForm(`${sim.url}${TRANSCRIPTIONS}`, formWith(1500, 200));
  t.is(answer.status, 400);
  t.is(answer.error.message, 'The form has more than 1000 fields.');
});

test('a form with too many files is a 400 that says so', async (t) => {
  const sim = await startTestSimulator(t);
  const form = formWith(0, 0);
  for (let i = 0; i < 150; i++) form.append(`image${i}`, new Blob([Buffer.alloc(16)], { type: 'image/png' }), `p${i}.png`);
  const answer = await postForm(`${sim.url}${TRANSCRIPTIONS}`, form);
  t.is(answer.status, 400);
  t.is(answer.error.message, 'The form has more than 100 files.');
});

test('a body over the limit is still the 413 that names it', async (t) => {
  const sim = await startTestSimulator(t, { scenarios: { server: { maxBodyBytes: 4096 } } });
  const answer = await postForm(`${sim.url}${TRANSCRIPTIONS}`, formWith(3, 4000));
  t.is(answer.status, 413);
  t.regex(answer.error.message, /maximum accepted size is 4096 bytes/);
});
