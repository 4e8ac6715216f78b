import test from 'ava';
import { join } from 'node:path';
import { tempTree } from '../test-support/temp-tree.ts';
import { addInteractions, readCassette } from './cassette-file.ts';
import { chatInteraction, chatRequest } from './fixtures.ts';
import { journalHeader, journalLine, journalPath, parseJournalName, pendingInteractions, readJournal } from './journal-file.ts';

const recorded = [chatInteraction(chatRequest('q0'), 'a0'), chatInteraction(chatRequest('q1', { temperature: 0.7 }), 'a1', true)];

test('a journal is a hidden file beside its cassette, named for the process that writes it', (t) => {
  const path = journalPath('/data/cassettes/checkout.yaml', 4242);
  t.is(path, '/data/cassettes/.checkout.yaml.4242.journal');
  t.deepEqual(parseJournalName('.checkout.yaml.4242.journal'), { cassette: 'checkout.yaml', pid: 4242 });
  t.is(parseJournalName('checkout.yaml'), undefined);
});

test('only whole lines count: a line a kill cut short ends the journal', (t) => {
  const text = journalHeader(3) + recorded.map(journalLine).join('');
  t.deepEqual(readJournal(text), { base: 3, entries: JSON.parse(`[${recorded.map(journalLine).join(',')}]`) });
  t.is(readJournal(`${text}{"recordedAt":"2025`)?.entries.length, 2);
  t.is(readJournal('{"aoaiSimJo'), undefined, 'a header cut short: nothing to read');
  t.is(readJournal(''), undefined);
});

test('what a compaction already wrote is not written twice, in YAML and in JSON', async (t) => {
  const dir = await tempTree(t, {});
  for (const name of ['s.yaml', 's.json']) {
    const path = join(dir, name);
    await addInteractions(path, [chatInteraction(chatRequest('before'), 'x')]);
    const journal = readJournal(journalHeader(1) + recorded.map(journalLine).join(''))!;
    t.deepEqual(pendingInteractions((await readCassette(path)).interactions, journal), journal.entries, `${name}: not written yet`);
    await addInteractions(path, journal.entries);
    t.deepEqual(
      pendingInteractions((await readCassette(path)).interactions, journal),
      [],
      `${name}: written once, read back from the file`,
    );
  }
});
