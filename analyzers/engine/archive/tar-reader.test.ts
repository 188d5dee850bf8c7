import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import * as tar from 'tar-stream';
import { describe, expect, it } from 'vitest';
import type { ChunkSource, TarHeader } from './tar-reader.js';
import { readTarChunks } from './tar-reader.js';
import { cutAt } from '../plugin/testing.js';

interface Member {
  name: string;
  type: 'file' | 'directory' | 'symlink';
  content: Buffer;
  linkname?: string;
}

/** A tar of the members, as tar-stream writes it (GNU long names and pax headers where a name needs them). */
async function pack(members: Member[]): Promise<Buffer> {
  const p = tar.pack();
  const chunks: Buffer[] = [];
  p.on('data', (c: unknown) => void chunks.push(c as Buffer));
  const ended = new Promise<void>((resolve) => p.on('end', () => resolve()));
  for (const m of members) {
    const header: Partial<tar.Header> & { name: string } = { name: m.name, type: m.type, mtime: new Date(1_700_000_000_000), ...(m.linkname ? { linkname: m.linkname } : {}) };
    if (m.type === 'file') p.entry(header, m.content);
    else p.entry(header);
  }
  p.finalize();
  await ended;
  return Buffer.concat(chunks);
}

/** The pieces, each handed out in one buffer written over at every call (as NativeFileGunzip's are), or as they are. */
function source(pieces: Buffer[], reuse: boolean): ChunkSource {
  let i = 0;
  const shared = Buffer.alloc(Math.max(1, ...pieces.map((p) => p.length)));
  return {
    reused: reuse,
    next: async () => {
      const p = pieces[i++];
      if (!p) return null;
      if (!reuse) return p;
      shared.fill(0xee);
      p.copy(shared);
      return shared.subarray(0, p.length);
    },
    close: () => undefined,
  };
}

type Seen = Array<{ name: string; type: string | null; size: number; linkname: string | null; mtime: number; offset: number; data: string }>;

/** What this reader hands on: each member's header and data (each piece copied as it is taken). */
async function ours(pieces: Buffer[], reuse: boolean): Promise<{ seen: Seen; error: string | null }> {
  const seen: Seen = [];
  try {
    await readTarChunks(source(pieces, reuse), {
      onChunk: () => undefined,
      async onEntry(h, data) {
        const parts: Buffer[] = [];
        for await (const piece of data) {
          parts.push(Buffer.from(piece));
          // A reader that takes its time: the tar reader must wait for it before it goes on.
          await new Promise<void>((resolve) => setImmediate(resolve));
        }
        seen.push({ name: h.name, type: h.type, size: h.size, linkname: h.linkname, mtime: h.mtime.getTime(), offset: h.byteOffset, data: Buffer.concat(parts).toString('latin1') });
      },
    });
    return { seen, error: null };
  } catch (err) {
    return { seen, error: (err as Error).message };
  }
}

/** What tar-stream hands on from the same bytes. */
async function theirs(pieces: Buffer[]): Promise<{ seen: Seen; error: string | null }> {
  const seen: Seen = [];
  const extract = tar.extract({ allowUnknownFormat: true } as Parameters<typeof tar.extract>[0]);
  try {
    const input = Readable.from(pieces.map((p) => Buffer.from(p)));
    input.pipe(extract as unknown as NodeJS.WritableStream);
    input.on('error', (e: Error) => extract.destroy(e));
    for await (const entry of extract) {
      const parts: Buffer[] = [];
      for await (const piece of entry) parts.push(Buffer.from(piece as Buffer));
      const h = entry.header as tar.Header & { byteOffset: number };
      seen.push({ name: h.name, type: h.type ?? null, size: h.size ?? 0, linkname: h.linkname ?? null, mtime: h.mtime?.getTime() ?? NaN, offset: h.byteOffset, data: Buffer.concat(parts).toString('latin1') });
    }
    return { seen, error: null };
  } catch (err) {
    return { seen, error: (err as Error).message };
  }
}

const cut = cutAt;

const member = fc.record({
  // Long and non-ASCII names need GNU long names or pax records.
  name: fc.oneof(fc.stringMatching(/^[a-z0-9/._-]{1,40}$/), fc.stringMatching(/^[a-z/]{90,260}$/), fc.constantFrom('var/log/メッセージ.log', 'a/b/')).filter((n) => !n.startsWith('/') && n.replace(/\//g, '') !== ''),
  type: fc.constantFrom('file' as const, 'file' as const, 'directory' as const, 'symlink' as const),
  content: fc.uint8Array({ maxLength: 3000 }).map((a) => Buffer.from(a)),
  linkname: fc.stringMatching(/^[a-z/]{1,150}$/),
}).map((m): Member => ({ name: m.name, type: m.type, content: m.type === 'file' ? m.content : Buffer.alloc(0), ...(m.type === 'symlink' ? { linkname: m.linkname } : {}) }));

describe('the tar reader (tar-reader.ts) hands on what tar-stream does', () => {
  it('the same members, headers, data offsets and data, however the bytes are cut, from buffers reused at every chunk', async () => {
    await fc.assert(fc.asyncProperty(fc.array(member, { maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }), fc.boolean(), async (members, cuts, reuse) => {
      const bytes = await pack(members);
      const pieces = cut(bytes, cuts);
      const [a, b] = [await theirs(pieces), await ours(pieces, reuse)];
      expect(b).toEqual(a);
    }), { numRuns: 120 });
  });

  it('fails where tar-stream fails, with its message, on damaged or cut bytes', async () => {
    const bytes = await pack([
      { name: 'n/var/log/messages', type: 'file', content: Buffer.from('x'.repeat(1500)) },
      { name: `n/${'long/'.repeat(30)}name.log`, type: 'file', content: Buffer.from('y'.repeat(700)) },
    ]);
    await fc.assert(fc.asyncProperty(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 }), fc.nat(bytes.length), fc.array(fc.nat(), { maxLength: 4 }), async (at, xor, keep, cuts) => {
      const damaged = Buffer.from(bytes);
      damaged[at] = (damaged[at] ?? 0) ^ xor;
      const pieces = cut(damaged.subarray(0, keep), cuts);
      const [a, b] = [await theirs(pieces), await ours(pieces, true)];
      expect(b.error).toBe(a.error);
      expect(b.seen.map((s) => [s.name, s.data])).toEqual(a.seen.map((s) => [s.name, s.data]));
    }), { numRuns: 150 });
  });

  it('a member\'s reader sees the archive stop under it as an error of its data', async () => {
    const bytes = await pack([{ name: 'n/var/log/messages', type: 'file', content: Buffer.from('z'.repeat(5000)) }]);
    let problem: unknown = null;
    let got = 0;
    await expect(readTarChunks(source(cut(bytes.subarray(0, 2000), [700]), true), {
      onChunk: () => undefined,
      async onEntry(_h, data) {
        try {
          for await (const piece of data) got += piece.length;
        } catch (err) {
          problem = err;
        }
      },
    })).rejects.toThrow('Unexpected end of data');
    expect(got).toBe(2000 - 512);
    expect(String(problem)).toMatch(/Unexpected end of data/);
  });
});

/** A 3 MiB file of seven 4 KiB chunks among holes, and a file after it, packed by GNU tar in the sparse format asked. */
function sparseTar(dir: string, format: string[]): Buffer {
  const sparse = join(dir, 'n/var/log/sparse.log');
  mkdirSync(join(dir, 'n/var/log'), { recursive: true });
  const fd = openSync(sparse, 'w');
  ftruncateSync(fd, 3 * 2 ** 20);
  for (let k = 0; k < 7; k++) writeSync(fd, Buffer.from(`May 20 10:00:0${k} n x[1]: INFO: chunk ${k}\n`), 0, undefined, k * 400_000);
  closeSync(fd);
  writeFileSync(join(dir, 'n/var/log/after.log'), 'May 20 10:00:09 n x[1]: INFO: after the sparse file\n');
  const out = join(dir, `${format.join('')}.tar`);
  execFileSync('tar', ['--sparse', ...format, '-C', dir, '-cf', out, 'n/var/log/sparse.log', 'n/var/log/after.log']);
  return readFileSync(out);
}

const gnuTar = ((): boolean => {
  try {
    return /GNU tar/.test(execFileSync('tar', ['--version']).toString());
  } catch {
    return false;
  }
})();

describe('sparse files (GNU tar --sparse): marked, framed right, never read as the file', () => {
  it.skipIf(!gnuTar)('GNU (S, its map going on in an extension block), pax 0.0, 0.1 and 1.0: the sparse member is named with its size, the next is whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lkanalyze-sparse-'));
    try {
      for (const format of [['--format=gnu'], ['--format=posix', '--sparse-version=0.0'], ['--format=posix', '--sparse-version=0.1'], ['--format=posix', '--sparse-version=1.0']]) {
        const bytes = sparseTar(dir, format);
        for (const cuts of [[], [700, 3000, 9000]]) {
          const seen: Array<{ name: string; sparse: TarHeader['sparse']; data: string }> = [];
          await readTarChunks(source(cut(bytes, cuts), true), {
            onChunk: () => undefined,
            async onEntry(h, data) {
              const parts: Buffer[] = [];
              for await (const piece of data) parts.push(Buffer.from(piece));
              seen.push({ name: h.name, sparse: h.sparse, data: Buffer.concat(parts).toString('latin1') });
            },
          });
          const what = format.join(' ');
          expect(seen.map((s) => [s.name, s.sparse]), what).toEqual([['n/var/log/sparse.log', { size: 3 * 2 ** 20 }], ['n/var/log/after.log', null]]);
          expect(seen[1]?.data, what).toBe('May 20 10:00:09 n x[1]: INFO: after the sparse file\n');
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an extension block the archive never gives is a cut archive, not a hang', async () => {
    const h = Buffer.alloc(512);
    h.write('n/var/log/sparse.log', 0, 'latin1');
    h.write('0000644\0', 100, 'latin1');
    h.write('00000001000\0', 124, 'latin1');
    h.write('00000000000\0', 136, 'latin1');
    h[156] = 'S'.charCodeAt(0);
    h[482] = 1;
    h.fill(0x20, 148, 156);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
    const ext = Buffer.alloc(512);
    ext[504] = 1;
    await expect(readTarChunks(source([h, ext, ext], false), { onChunk: () => undefined, onEntry: async () => undefined })).rejects.toThrow('Unexpected end of data');
  });
});
