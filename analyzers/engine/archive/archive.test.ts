import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { crc32, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyAnalyzer, ListedMember } from '../plugin/analyzer.js';
import { defineAnalyzer } from '../plugin/analyzer.js';
import type { ArchiveVisitor } from './archive.js';
import { ArchiveError, normalizeMemberPath, readArchive, readArchiveStream, readNestedArchive } from './archive.js';
import { useNativeGunzip } from './native-gunzip.js';
import type { Text } from '../plugin/text.js';
import { analyzeArchive } from '../run/engine.js';
import { makeTar } from '../plugin/testing.js';

// The facts these tests' own analyzers establish (a test program sees them; the engine's does not).
declare module '../plugin/facts.js' {
  interface Facts {
    collect: number;
    cores: readonly ListedMember[];
    lengths: number[];
  }
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lkanalyze-archive-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, bytes: Buffer): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, bytes);
  return p;
}

const LOG = 'May 20 10:13:20 lk1 lkscsid[4410]: INFO:lkscsid:::007046:lkscsid daemon pid:4410 mlock:1 nice:-10\n';

/** Collects what a log watcher sees, to check what the reader delivered. */
function logCollector(): { analyzer: AnyAnalyzer; lines: string[] } {
  const lines: string[] = [];
  const analyzer = defineAnalyzer<'collect', string[]>({
    meta: { id: 'collect', kind: 'fact', title: { en: 'c', ja: 'c' }, inputs: ['lifekeeper-log'], version: '1' },
    watch: { inputs: ['lifekeeper-log'], init: () => lines, onLine: (s, l) => void s.push(`${l.member.path}:${l.line}:${l.text}`) },
    run: (ctx) => ctx.watched.length,
  });
  return { analyzer, lines };
}

async function analyzeBytes(name: string, bytes: Buffer) {
  const { analyzer, lines } = logCollector();
  const result = await analyzeArchive(await file(name, bytes), { analyzers: [analyzer] });
  return { result, lines };
}

describe('an input that is not a readable archive gets a plain reason', () => {
  const cases: Array<[string, () => Promise<Buffer>, RegExp]> = [
    ['an empty file', async () => Buffer.alloc(0), /empty/],
    ['a tar.gz with no members', async () => gzipSync(await makeTar([])), /holds no members/],
    ['random bytes', async () => Buffer.from('this is not an archive at all, just words\n'.repeat(50)), /neither a \.tar\.gz nor a \.tar/],
    ['a corrupt zip', async () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100)]), /zip file, but its directory cannot be read/],
    ['an xz file', async () => Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1, 2, 3]), /xz-compressed data/],
    ['a 7z file', async () => Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), /7-Zip/],
    ['a gzip that holds a log, not a tar', async () => gzipSync(Buffer.from(LOG.repeat(100))), /does not hold a tar archive/],
    ['a gzip truncated before any member', async () => gzipSync(await makeTar([{ name: 'a/var/log/lifekeeper.log', content: LOG.repeat(2000) }])).subarray(0, 20), /truncated/],
  ];
  for (const [what, make, reason] of cases) {
    it(`${what}`, async () => {
      const { result } = await analyzeBytes(`${what.replace(/\W+/g, '-')}.bin`, await make());
      expect(result.archive.status).toBe('unreadable');
      expect(result.node).toBeNull();
      expect(result.archive.problem?.en).toMatch(reason);
      expect(result.archive.problem?.ja.length).toBeGreaterThan(0);
    });
  }

  it('a missing file', async () => {
    await expect(readArchive(join(dir, 'nope.tar.gz'), { open: () => null })).rejects.toMatchObject({ code: 'missing' });
  });

  it('a directory', async () => {
    const err = await readArchive(dir, { open: () => null }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ArchiveError);
    expect((err as ArchiveError).reason.en).toMatch(/not a regular file/);
  });
});

describe('archives that can be read', () => {
  it('reads a plain tar as well as a tar.gz', async () => {
    const tarBytes = await makeTar([{ name: 'n/var/log/lifekeeper.log', content: LOG }]);
    for (const [name, bytes] of [['plain.tar', tarBytes], ['gz.tar.gz', gzipSync(tarBytes)]] as const) {
      const { result, lines } = await analyzeBytes(name, bytes);
      expect(result.archive.status).toBe('read');
      expect(result.archive.format).toBe(name.endsWith('.gz') ? 'tar+gzip' : 'tar');
      expect(lines).toEqual([`n/var/log/lifekeeper.log:1:${LOG.trim()}`]);
    }
  });

  it('reads concatenated gzip members as one stream', async () => {
    const tarBytes = await makeTar([{ name: 'n/var/log/lifekeeper.log', content: LOG.repeat(3) }]);
    const half = 1024;
    const bytes = Buffer.concat([gzipSync(tarBytes.subarray(0, half)), gzipSync(tarBytes.subarray(half))]);
    const { result, lines } = await analyzeBytes('concat.tar.gz', bytes);
    expect(result.archive.status).toBe('read');
    expect(lines).toHaveLength(3);
  });

  it.each([['zlib driven directly (NativeGunzip)', null], ['the zlib stream', false]] as const)('reads rotated gzip logs inside the tar and numbers their lines, inflated by %s', async (_how, native) => {
    useNativeGunzip(native);
    try {
      const bytes = gzipSync(
        await makeTar([
          { name: 'n/var/log/lifekeeper.log-20240519.gz', content: gzipSync(Buffer.from(`x\n${LOG}`)) },
          { name: 'n/var/log/lifekeeper.log', content: LOG },
          // Longer than the inflater's buffers: lines across their ends.
          { name: 'n/var/log/lifekeeper.log-20240512.gz', content: gzipSync(Buffer.from(LOG.repeat(30_000))) },
        ]),
      );
      const { lines } = await analyzeBytes(`rotated-${native ?? 'native'}.tar.gz`, bytes);
      expect(lines.slice(0, 3)).toEqual([
        'n/var/log/lifekeeper.log-20240519.gz:1:x',
        `n/var/log/lifekeeper.log-20240519.gz:2:${LOG.trim()}`,
        `n/var/log/lifekeeper.log:1:${LOG.trim()}`,
      ]);
      expect(lines.length).toBe(3 + 30_000);
      expect(lines[3 + 29_999]).toBe(`n/var/log/lifekeeper.log-20240512.gz:30000:${LOG.trim()}`);
    } finally {
      useNativeGunzip(null);
    }
  });

  it.each([['zlib driven directly (NativeGunzip)', null], ['the zlib stream', false]] as const)('reads a rotated log with bytes after its gzip data whole and says how many were ignored, not that it is corrupt (%s)', async (_how, native) => {
    useNativeGunzip(native);
    try {
      const data = Buffer.from(LOG.repeat(2000));
      const tails = [Buffer.from('GARBAGE\n'), Buffer.from([0x01]), Buffer.from([0x1f, 0x8b, 0x08])];
      const bytes = gzipSync(await makeTar(tails.map((tail, i) => ({ name: `n/var/log/lifekeeper.log-${i}.gz`, content: Buffer.concat([gzipSync(data), tail]) }))));
      const { result, lines } = await analyzeBytes(`rotated-trailing-${native ?? 'native'}.tar.gz`, bytes);
      expect(lines).toHaveLength(3 * 2000);
      expect(result.node?.members.read.map((m) => [m.path, m.lines, m.problem?.en])).toEqual(tails.map((tail, i) => [
        `n/var/log/lifekeeper.log-${i}.gz`, 2000, `${tail.length} bytes after the end of the gzip data were ignored (as gzip does); everything before them was read`,
      ]));
    } finally {
      useNativeGunzip(null);
    }
  });

  it.each([['zlib driven directly (NativeGunzip)', null], ['the zlib stream', false]] as const)('reads a rotated log the archive was cut under up to the cut, and says the archive stopped there (%s)', async (_how, native) => {
    useNativeGunzip(native);
    try {
      // Stored (level 0) twice over, so that the cut falls in the middle of the rotated log's own gzip data.
      const inner = gzipSync(Buffer.from(LOG.repeat(40_000)), { level: 1 });
      const full = gzipSync(await makeTar([{ name: 'n/var/log/lifekeeper.log-1.gz', content: inner }]), { level: 0 });
      const { result, lines } = await analyzeBytes(`cut-in-gz-${native ?? 'native'}.tar.gz`, full.subarray(0, Math.floor(full.length * 0.6)));
      expect(result.archive.status).toBe('partial');
      const member = result.node?.members.read.find((m) => m.path.endsWith('.gz'));
      expect(member?.problem?.en).toMatch(/archive stopped in the middle of this member/);
      expect(lines.length).toBeGreaterThan(1000);
      expect(lines.length).toBeLessThan(40_000);
    } finally {
      useNativeGunzip(null);
    }
  });

  it('keeps what was read from a truncated archive and says it is partial', async () => {
    const members = [{ name: 'n/var/log/lifekeeper.log', content: LOG }, { name: 'n/junk.bin', content: Buffer.alloc(200_000, 7) }];
    const full = gzipSync(await makeTar(members), { level: 0 });
    const { result, lines } = await analyzeBytes('truncated.tar.gz', full.subarray(0, Math.floor(full.length * 0.6)));
    expect(result.archive.status).toBe('partial');
    expect(result.archive.problem?.en).toMatch(/truncated/);
    expect(result.node?.notes.map((n) => n.en).join()).toMatch(/truncated/);
    expect(lines).toHaveLength(1);
  });

  it('reads the lines before the damage of a corrupt gzip member and says so', async () => {
    const inner = gzipSync(Buffer.from(LOG.repeat(5000)));
    const broken = Buffer.concat([inner.subarray(0, inner.length - 40), Buffer.alloc(40, 0xff)]);
    const bytes = gzipSync(await makeTar([{ name: 'n/var/log/lifekeeper.log-1.gz', content: broken }]));
    const { result, lines } = await analyzeBytes('corrupt-member.tar.gz', bytes);
    expect(result.archive.status).toBe('read');
    const member = result.node?.members.read.find((m) => m.path.endsWith('.gz'));
    expect(member?.problem?.en).toMatch(/corrupt or truncated/);
    expect(lines.length).toBeGreaterThan(100);
  });
});

describe('a gzip file is inflated into a few reused buffers (NativeFileGunzip; the zlib stream made a new one for each MiB)', () => {
  /** Varied lines that compress about fourfold, so that a member's compressed bytes span several of the reader's buffers. */
  const varied = (n: number, tag: string): Buffer => Buffer.from(Array.from({ length: n }, (_, j) => `May 20 10:13:${j % 60} lk1 kernel: ${tag} ${j} ${((j * 2654435761) >>> 0).toString(36)} ${((j * 40503) % 65521).toString(16)}\n`).join(''));

  it('hands the members\' data out of three buffers, however large the archive', async () => {
    const bytes = gzipSync(await makeTar([{ name: 'n/var/log/messages', content: varied(150_000, 'a') }, { name: 'n/var/log/messages.1', content: varied(80_000, 'b') }]));
    const path = await file('reused.tar.gz', bytes);
    const buffers = new Set<ArrayBufferLike>();
    let total = 0;
    await readArchive(path, { open: () => ({ gunzip: false, write: (c) => { buffers.add(c.buffer); total += c.length; return true; }, end: () => undefined }) });
    expect(total).toBeGreaterThan(10 * 2 ** 20);
    expect(buffers.size).toBeLessThanOrEqual(3);
  });

  it('gives a rotated log\'s inflater and an archive inside their own copies of bytes that span several buffers', async () => {
    const rotated = varied(300_000, 'r');
    const inner = gzipSync(await makeTar([{ name: 'in/var/log/messages', content: varied(150_000, 'i') }]), { level: 1 });
    const bytes = gzipSync(await makeTar([
      { name: 'n/var/log/lifekeeper.log-1.gz', content: gzipSync(Buffer.concat([Buffer.from(LOG), rotated]), { level: 1 }) },
      { name: 'n/inner.tar.gz', content: inner },
      { name: 'n/var/log/lifekeeper.log', content: LOG },
    ]), { level: 1 });
    expect(gzipSync(rotated, { level: 1 }).length).toBeGreaterThan(3 * 2 ** 20);
    expect(inner.length).toBeGreaterThan(1.5 * 2 ** 20);
    const path = await file('rotated-span.tar.gz', bytes);
    const crcs = new Map<string, [number, number]>();
    await readArchive(path, {
      open: (h) => {
        let crc = 0;
        let length = 0;
        return { gunzip: h.path.endsWith('.gz'), write: (c) => { crc = crc32(c, crc); length += c.length; return true; }, end: (p) => void crcs.set(h.path, p ? [-1, -1] : [length, crc]) };
      },
      openArchive: (h) => (h.path.endsWith('inner.tar.gz') ? async (content) => {
        await readNestedArchive(content, h.path, {
          open: (ih) => {
            let crc = 0;
            let length = 0;
            return { gunzip: false, write: (c) => { crc = crc32(c, crc); length += c.length; return true; }, end: () => void crcs.set(ih.path, [length, crc]) };
          },
        }, { bytes: h.size });
      } : null),
    });
    const whole = Buffer.concat([Buffer.from(LOG), rotated]);
    expect(crcs.get('n/var/log/lifekeeper.log-1.gz')).toEqual([whole.length, crc32(whole)]);
    const innerLog = varied(150_000, 'i');
    expect(crcs.get('in/var/log/messages')).toEqual([innerLog.length, crc32(innerLog)]);
    expect(crcs.get('n/var/log/lifekeeper.log')).toEqual([LOG.length, crc32(LOG)]);
  });
});

describe('members are never trusted', () => {
  it('normalizes paths and flags absolute and climbing ones', () => {
    expect(normalizeMemberPath('./a//b/./c')).toEqual({ path: 'a/b/c', pathProblem: null });
    expect(normalizeMemberPath('/etc/passwd')).toEqual({ path: 'etc/passwd', pathProblem: 'absolute' });
    expect(normalizeMemberPath('a/../../etc/passwd').pathProblem).toBe('parent');
  });

  it('records links, devices, "../" and absolute paths, follows none, and writes nothing', async () => {
    const escape = join(dir, `escape-${Date.now()}`);
    const bytes = gzipSync(
      await makeTar([
        { name: '../../../tmp/evil/var/log/lifekeeper.log', content: LOG },
        { name: `${escape}/var/log/lifekeeper.log`, content: LOG },
        { name: 'n/var/log/messages', type: 'symlink', linkname: '/var/log/messages' },
        { name: 'n/etc/default/LifeKeeper', type: 'link', linkname: 'n/etc/shadow' },
        { name: 'n/dev/sda', type: 'character-device' },
      ]),
    );
    const before = await readdir(dir);
    const { result, lines } = await analyzeBytes('hostile.tar.gz', bytes);
    const after = await readdir(dir);
    expect(after.sort()).toEqual([...before, 'hostile.tar.gz'].sort());
    expect(existsSync(escape)).toBe(false);
    const skipped = result.node?.members.skipped ?? [];
    expect(skipped.find((s) => s.path.includes('../'))?.code).toBe('unsafe-path');
    expect(skipped.find((s) => s.path === `${escape}/var/log/lifekeeper.log`)?.reason.en).toMatch(/absolute path/);
    expect(skipped.find((s) => s.path === 'n/var/log/messages')?.reason.en).toMatch(/symbolic link to "\/var\/log\/messages".*never followed/);
    expect(skipped.find((s) => s.path === 'n/etc/default/LifeKeeper')?.reason.en).toMatch(/hard link/);
    expect(skipped.find((s) => s.path === 'n/dev/sda')?.code).toBe('device');
    // Only the absolute-path log is read, as a path inside the archive.
    expect(lines).toEqual([`${escape.slice(1)}/var/log/lifekeeper.log:1:${LOG.trim()}`]);
  });

  it('skips a binary member named like a log and records its size', async () => {
    const elf = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.alloc(10_000, 3)]);
    const bytes = gzipSync(await makeTar([{ name: 'n/var/log/lifekeeper.log', content: elf }]));
    const { result, lines } = await analyzeBytes('binary-log.tar.gz', bytes);
    expect(lines).toEqual([]);
    expect(result.node?.members.skipped).toEqual([
      expect.objectContaining({ path: 'n/var/log/lifekeeper.log', code: 'binary', bytes: 10_004 }),
    ]);
  });

  it('lists core files by name and size without reading them', async () => {
    const bytes = gzipSync(await makeTar([{ name: 'n/var/crash/core.lkscsid.6847', content: Buffer.alloc(300_000, 1) }]));
    const probe = defineAnalyzer({
      meta: { id: 'cores', kind: 'fact', title: { en: 'c', ja: 'c' }, inputs: ['core-file'], version: '1' },
      run: (ctx) => ctx.listed('core-file'),
    });
    const result = await analyzeArchive(await file('cores.tar.gz', bytes), { analyzers: [probe] });
    expect(result.node?.['cores']).toEqual([expect.objectContaining({ path: 'n/var/crash/core.lkscsid.6847', size: 300_000 })]);
  });

  it('notes an xz-compressed log as not supported yet', async () => {
    const bytes = gzipSync(await makeTar([{ name: 'n/var/log/lifekeeper.log-20240520.xz', content: Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0]) }]));
    const { result } = await analyzeBytes('xz-member.tar.gz', bytes);
    expect(result.node?.members.skipped[0]).toMatchObject({ code: 'unsupported-compression' });
    expect(result.node?.members.skipped[0]?.reason.en).toMatch(/xz, which is not supported yet/);
  });

  it('reads a 50 MB line without a newline without holding it, and the lines around it', async () => {
    const huge = Buffer.alloc(50 * 2 ** 20, 0x61);
    const content = Buffer.concat([Buffer.from(LOG), huge, Buffer.from(`\n${LOG}`), huge]);
    const bytes = gzipSync(await makeTar([{ name: 'n/var/log/lifekeeper.log', content }]), { level: 1 });
    const { analyzer } = logCollector();
    const all = defineAnalyzer<'lengths', number[]>({
      meta: { id: 'lengths', kind: 'fact', title: { en: 'l', ja: 'l' }, inputs: ['lifekeeper-log'], version: '1' },
      watch: { inputs: ['lifekeeper-log'], init: () => [], onLine: (s, l) => void s.push(l.text.length) },
      run: (ctx) => ctx.watched,
    });
    const result = await analyzeArchive(await file('long-line.tar.gz', bytes), { analyzers: [analyzer, all] });
    expect(result.node?.["lengths"]).toEqual([LOG.length - 1, 64 * 1024, LOG.length - 1, 64 * 1024]);
    expect(result.node?.members.read[0]?.truncatedLines).toBe(2);
  });
});

describe('gzip bomb guard', () => {
  it('stops a member that inflates past the bound and says so', async () => {
    const bomb = gzipSync(Buffer.alloc(8 * 2 ** 20, 0x61));
    const bytes = gzipSync(await makeTar([{ name: 'n/var/log/lifekeeper.log-1.gz', content: bomb }]));
    const { analyzer } = logCollector();
    const result = await analyzeArchive(await file('bomb.tar.gz', bytes), { analyzers: [analyzer], limits: { maxMemberInflated: 2 ** 20 } });
    expect(result.node?.members.read[0]?.problem?.en).toMatch(/limit against gzip bombs/);
  });

  it('stops the whole archive past its bound and keeps what came before', async () => {
    const bytes = gzipSync(await makeTar([
      { name: 'n/var/log/lifekeeper.log', content: LOG },
      { name: 'n/zeros', content: Buffer.alloc(4 * 2 ** 20) },
    ]));
    const { analyzer, lines } = logCollector();
    const result = await analyzeArchive(await file('archive-bomb.tar.gz', bytes), { analyzers: [analyzer], limits: { maxArchiveInflated: 2 ** 20 } });
    expect(result.archive.status).toBe('partial');
    expect(result.archive.problem?.en).toMatch(/limit against gzip bombs/);
    expect(lines).toHaveLength(1);
  });
});

describe('a file gunzipped by zlib (NativeFileGunzip, or FileGunzip) reads what GzipMembers reads from a stream', () => {
  /** Each member's path, length and CRC-32 as delivered, the notes and the problem. */
  async function delivered(read: (v: ArchiveVisitor) => Promise<{ members: number; notes: Text[]; problem: Text | null }>): Promise<unknown> {
    const seen: string[] = [];
    let outcome: unknown;
    try {
      const r = await read({
        open(h) {
          let bytes = 0;
          let crc = 0;
          return { gunzip: false, write: (c) => { bytes += c.length; crc = crc32(c, crc); return true; }, end: (p) => void seen.push(`${h.path} ${bytes} ${crc} ${p?.en ?? ''}`) };
        },
      });
      outcome = { members: r.members, notes: r.notes.map((n) => n.en), problem: r.problem?.en ?? null };
    } catch (err) {
      outcome = { error: err instanceof ArchiveError ? err.reason.en : String(err) };
    }
    return { seen, outcome };
  }

  // Members of 3 MiB of varied lines: zlib inflates several 1 MiB stretches, and the last is the one it loses at trailing bytes.
  const members = Array.from({ length: 4 }, (_, i) => ({
    name: `n/var/log/messages-${i}`,
    content: Buffer.from(Array.from({ length: 30_000 }, (_, j) => `May 20 10:13:${j % 60} lk1 kernel: line ${i}.${j} ${(j * 7919) % 10007}\n`).join('')),
  }));
  const cases: Array<[string, (gz: Buffer) => Buffer]> = [
    ['nothing after the data', (gz) => gz],
    ['junk after the data', (gz) => Buffer.concat([gz, Buffer.from('JUNK')])],
    ['zero padding', (gz) => Buffer.concat([gz, Buffer.alloc(10240)])],
    ['zero padding, then junk', (gz) => Buffer.concat([gz, Buffer.alloc(100), Buffer.from('X')])],
    ['zero padding longer than what is kept, then junk', (gz) => Buffer.concat([gz, Buffer.alloc(3 * 2 ** 20), Buffer.from('X')])],
    ['half a member header after the data', (gz) => Buffer.concat([gz, Buffer.from([0x1f])])],
    ['a second member, then junk', (gz) => Buffer.concat([gz.subarray(0, gz.length), gzipSync(Buffer.alloc(0)), Buffer.from('garbage\n')])],
    ['a CRC-32 that does not match', (gz) => {
      const bad = Buffer.from(gz);
      bad.writeUInt32LE((bad.readUInt32LE(bad.length - 8) ^ 1) >>> 0, bad.length - 8);
      return bad;
    }],
    ['truncated in the data', (gz) => gz.subarray(0, Math.floor(gz.length * 0.7))],
  ];
  for (const [what, make] of cases) {
    it.each([['NativeFileGunzip', null], ['FileGunzip, the zlib stream', false]] as const)(`${what} (%s)`, async (_how, native) => {
      useNativeGunzip(native);
      try {
        const bytes = make(gzipSync(await makeTar(members)));
        const path = await file(`file-gunzip-${what.replace(/\W+/g, '-')}-${native ?? 'native'}.tar.gz`, bytes);
        const fromFile = await delivered((v) => readArchive(path, v));
        const fromStream = await delivered((v) => readArchiveStream({ name: 'x', stream: Readable.from([bytes]), bytes: bytes.length }, v));
        expect(fromFile).toEqual(fromStream);
      } finally {
        useNativeGunzip(null);
      }
    });
  }
});
