import test from 'ava';
import { compileBounds, compileNumberMatcher } from './number-matcher.ts';

test('a plain number must be equal', (t) => {
  const check = compileNumberMatcher('turns', 3);
  t.is(check(3), undefined);
  t.deepEqual(check(2), { field: 'turns', expected: '3', actual: '2' });
  t.deepEqual(check(undefined), { field: 'turns', expected: '3', actual: 'absent' });
});

test('bounds must all hold', (t) => {
  const check = compileNumberMatcher('turns', { gte: 3, lt: 10 });
  t.is(check(3), undefined);
  t.is(check(9), undefined);
  t.deepEqual(check(2), { field: 'turns', expected: '>= 3 and < 10', actual: '2' });
  t.deepEqual(check(10), { field: 'turns', expected: '>= 3 and < 10', actual: '10' });
  t.is(compileNumberMatcher('turns', { gt: 1, lte: 2 })(2), undefined);
  t.deepEqual(compileNumberMatcher('turns', { gt: 1, lte: 2 })(1), { field: 'turns', expected: '> 1 and <= 2', actual: '1' });
  t.deepEqual(compileNumberMatcher('turns', { equals: 4, lt: 5 })(3), { field: 'turns', expected: '= 4 and < 5', actual: '3' });
});

test('bounds hold only for numbers', (t) => {
  const bounds = compileBounds({ gt: 0 });
  t.true(bounds.holds(1));
  t.false(bounds.holds('1'));
  t.false(bounds.holds(Number.NaN));
  t.false(bounds.holds(undefined));
  t.false(compileBounds({}).any);
  t.true(compileBounds({ lte: 0 }).any);
});
