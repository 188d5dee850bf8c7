import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import { createGunzip, gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { Inflater } from './native-gunzip.js';
import { BLOCK_TAIL, NativeGunzip, nativeGunzipAvailable, StreamGunzip, useNativeGunzip } from './native-gunzip.js';
import { cutAt } from '../plugin/testing.js';
import { GzipMembers } from './archive.js';

/** What zlib's own stream makes of the bytes, given in these pieces: the output and the error's message, if any. */
async function viaStream(pieces: Buffer[]): Promise<{ out: Buffer; error: string | null }> {
  const gunzip = createGunzip();
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    gunzip.on('data', (c: Buffer) => chunks.push(c));
    gunzip.on('error', (e: Error) => resolve({ out: Buffer.concat(chunks), error: e.message }));
    gunzip.on('end', () => resolve({ out: Buffer.concat(chunks), error: null }));
    for (const p of pieces) gunzip.write(p);
    gunzip.end();
  });
}

/** The same through NativeGunzip, copying each output (its buffers are reused); the distinct buffers it lent. */
async function viaNative(pieces: Buffer[], stopAfter = Infinity, inflater: Inflater = new NativeGunzip()): Promise<{ out: Buffer; error: string | null; buffers: number; trailing: number }> {
  const feed = (async () => {
    for (const p of pieces) {
      await inflater.needsInput();
      inflater.feed(p);
    }
    await inflater.needsInput();
    inflater.finish();
  })();
  const chunks: Buffer[] = [];
  const lent = new Set<ArrayBufferLike>();
  let error: string | null = null;
  try {
    for (let out = await inflater.next(); out; out = await inflater.next()) {
      lent.add(out.buffer);
      chunks.push(Buffer.from(out));
      if (chunks.length >= stopAfter) break;
    }
  } catch (e) {
    error = (e as Error).message;
  }
  // As the archive reader does: the bytes after the data are given before the inflater is closed.
  if (error === null && chunks.length < stopAfter) await feed;
  const trailing = inflater.trailingBytes();
  inflater.close();
  await feed;
  return { out: Buffer.concat(chunks), error, buffers: lent.size, trailing };
}

/** The bytes read after the first half of `gz` is given and the input abandoned (the archive cut under it). */
async function abandonedHalf(inflater: Inflater, gz: Buffer): Promise<number> {
  await inflater.needsInput();
  inflater.feed(gz.subarray(0, gz.length >> 1));
  inflater.abandon();
  let bytes = 0;
  for (let out = await inflater.next(); out; out = await inflater.next()) bytes += out.length;
  inflater.close();
  return bytes;
}

const pieces = cutAt;

const LOG = 'May 20 10:13:20 lk1 lkscsid[4410]: INFO:lkscsid:::007046:lkscsid daemon pid:4410 mlock:1 nice:-10\n';

describe('NativeGunzip (zlib driven directly, into reused buffers)', () => {
  afterEach(() => useNativeGunzip(null));

  it('is found on this Node, and can be switched off (the archive reader then uses the zlib stream)', () => {
    expect(nativeGunzipAvailable()).toBe(true);
    useNativeGunzip(false);
    expect(nativeGunzipAvailable()).toBe(false);
  });

  it('inflates what the zlib stream inflates, and fails where it fails with its message, however the input is cut', async () => {
    const log = Buffer.from(LOG.repeat(3000));
    const member = gzipSync(log);
    const cases: Array<[string, Buffer]> = [
      ['one member', member],
      ['two members, concatenated', Buffer.concat([member, gzipSync(Buffer.from('the second member\n'))])],
      ['zeros after the data', Buffer.concat([member, Buffer.alloc(700)])],
      ['truncated', member.subarray(0, member.length - 100)],
      ['corrupt near its end', Buffer.concat([member.subarray(0, member.length - 40), Buffer.alloc(40, 0xff)])],
      ['not gzip at all', Buffer.from('plain text, no gzip header here at all')],
      ['empty data', gzipSync(Buffer.alloc(0))],
    ];
    // Stopping at every block (`trailing`, a rotated log's) or not (the archive's), the same.
    for (const [what, bytes] of cases) {
      await fc.assert(fc.asyncProperty(fc.array(fc.nat(), { maxLength: 6 }), fc.boolean(), async (cuts, trailing) => {
        const input = pieces(bytes, cuts);
        const [a, b] = [await viaStream(input), await viaNative(input, Infinity, new NativeGunzip({ trailing }))];
        expect(b.error, what).toBe(a.error);
        // Where zlib fails, the stream drops the output of the call that failed; so may this: what it gives is a prefix.
        if (a.error === null) expect(b.out.equals(a.out), what).toBe(true);
        else expect(a.out.subarray(0, b.out.length).equals(b.out) || b.out.subarray(0, a.out.length).equals(a.out), what).toBe(true);
      }), { numRuns: 25 });
    }
  });

  it('reads the data whole before bytes after it that are not gzip, and counts them, as gzip reads them ("trailing garbage ignored")', async () => {
    const log = Buffer.from(LOG.repeat(3000));
    const one = gzipSync(log);
    const two = Buffer.concat([one, gzipSync(Buffer.from('the second member\n'))]);
    const tails: Array<[string, Buffer]> = [
      ['text', Buffer.from('GARBAGE\n'.repeat(10))],
      ['a zero byte, then text (zlib stops at the zero)', Buffer.concat([Buffer.alloc(1), Buffer.from('after a zero')])],
      ['a gzip magic with an unknown method', Buffer.from([0x1f, 0x8b, 0x00, 0x42, 1, 2, 3, 4, 5, 6, 7])],
      ['gzip magic with reserved flags', Buffer.from([0x1f, 0x8b, 0x08, 0xe0, 1, 2, 3, 4, 5, 6, 7])],
      ['a megabyte of junk', Buffer.alloc((1 << 20) + 3, 0x41)],
    ];
    for (const [what, tail] of tails) {
      for (const [members, data, whole] of [['one member', one, log], ['two members', two, Buffer.concat([log, Buffer.from('the second member\n')])]] as const) {
        await fc.assert(fc.asyncProperty(fc.array(fc.nat(), { maxLength: 6 }), async (cuts) => {
          const r = await viaNative(pieces(Buffer.concat([data, tail]), cuts), Infinity, new NativeGunzip({ trailing: true }));
          expect(r.error, `${what}, ${members}`).toBeNull();
          expect(r.out.equals(whole), `${what}, ${members}: the data whole`).toBe(true);
          // One member (a rotated log): exact. Several: the trailer's place is known to within 11 bytes (trailerEnd).
          if (members === 'one member' || tail[0] === 0) expect(r.trailing, `${what}, ${members}`).toBe(tail.length);
          else expect(Math.abs(r.trailing - tail.length), `${what}, ${members}`).toBeLessThanOrEqual(11);
        }), { numRuns: 25 });
        // And every cut near the end of the data: the trailer and the bytes after it in two writes, however split.
        if (members === 'one member') {
          for (let k = -12; k <= 12; k++) {
            const bytes = Buffer.concat([data, tail]);
            const r = await viaNative(pieces(bytes, [data.length + k, data.length + k + 1 + (k & 3)]), Infinity, new NativeGunzip({ trailing: true }));
            expect([r.error, r.out.equals(whole), r.trailing], `${what}, cut at the end ${k}`).toEqual([null, true, tail.length]);
          }
        }
      }
    }
    const counting = (): NativeGunzip => new NativeGunzip({ trailing: true });
    // Zeros after the data are padding (gzip says nothing of them), and a stream without bytes after it has none.
    expect((await viaNative(pieces(Buffer.concat([one, Buffer.alloc(5000)]), [100, one.length + 10]), Infinity, counting())).trailing).toBe(0);
    expect((await viaNative([one], Infinity, counting())).trailing).toBe(0);
    // A damaged header after a member is damage, not bytes to ignore; so is a damaged first header.
    const badHcrc = Buffer.from([0x1f, 0x8b, 0x08, 0x02, 0, 0, 0, 0, 0, 3, 0x12, 0x34]);
    expect((await viaNative([Buffer.concat([one, badHcrc, one.subarray(10)])], Infinity, counting())).error).toBe('header crc mismatch');
    expect((await viaNative([Buffer.concat([badHcrc, one.subarray(10)])], Infinity, counting())).error).toBe('header crc mismatch');
    expect((await viaNative([Buffer.concat([Buffer.from([0x1f, 0x8b, 0x07]), one.subarray(3)])], Infinity, counting())).error).toBe('unknown compression method');
    // Without `trailing` (the archive, read again from its start where zlib fails), zlib's stream's error, as before.
    expect((await viaNative([Buffer.concat([one, Buffer.from('GARBAGE')])])).error).toBe('incorrect header check');
  });

  it('ends the data at a stray byte or part of a member header after it, as gzip outputs it, not as "unexpected end of file"; the zlib stream fallback (over GzipMembers) the same', async () => {
    const log = Buffer.from(LOG.repeat(3000));
    const one = gzipSync(log);
    const tails: Array<[string, Buffer]> = [
      ['one byte', Buffer.from([0x01])],
      ['the first byte of a magic', Buffer.from([0x1f])],
      ['a magic and method', Buffer.from([0x1f, 0x8b, 0x08])],
      ['a header up to its flags and time', Buffer.from([0x1f, 0x8b, 0x08, 0x08, 1, 2, 3])],
      ['a header with part of a file name', Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x08, 0, 0, 0, 0, 0, 3]), Buffer.from('lifekeeper.lo')])],
      ['junk', Buffer.from('JUNK')],
      ['a mebibyte of junk', Buffer.alloc(BLOCK_TAIL + 1, 0xa5)],
      ['a header with a file name of 5,000 bytes, unterminated', Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x08, 0, 0, 0, 0, 0, 3]), Buffer.alloc(5000, 0x4e)])],
      ['a header whose file name goes on for a mebibyte', Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x08]), Buffer.alloc(BLOCK_TAIL + 1, 0x08)])],
    ];
    const inflaters: Array<[string, (size: number) => Inflater]> = [
      ['NativeGunzip', (size) => new NativeGunzip({ trailing: true, size })],
      ['StreamGunzip over GzipMembers', () => new StreamGunzip(new GzipMembers())],
    ];
    for (const [how, make] of inflaters) {
      for (const [what, tail] of tails) {
        const bytes = Buffer.concat([one, tail]);
        for (const cuts of [[], [one.length - 5], [one.length, one.length + 1], [100, one.length + 2]]) {
          const r = await viaNative(pieces(bytes, cuts), Infinity, make(bytes.length));
          expect([r.error, r.out.equals(log), r.trailing], `${how}: ${what}, cut at ${cuts.join(',')}`).toEqual([null, true, tail.length]);
        }
      }
      // Still damage: the stream cut in its data or in its trailer, and a second member cut in its data.
      for (const cut of [one.length >> 1, one.length - 3, one.length - 8]) {
        const r = await viaNative([one.subarray(0, cut)], Infinity, make(cut));
        expect(r.error, `${how}: cut at ${cut} of ${one.length}`).toBe('unexpected end of file');
      }
      const second = Buffer.concat([one, one.subarray(0, 40)]);
      expect((await viaNative([second], Infinity, make(second.length))).error, `${how}: a second member cut`).toBe('unexpected end of file');
    }
  });

  it('given the size of a stream longer than BLOCK_TAIL, reads only its tail a block a write and still ends it before the bytes after it', async () => {
    // About 2.4 MB of compressed bytes: all but the last MiB read without stopping at blocks (the speed of a rotated log).
    const log = Buffer.from(randomBytes(2_200_000).toString('hex').replace(/(.{100})/g, '$1\n'));
    const gz = gzipSync(log);
    expect(gz.length).toBeGreaterThan(2 * BLOCK_TAIL);
    for (const tail of [Buffer.from('GARBAGE\n'.repeat(10)), Buffer.alloc(BLOCK_TAIL - 4096, 0x41)]) {
      const bytes = Buffer.concat([gz, tail]);
      for (const cuts of [[], [gz.length - 3, gz.length + 1], [70_000, 1_500_000, gz.length]]) {
        const r = await viaNative(pieces(bytes, cuts), Infinity, new NativeGunzip({ trailing: true, size: bytes.length }));
        expect([r.error, r.out.equals(log), r.trailing], `${tail.length} bytes after, cut at ${cuts.join(',')}`).toEqual([null, true, tail.length]);
      }
    }
  });

  it('inflates a large stream into three buffers, reused (the zlib stream makes a new one for each MiB)', async () => {
    const big = Buffer.from(LOG.repeat(120_000)); // 11 MB
    const { out, buffers, error } = await viaNative(pieces(gzipSync(big), [1000, 70_000, 200_000]));
    expect(error).toBeNull();
    expect(out.equals(big)).toBe(true);
    expect(buffers).toBeLessThanOrEqual(3);
  });

  it('stops when the reader stops, and reads what was given when the input is abandoned (the archive cut under it)', async () => {
    const big = gzipSync(Buffer.from(LOG.repeat(120_000)));
    const stopped = await viaNative([big], 2);
    expect(stopped.out.length).toBe(2 << 20);

    const bytes = await abandonedHalf(new NativeGunzip(), big);
    const expected = (await viaStream([big.subarray(0, big.length >> 1)])).out.length;
    expect(bytes).toBeGreaterThanOrEqual(expected);
    expect(bytes).toBeGreaterThan(0);
  });

  it('has the zlib stream behind the same contract (StreamGunzip, where the handle is not found): the same output, errors and abandon', async () => {
    const member = gzipSync(Buffer.from(LOG.repeat(30_000)));
    const cases: Buffer[] = [member, member.subarray(0, member.length - 100)];
    for (const bytes of cases) {
      const input = pieces(bytes, [5000, 90_000]);
      const [a, b] = [await viaNative(input), await viaNative(input, Infinity, new StreamGunzip({ chunkSize: 1 << 20 }))];
      expect(b.error).toBe(a.error);
      // Where zlib fails, the stream drops the output of the call that failed: then one output is a prefix of the other.
      if (a.error === null) expect(b.out.equals(a.out)).toBe(true);
      else expect(a.out.subarray(0, b.out.length).equals(b.out)).toBe(true);
    }
    const stopped = await viaNative([member], 2, new StreamGunzip({ chunkSize: 1 << 20 }));
    expect(stopped.out.length).toBe(2 << 20);
    // Abandoned (the archive cut under it): what was given is read, and the missing end is no error.
    const bytes = await abandonedHalf(new StreamGunzip({ chunkSize: 1 << 20 }), member);
    expect(bytes).toBe((await viaStream([member.subarray(0, member.length >> 1)])).out.length);
  });
});
