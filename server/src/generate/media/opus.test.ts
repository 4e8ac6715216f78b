import test from 'ava';
import { OGG_BEGIN_OF_STREAM, OGG_END_OF_STREAM, oggCrc32 } from './ogg.ts';
import { encodeSilentOggOpus, OPUS_PRE_SKIP } from './opus.ts';

type Page = { flags: number; granule: bigint; serial: number; sequence: number; packets: Buffer[] };

/** Splits an Ogg stream into pages and packets, checking each page's CRC. */
function readPages(file: Buffer, t: { is: (a: unknown, b: unknown, m?: string) => void }): Page[] {
  const pages: Page[] = [];
  let at = 0;
  for (let guard = 0; at < file.length && guard < 10_000; guard++) {
    t.is(file.toString('latin1', at, at + 4), 'OggS');
    const segments = file[at + 26]!;
    const lacing = [...file.subarray(at + 27, at + 27 + segments)];
    const length = 27 + segments + lacing.reduce((a, b) => a + b, 0);
    const zeroed = Buffer.from(file.subarray(at, at + length));
    zeroed.writeUInt32LE(0, 22);
    t.is(file.readUInt32LE(at + 22), oggCrc32(zeroed), 'page CRC');
    const packets: Buffer[] = [];
    let body = at + 27 + segments;
    let size = 0;
    for (const value of lacing) {
      size += value;
      if (value < 255) {
        packets.push(file.subarray(body, body + size));
        body += size;
        size = 0;
      }
    }
    t.is(size, 0, 'no packet continues onto the next page');
    pages.push({
      flags: file[at + 5]!,
      granule: file.readBigInt64LE(at + 6),
      serial: file.readUInt32LE(at + 14),
      sequence: file.readUInt32LE(at + 18),
      packets,
    });
    at += length;
  }
  return pages;
}

test('OpusHead and OpusTags come first, each alone on its page', (t) => {
  const pages = readPages(encodeSilentOggOpus(48_000, 5), t);
  const [head, tags] = pages;
  t.is(head!.flags, OGG_BEGIN_OF_STREAM);
  t.is(head!.packets.length, 1);
  const id = head!.packets[0]!;
  t.is(id.toString('latin1', 0, 8), 'OpusHead');
  t.is(id[8], 1, 'version');
  t.is(id[9], 1, 'channels');
  t.is(id.readUInt16LE(10), OPUS_PRE_SKIP);
  t.is(id.readUInt32LE(12), 24000);
  t.is(id[18], 0, 'mapping family');
  t.is(tags!.packets.length, 1);
  t.is(tags!.packets[0]!.toString('latin1', 0, 8), 'OpusTags');
  t.is(head!.granule, 0n);
  t.is(tags!.granule, 0n);
});

test('audio pages carry 20 ms silent packets with granule positions that end at the exact length', (t) => {
  for (const samples of [0, 1, 48_000 * 2, 48_000 * 10 + 17]) {
    const pages = readPages(encodeSilentOggOpus(samples, 9), t);
    const audio = pages.slice(2);
    const packets = audio.flatMap((page) => page.packets);
    t.true(packets.every((packet) => packet.equals(Buffer.from([0xf8, 0xff, 0xfe]))));
    t.is(packets.length, Math.max(1, Math.ceil((samples + OPUS_PRE_SKIP) / 960)));
    let seen = 0;
    for (const [i, page] of audio.entries()) {
      seen += page.packets.length;
      const last = i === audio.length - 1;
      t.is(page.flags, last ? OGG_END_OF_STREAM : 0);
      t.is(page.granule, BigInt(last ? samples + OPUS_PRE_SKIP : seen * 960));
      t.true(page.granule <= BigInt(seen * 960), 'a granule never claims more than the packets decode to');
    }
    t.deepEqual(
      pages.map((page) => page.sequence),
      pages.map((_, i) => i),
    );
  }
});

test('the seed picks the serial number, the same on every page', (t) => {
  const pages = readPages(encodeSilentOggOpus(96_000, 0xabcdef), t);
  t.true(pages.every((page) => page.serial === 0xabcdef));
});
