// Random access into gzip data: whatever the blocks (stored, fixed, dynamic:
// zlib levels 0, 1 and 9, flushes between), however the stream is pushed
// (any chunking), any range read through the index equals the plain inflate.
// Concatenated members, a cut or corrupt stream (a reason, not a throw), and
// a process without zlib's internals (no index, said so).
import { constants, crc32, deflateRawSync, gzipSync } from 'node:zlib';
import { createGzip } from 'node:zlib';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import type { GzipIndex } from './gzip-index.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GzipIndexer, RawBlockInflater, bufferSource, dropSpareSpans, fileSource, gzipIndexSupported, gzipSource, indexBytes, readGzip, setBlockInflater, sliceSource } from './gzip-index.js';

/** Text lines and random bytes, mixed: deflate makes stored blocks of the random runs, coded blocks of the text. */
function content(seed: number, bytes: number): Buffer {
  let s = seed >>> 0 || 1;
  const rnd = (): number => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  const out = Buffer.allocUnsafe(bytes);
  let at = 0;
  while (at < bytes) {
    const run = 1 + (rnd() % 20_000);
    if (rnd() % 3 === 0) for (let i = 0; i < run && at < bytes; i++) out[at++] = rnd() & 0xff;
    else {
      const line = Buffer.from(`May 20 10:13:${String(rnd() % 60).padStart(2, '0')} node lcm[1]: INFO:lcm:::0:line ${rnd().toString(36)}\n`);
      for (let i = 0; i < run && at < bytes; i++) out[at++] = line[i % line.length] as number;
    }
  }
  return out;
}

/** gzip of `data` with zlib's streaming API, flushing (a block boundary, maybe an empty stored block) at the given offsets. */
function gzipFlushing(data: Buffer, level: number, flushes: number[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const gz = createGzip({ level });
    const out: Buffer[] = [];
    gz.on('data', (b: Buffer) => out.push(b));
    gz.on('end', () => resolve(Buffer.concat(out)));
    gz.on('error', reject);
    let at = 0;
    const cuts = [...new Set(flushes.map((f) => f % (data.length + 1)))].sort((a, b) => a - b);
    const step = (i: number): void => {
      if (i >= cuts.length) {
        gz.end(data.subarray(at));
        return;
      }
      const cut = cuts[i] as number;
      gz.write(data.subarray(at, cut));
      at = cut;
      gz.flush(i % 2 ? constants.Z_FULL_FLUSH : constants.Z_SYNC_FLUSH, () => step(i + 1));
    };
    step(0);
  });
}

/** Indexes `gz` pushed in chunks of the given sizes; the output and the index. */
function index(gz: Buffer, chunks: number[], span: number): { out: Buffer; index: GzipIndex; trailingBytes: number } {
  const indexer = new GzipIndexer({ span });
  const out: Buffer[] = [];
  let at = 0;
  let i = 0;
  while (at < gz.length) {
    const n = Math.max(1, chunks[i++ % Math.max(1, chunks.length)] ?? gz.length);
    for (const b of indexer.write(gz.subarray(at, at + n))) out.push(Buffer.from(b));
    at += n;
  }
  for (const b of indexer.end()) out.push(Buffer.from(b));
  return { out: Buffer.concat(out), index: indexer.index, trailingBytes: indexer.trailingBytes };
}

afterEach(() => setBlockInflater(undefined));

describe('gzip index', () => {
  it('is supported in this Node', () => {
    expect(gzipIndexSupported()).toBe(true);
  });

  it('reads any range through the index as the plain inflate gives it, whatever the blocks and the chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 1, max: 400_000 }),
        fc.constantFrom(0, 1, 6, 9),
        fc.array(fc.integer({ min: 0, max: 400_000 }), { maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 100_000 })), { minLength: 1, maxLength: 8 }),
        async (seed, bytes, level, flushes, chunks, reads) => {
          const data = content(seed, bytes);
          const gz = await gzipFlushing(data, level, flushes);
          const { out, index: idx } = index(gz, chunks, 16 * 1024);
          expect(idx.problem).toBeNull();
          expect(idx.complete).toBe(true);
          expect(out.equals(data)).toBe(true);
          expect(idx.size).toBe(data.length);
          const source = bufferSource(gz);
          for (const [where, length] of reads) {
            const at = Math.floor(where * data.length);
            expect(readGzip(idx, source, at, length).equals(data.subarray(at, at + length))).toBe(true);
          }
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);

  it('indexes raw deflate (a zip entry\'s) the same way: any range, whatever the blocks and the chunking; bytes after it left alone', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 2 ** 31 }),
        fc.integer({ min: 0, max: 300_000 }),
        fc.constantFrom(0, 1, 6, 9),
        fc.array(fc.integer({ min: 0, max: 300_000 }), { maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 70_000 }), { minLength: 1, maxLength: 5 }),
        fc.boolean(),
        fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 100_000 })), { minLength: 1, maxLength: 6 }),
        async (seed, bytes, level, flushes, chunks, after, reads) => {
          const data = content(seed, bytes);
          // zlib's gzip has a 10-byte header and an 8-byte trailer: the deflate data between is a zip entry's.
          const gz = await gzipFlushing(data, level, flushes);
          const raw = gz.subarray(10, gz.length - 8);
          const pushed = after ? Buffer.concat([raw, Buffer.from('PK\x03\x04 the next entry')]) : raw;
          const indexer = new GzipIndexer({ span: 16 * 1024, raw: true });
          const out: Buffer[] = [];
          let at = 0;
          for (let i = 0; at < pushed.length; i++) {
            const n = chunks[i % chunks.length] as number;
            for (const b of indexer.write(pushed.subarray(at, at + n))) out.push(Buffer.from(b));
            at += n;
          }
          for (const b of indexer.end()) out.push(Buffer.from(b));
          const idx = indexer.index;
          expect(idx.problem).toBeNull();
          expect(idx.complete).toBe(true);
          expect(idx.trailing).toBe(after);
          expect(Buffer.concat(out).equals(data)).toBe(true);
          expect(idx.parts.length).toBe(1);
          expect(idx.parts[0]?.inEnd).toBe(raw.length);
          for (const [where, length] of reads) {
            const from = Math.floor(where * data.length);
            expect(readGzip(idx, bufferSource(pushed), from, length).equals(data.subarray(from, from + length))).toBe(true);
          }
        },
      ),
      { numRuns: 30 },
    );
  }, 120_000);

  it('says why raw deflate cut short or corrupt stopped, without throwing', () => {
    const data = content(3, 500_000);
    const raw = deflateRawSync(data, { level: 6 });
    let made = Buffer.alloc(0);
    const run = (bytes: Buffer): GzipIndex => {
      const indexer = new GzipIndexer({ raw: true });
      const out: Buffer[] = [];
      for (let i = 0; i < bytes.length; i += 4096) for (const b of indexer.write(bytes.subarray(i, i + 4096))) out.push(Buffer.from(b));
      for (const b of indexer.end()) out.push(Buffer.from(b));
      made = Buffer.concat(out);
      return indexer.index;
    };
    for (const cut of [1, 100, raw.length >> 1, raw.length - 1]) {
      expect(run(raw.subarray(0, cut))).toMatchObject({ complete: false, problem: 'unexpected end of file' });
      // What came before the cut, and nothing else.
      expect(made.equals(data.subarray(0, made.length))).toBe(true);
    }
    // The first block's type made 3 (reserved): "invalid block type".
    const corrupt = Buffer.from(raw);
    corrupt[0] = (corrupt[0] ?? 0) | 0x06;
    expect(run(corrupt)).toMatchObject({ complete: false, problem: expect.stringMatching(/invalid block type/) });
    // Nothing pushed: an empty entry.
    expect(run(Buffer.alloc(0))).toMatchObject({ complete: true, size: 0 });
  });

  it('records checkpoints inside a long stream (so a read inflates little), each where a block starts on a byte', () => {
    const data = content(42, 3_000_000);
    const gz = gzipSync(data, { level: 6 });
    const { index: idx } = index(gz, [65_536], 64 * 1024);
    const cps = idx.parts[0]?.checkpoints ?? [];
    expect(cps.length).toBeGreaterThan(8);
    // About a span apart: a boundary between bytes comes every few blocks.
    for (const [i, c] of cps.entries()) if (i > 0) expect(c.out - (cps[i - 1]?.out ?? 0)).toBeLessThan(1 << 20);
    expect(indexBytes(idx)).toBeLessThan(cps.length * 40_000);
    for (const c of cps) expect(readGzip(idx, bufferSource(gz), c.out, 1000).equals(data.subarray(c.out, c.out + 1000))).toBe(true);
  });

  it('reads whole spans from each checkpoint to the next, through stored blocks (byte-aligned in the file) after coded ones', () => {
    // Random runs make stored blocks, text coded ones: a read that starts mid-byte must still find the stored blocks' byte boundaries.
    const data = content(7, 4_000_000);
    const gz = gzipSync(data, { level: 6 });
    const { index: idx } = index(gz, [1 << 20], 64 * 1024);
    const cps = idx.parts[0]?.checkpoints ?? [];
    expect(cps.length).toBeGreaterThan(8);
    for (const [i, c] of cps.entries()) {
      const to = cps[i + 1]?.out ?? data.length;
      expect(readGzip(idx, bufferSource(gz), c.out, to - c.out).equals(data.subarray(c.out, to))).toBe(true);
    }
  });

  it('reads across concatenated gzip members, and through an inner range of another source', () => {
    const a = content(1, 200_000);
    const b = content(2, 150_000);
    const c = Buffer.from('');
    const gz = Buffer.concat([gzipSync(a, { level: 1 }), gzipSync(c), gzipSync(b, { level: 9 })]);
    const { out, index: idx } = index(gz, [10_000], 16 * 1024);
    const all = Buffer.concat([a, b]);
    expect(out.equals(all)).toBe(true);
    expect(idx.parts.length).toBe(3);
    expect(readGzip(idx, bufferSource(gz), 199_000, 3000).equals(all.subarray(199_000, 202_000))).toBe(true);
    // The gzip bytes as a range of something larger (a member inside a tar).
    const outer = Buffer.concat([Buffer.alloc(777, 1), gz, Buffer.alloc(99, 2)]);
    expect(readGzip(idx, sliceSource(bufferSource(outer), 777, gz.length), 250_000, 10).equals(all.subarray(250_000, 250_010))).toBe(true);
  });

  it('a source reads through the index many times into the same buffers (one span, one input piece), giving the same bytes', () => {
    // Issue 18: a buffer of several MiB made per read stayed resident in the C library's heap after the opens.
    const inner = content(11, 1_500_000);
    const innerGz = gzipSync(inner, { level: 6 });
    const tar = Buffer.concat([content(12, 700_000), innerGz, content(13, 900_000)]);
    const tarGz = gzipSync(tar, { level: 1 });
    const outerIdx = index(tarGz, [1 << 20], 64 * 1024).index;
    const innerIdx = index(innerGz, [1 << 20], 32 * 1024).index;
    expect(outerIdx.parts[0]?.checkpoints.length).toBeGreaterThan(8);
    expect(innerIdx.parts[0]?.checkpoints.length).toBeGreaterThan(8);
    const dir = mkdtempSync(join(tmpdir(), 'gzip-index-'));
    dropSpareSpans();
    try {
      const path = join(dir, 'a.tar.gz');
      writeFileSync(path, tarGz);
      const made: number[] = [];
      const alloc = (n: number): Buffer => {
        made.push(n);
        return Buffer.allocUnsafe(n);
      };
      let inflated = 0;
      const outer = gzipSource(outerIdx, fileSource(path, tarGz.length), { alloc, onInflate: (n) => (inflated += n) });
      const member = gzipSource(innerIdx, sliceSource(outer, 700_000, innerGz.length), { alloc });
      let seed = 5;
      const rnd = (n: number): number => {
        seed = (seed * 1103515245 + 12345) >>> 0;
        return seed % n;
      };
      for (let i = 0; i < 60; i++) {
        const at = rnd(tar.length - 2000);
        const n = 1 + rnd(1500);
        expect(outer.read(at, n).equals(tar.subarray(at, at + n))).toBe(true);
        const from = rnd(inner.length - 2000);
        const length = 1 + rnd(2000);
        expect(member.read(from, length).equals(inner.subarray(from, from + length))).toBe(true);
        // The span of the tar stream, then the member's: reads far apart inflate again, into the same buffers.
        const far = rnd(tar.length - 100);
        expect(outer.read(far, 100).equals(tar.subarray(far, far + 100))).toBe(true);
      }
      expect(inflated).toBeGreaterThan(10 * 64 * 1024);
      // The tar stream's span and its input piece (a file is read into it), the member's span: made once each.
      expect(made.length).toBe(3);
      outer.release();
      member.release();
      // A source made after (another member opened) takes a released span: no new one.
      const again = gzipSource(innerIdx, sliceSource(bufferSource(tar), 700_000, innerGz.length), { alloc });
      expect(again.read(1_000_000, 500).equals(inner.subarray(1_000_000, 1_000_500))).toBe(true);
      expect(made.length).toBe(3);
      // Given back (a search starts): the next source makes its own.
      again.release(false);
      dropSpareSpans();
      const fresh = gzipSource(innerIdx, sliceSource(bufferSource(tar), 700_000, innerGz.length), { alloc });
      expect(fresh.read(10, 5).equals(inner.subarray(10, 15))).toBe(true);
      expect(made.length).toBe(4);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('inflates raw deflate blocks one after another into one buffer, through one handle; says when one does not fit or is corrupt', () => {
    const inflater = new RawBlockInflater();
    const out = Buffer.alloc(300_000);
    try {
      for (let i = 0; i < 50; i++) {
        const text = content(100 + i, 1000 + ((i * 7919) % 250_000));
        const n = inflater.inflateInto(deflateRawSync(text, { level: i % 2 ? 1 : 9 }), out);
        expect(n).toBe(text.length);
        expect(out.subarray(0, n ?? 0).equals(text)).toBe(true);
      }
      const big = content(7, 400_000);
      expect(inflater.inflateInto(deflateRawSync(big), out)).toBeNull();
      const bad = Buffer.from(deflateRawSync(content(8, 50_000)));
      for (let i = 10; i < 60; i++) bad[i] = (bad[i] as number) ^ 0xa5;
      expect(inflater.inflateInto(bad, out)).toBeNull();
      // After either, the next block inflates as before.
      const after = content(9, 20_000);
      expect(inflater.inflateInto(deflateRawSync(after), out)).toBe(after.length);
      expect(out.subarray(0, after.length).equals(after)).toBe(true);
    } finally {
      inflater.close();
    }
  });

  it('keeps a header with extra field, name, comment and header CRC apart from the data', () => {
    const data = content(3, 100_000);
    const plain = gzipSync(data);
    const extra = Buffer.from([1, 2, 3, 4]);
    const fields = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, 3]), Buffer.from([extra.length, 0]), extra, Buffer.from('name.log\0comment\0')]);
    // The header CRC is checked (zlib checks it too): the low 16 bits of the CRC-32 of the fields before it.
    const hcrc = Buffer.alloc(2);
    hcrc.writeUInt16LE(crc32(fields) & 0xffff);
    const header = Buffer.concat([fields, hcrc]);
    const gz = Buffer.concat([header, plain.subarray(10)]);
    const { out, index: idx } = index(gz, [7], 8 * 1024);
    expect(idx.problem).toBeNull();
    expect(out.equals(data)).toBe(true);
    expect(readGzip(idx, bufferSource(gz), 50_000, 100).equals(data.subarray(50_000, 50_100))).toBe(true);
  });

  it('says why a cut, corrupt or foreign stream stopped, keeping what came before, without throwing', () => {
    const data = content(4, 300_000);
    const gz = gzipSync(data);
    const cut = index(gz.subarray(0, Math.floor(gz.length / 2)), [4096], 16 * 1024);
    expect(cut.index.complete).toBe(false);
    expect(cut.index.problem).toBe('unexpected end of file');
    expect(data.subarray(0, cut.out.length).equals(cut.out)).toBe(true);
    expect(readGzip(cut.index, bufferSource(gz), 1000, 100).equals(data.subarray(1000, 1100))).toBe(true);

    const bad = Buffer.from(gz);
    for (let i = 2000; i < 2100; i++) bad[i] = (bad[i] as number) ^ 0x5a;
    const broken = index(bad, [50_000], 16 * 1024);
    expect(broken.index.complete).toBe(false);
    expect(broken.index.problem).toMatch(/invalid|incorrect|distance|code|block/i);

    const trailer = Buffer.from(gz);
    trailer.writeUInt32LE((trailer.readUInt32LE(trailer.length - 8) ^ 1) >>> 0, trailer.length - 8);
    expect(index(trailer, [1 << 20], 16 * 1024).index.problem).toBe('incorrect data check');

    expect(index(Buffer.from('not gzip at all'), [5], 16 * 1024).index.problem).toBe('incorrect header check');
    const garbage = index(Buffer.concat([gz, Buffer.from('trailing junk')]), [1 << 20], 16 * 1024);
    expect(garbage.index).toMatchObject({ complete: true, trailing: true });
    expect(garbage.out.equals(data)).toBe(true);
    const zeros = index(Buffer.concat([gz, Buffer.alloc(1000)]), [1 << 20], 16 * 1024);
    expect(zeros.index).toMatchObject({ complete: true, trailing: false });
    expect(zeros.trailingBytes).toBe(0);
  });

  it('counts the bytes after the gzip data as the archive reader does, however they are pushed (the log view says the same as the report)', () => {
    const data = content(11, 300_000);
    const two = Buffer.concat([gzipSync(data.subarray(0, 100_000)), gzipSync(data.subarray(100_000))]);
    const tails = [
      Buffer.from('GARBAGE\n'.repeat(10)),
      Buffer.concat([Buffer.alloc(1), Buffer.from('after a zero')]),
      Buffer.from([0x1f]),
      Buffer.from([0x1f, 0x8b, 0x00, 0x42, 1, 2, 3, 4, 5, 6, 7]),
      Buffer.from([0x1f, 0x8b, 0x08, 0x08, 0, 0, 0, 0, 0, 3, 0x6e]),
    ];
    fc.assert(fc.property(fc.integer({ min: 0, max: tails.length - 1 }), fc.array(fc.integer({ min: 1, max: 90_000 }), { minLength: 1, maxLength: 4 }), (t, chunks) => {
      const tail = tails[t] as Buffer;
      const r = index(Buffer.concat([two, tail]), chunks, 16 * 1024);
      expect(r.index).toMatchObject({ complete: true, trailing: true, problem: null });
      expect(r.out.equals(data)).toBe(true);
      expect(r.trailingBytes).toBe(tail.length);
    }), { numRuns: 60 });
    // A header whose file name goes on past any real header (1 MiB and more), never ended: bytes after the data too.
    const long = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x08]), Buffer.alloc((1 << 20) + 1, 0x08)]);
    for (const chunks of [[1 << 20], [two.length - 3, 70_000], [4096, 300_000]]) {
      const r = index(Buffer.concat([two, long]), chunks, 16 * 1024);
      expect([r.index.complete, r.index.trailing, r.index.problem, r.out.equals(data), r.trailingBytes], String(chunks)).toEqual([true, true, null, true, long.length]);
    }
    // zlib stops at a zero after the data and reads no member after it: neither does the index, however it is pushed.
    const zerosThenMember = Buffer.concat([two, Buffer.alloc(100), gzipSync(Buffer.from('not read\n'))]);
    for (const chunks of [[1 << 20], [two.length + 50, 1 << 20], [two.length + 100, 1 << 20]]) {
      const r = index(zerosThenMember, chunks, 16 * 1024);
      expect(r.out.equals(data), String(chunks)).toBe(true);
      expect(r.trailingBytes, String(chunks)).toBe(zerosThenMember.length - two.length);
    }
  });

  it('checks the header CRC (FHCRC) as zlib does: a wrong one is damage, at the first member and after one', () => {
    const data = content(12, 50_000);
    const body = gzipSync(data).subarray(10);
    const header = (crc: number): Buffer => {
      const h = Buffer.from([0x1f, 0x8b, 0x08, 0x02, 0, 0, 0, 0, 0, 3, 0, 0]);
      h.writeUInt16LE(crc, 10);
      return h;
    };
    const good = header(crc32(Buffer.from([0x1f, 0x8b, 0x08, 0x02, 0, 0, 0, 0, 0, 3])) & 0xffff);
    const bad = header(0x1234);
    const ok = index(Buffer.concat([good, body]), [7, 1 << 20], 16 * 1024);
    expect(ok.index).toMatchObject({ complete: true, problem: null });
    expect(ok.out.equals(data)).toBe(true);
    expect(index(Buffer.concat([bad, body]), [1 << 20], 16 * 1024).index).toMatchObject({ complete: false, problem: 'header crc mismatch' });
    const later = index(Buffer.concat([gzipSync(data), bad, body]), [1 << 20], 16 * 1024);
    expect(later.index).toMatchObject({ complete: false, problem: 'header crc mismatch', trailing: false });
    expect(later.out.equals(data)).toBe(true);
  });

  it('a read past what the compressed bytes hold (the file changed since) throws a reason instead of giving wrong bytes', () => {
    const data = content(5, 200_000);
    const gz = gzipSync(data);
    const { index: idx } = index(gz, [1 << 20], 16 * 1024);
    expect(() => readGzip(idx, bufferSource(gz.subarray(0, 1000)), 150_000, 100)).toThrow();
  });

  it('says it is not available where zlib internals are missing, and builds no index there', () => {
    setBlockInflater(null);
    expect(gzipIndexSupported()).toBe(false);
    expect(() => new GzipIndexer()).toThrow(/not available/);
    // Internals that behave otherwise (another Node's): the self-test says no, and nothing throws.
    setBlockInflater(() => ({ write: (_i, _io, inLen, _o, _oo, outLen) => ({ availIn: inLen > 0 ? inLen - 1 : 0, availOut: outLen }), failed: () => null, close: () => undefined }));
    expect(gzipIndexSupported()).toBe(false);
    setBlockInflater(() => ({ write: () => { throw new TypeError('writeSync is not a function'); }, failed: () => null, close: () => undefined }));
    expect(gzipIndexSupported()).toBe(false);
  });

});
