import test from 'ava';
import type { FileRecord } from './file-object.ts';
import { fileListPage, fileListQuery } from './file-list.ts';
import { FileShelf } from './file-shelf.ts';

const record = (id: string, bytes: number, expiresAtMs?: number): FileRecord => ({
  id,
  filename: `${id}.jsonl`,
  purpose: 'batch',
  bytes,
  createdAtMs: 0,
  ...(expiresAtMs === undefined ? {} : { expiresAtMs }),
});

test('the shelf drops expired files before it evicts the oldest, and counts only the evictions', (t) => {
  const shelf = new FileShelf(100);
  shelf.add(record('a', 40), 0);
  shelf.add(record('b', 40, 10), 0);
  t.deepEqual(shelf.add(record('c', 40), 10), ['b'], 'the expired one made room: nothing evicted');
  t.is(shelf.evicted, 0);
  t.deepEqual(shelf.add(record('d', 40), 10), ['a']);
  t.is(shelf.evicted, 1);
  t.deepEqual(
    shelf.list(10).map((file) => file.id),
    ['c', 'd'],
  );
});

test('a listing after an id no longer listed ends, rather than starting over', (t) => {
  const files = [record('a', 1), record('b', 1), record('c', 1)];
  const page = fileListPage(files, fileListQuery({ after: 'deleted', limit: '2' }));
  t.deepEqual(page.data, []);
  t.false(page.has_more);
  t.deepEqual(
    fileListPage(files, fileListQuery({ limit: '2' })).data.map((file) => file.id),
    ['c', 'b'],
  );
  t.throws(() => fileListQuery({ limit: '0' }), { message: /limit/ });
});
