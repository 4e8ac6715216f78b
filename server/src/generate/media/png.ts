import { promisify } from 'node:util';
import { crc32, deflate, deflateSync } from 'node:zlib';
import { createRandom } from '../random.ts';

/** Largest side accepted, so that a malicious size string cannot make the simulator allocate gigabytes. */
export const MAX_IMAGE_SIDE = 4096;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const BYTES_PER_PIXEL = 3;

/**
 * Parses an Images API `size` such as "1024x1024" or "1792x1024". "auto" means the service's default square.
 * Returns undefined for anything malformed or with a side outside 1..MAX_IMAGE_SIDE.
 */
export function parseImageSize(size: string): { width: number; height: number } | undefined {
  if (size === 'auto') return { width: 1024, height: 1024 };
  const match = /^([1-9]\d{0,4})x([1-9]\d{0,4})$/.exec(size);
  if (!match) return undefined;
  const width = Number(match[1]);
  const height = Number(match[2]);
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) return undefined;
  return { width, height };
}

/** Deflate at level 1 finds the long back-references between the shifted rows; higher levels only cost time. */
const DEFLATE = { level: 1 } as const;
const deflateAsync = promisify(deflate);

/**
 * Renders a valid RGB PNG of soft diagonal bands in two seed-chosen colours. Same seed, same bytes.
 * Throws a RangeError for a side that is not an integer in 1..MAX_IMAGE_SIDE.
 */
export function renderPng(options: { width: number; height: number; seed: number }): Buffer {
  const { header, raw } = pixels(options);
  return assemble(header, deflateSync(raw, DEFLATE));
}

/**
 * The scanlines of the PNGs renderPngAsync draws, reused: on this kind of machine the page faults of writing a
 * fresh 5.5 MB buffer (1792×1024) cost some 20 ms, several times the compression. Grown to the largest
 * picture drawn, then kept.
 */
let scratch = Buffer.alloc(0);
/** renderPngAsync's drawings, one after another, since they share the scratch buffer. */
let drawing: Promise<unknown> = Promise.resolve();

/**
 * renderPng for a server: the scanlines written into a reused buffer, and the compression on libuv's thread
 * pool, so the event loop spends about a millisecond on a 1792×1024 picture. Drawings run one at a time.
 * The same bytes as renderPng.
 */
export function renderPngAsync(options: { width: number; height: number; seed: number }): Promise<Buffer> {
  const drawn = drawing.then(async () => {
    const { header, raw } = pixels(options, (size) => {
      if (scratch.length < size) scratch = Buffer.alloc(size);
      return scratch.subarray(0, size);
    });
    return assemble(header, await deflateAsync(raw, DEFLATE));
  });
  drawing = drawn.catch(() => undefined);
  return drawn;
}

/** The IHDR fields and the filtered scanlines of the picture, written into the buffer `target` gives. */
function pixels(
  options: { width: number; height: number; seed: number },
  target: (size: number) => Buffer = (size) => Buffer.alloc(size),
): { header: Buffer; raw: Buffer } {
  const { width, height } = options;
  checkSide('width', width);
  checkSide('height', height);
  const random = createRandom(options.seed).next;
  const hue = random();
  const from = seededColour(hue, random);
  // A second hue a third to two thirds of the wheel away, so the bands never blur into one colour.
  const to = seededColour(hue + 1 / 3 + random() / 3, random);
  const period = 48 + Math.floor(random() * 128);
  const direction = random() < 0.5 ? 1 : -1;

  // Every row is the same strip shifted by one pixel, so rows are slices of one longer strip. That keeps the
  // pixel loop to width + period iterations and gives deflate long back-references to find at level 1.
  const strip = Buffer.alloc((width + period) * BYTES_PER_PIXEL);
  for (let x = 0; x < width + period; x++) {
    const phase = (x % period) / period;
    const t = phase < 0.5 ? phase * 2 : 2 - phase * 2;
    for (let c = 0; c < BYTES_PER_PIXEL; c++) {
      strip[x * BYTES_PER_PIXEL + c] = Math.round(from[c]! + (to[c]! - from[c]!) * t);
    }
  }
  const rowBytes = 1 + width * BYTES_PER_PIXEL;
  const raw = target(rowBytes * height);
  for (let y = 0; y < height; y++) {
    raw[y * rowBytes] = 0; // filter type None
    const shift = (((y * direction) % period) + period) % period;
    strip.copy(raw, y * rowBytes + 1, shift * BYTES_PER_PIXEL, (shift + width) * BYTES_PER_PIXEL);
  }

  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: truecolour
  // compression, filter method and interlace stay 0
  return { header, raw };
}

function assemble(header: Buffer, idat: Buffer): Buffer {
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

function checkSide(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1 || value > MAX_IMAGE_SIDE) {
    throw new RangeError(`PNG ${name} must be an integer from 1 to ${MAX_IMAGE_SIDE}, got ${value}`);
  }
}

/** A saturated, mid-bright colour at `turns` round the hue wheel: random RGB triples are too often muddy grey. */
function seededColour(turns: number, random: () => number): [number, number, number] {
  const hue = (turns % 1) * 6;
  const sector = Math.floor(hue);
  const f = hue - sector;
  const high = 230;
  const low = 40 + Math.floor(random() * 60);
  const rising = Math.round(low + (high - low) * f);
  const falling = Math.round(high - (high - low) * f);
  const sectors: [number, number, number][] = [
    [high, rising, low],
    [falling, high, low],
    [low, high, rising],
    [low, falling, high],
    [rising, low, high],
    [high, low, falling],
  ];
  return sectors[sector] ?? [high, low, low];
}

function chunk(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}
