import test from 'ava';
import { PNG } from 'pngjs';
import { MAX_IMAGE_SIDE, parseImageSize, renderPng } from './png.ts';

test('renders a PNG that pngjs decodes, with CRCs checked, at the requested size', (t) => {
  for (const [width, height] of [
    [1024, 1024],
    [1792, 1024],
    [1024, 1792],
    [256, 256],
    [1, 1],
    [3, 700],
  ] as const) {
    const png = PNG.sync.read(renderPng({ width, height, seed: 5 }), { checkCRC: true });
    t.is(png.width, width);
    t.is(png.height, height);
    t.is(png.data.length, width * height * 4);
  }
});

test('the same seed gives identical bytes', (t) => {
  t.deepEqual(renderPng({ width: 512, height: 512, seed: 99 }), renderPng({ width: 512, height: 512, seed: 99 }));
});

test('different seeds give different pixels', (t) => {
  const pixels = [1, 2, 3, 1000].map((seed) => PNG.sync.read(renderPng({ width: 128, height: 128, seed })).data);
  for (let i = 0; i < pixels.length; i++) {
    for (let j = i + 1; j < pixels.length; j++) t.false(pixels[i]!.equals(pixels[j]!), `seeds #${i} and #${j}`);
  }
});

test('the picture is not a flat colour', (t) => {
  const { data } = PNG.sync.read(renderPng({ width: 256, height: 256, seed: 7 }));
  const colours = new Set<number>();
  for (let i = 0; i < data.length; i += 4) colours.add(data.readUInt32BE(i));
  t.true(colours.size > 10);
});

test('a 1792x1024 PNG compresses well', (t) => {
  t.true(renderPng({ width: 1792, height: 1024, seed: 1 }).length < 500_000);
});

test('rejects sides that are not integers from 1 to the maximum', (t) => {
  for (const [width, height] of [
    [0, 10],
    [10, -1],
    [1.5, 10],
    [Number.NaN, 10],
    [MAX_IMAGE_SIDE + 1, 10],
  ] as const) {
    t.throws(() => renderPng({ width, height, seed: 1 }), { instanceOf: RangeError });
  }
});

test('parseImageSize reads the API sizes', (t) => {
  t.deepEqual(parseImageSize('1024x1024'), { width: 1024, height: 1024 });
  t.deepEqual(parseImageSize('1792x1024'), { width: 1792, height: 1024 });
  t.deepEqual(parseImageSize('1024x1792'), { width: 1024, height: 1792 });
  t.deepEqual(parseImageSize('256x256'), { width: 256, height: 256 });
  t.deepEqual(parseImageSize('512x512'), { width: 512, height: 512 });
  t.deepEqual(parseImageSize('1536x1024'), { width: 1536, height: 1024 });
  t.deepEqual(parseImageSize('1024x1536'), { width: 1024, height: 1536 });
  t.deepEqual(parseImageSize('auto'), { width: 1024, height: 1024 });
});

test('parseImageSize rejects malformed sizes', (t) => {
  for (const size of [
    '',
    '1024',
    '1024x',
    'x1024',
    '1024*1024',
    ' 1024x1024',
    '1024x1024 ',
    '0x1024',
    '-1x5',
    '1e3x1000',
    '1024X1024',
    '99999x1',
    'AUTO',
  ]) {
    t.is(parseImageSize(size), undefined, size);
  }
});
