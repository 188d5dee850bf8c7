// One budget per archive given: each bound cuts what it must, and the report says what was not read and why.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { defineAnalyzer } from '../plugin/analyzer.js';
import { makeTar, makeZip, withArchive } from '../plugin/testing.js';
import { Budget, clipLine, clipName, MAX_RECORDED_MEMBERS } from './budget.js';
import type { ArchiveAnalysis } from './engine.js';
import { analyzeArchive } from './engine.js';
import { walkArchive } from '../lognav/walk.js';

declare module '../plugin/facts.js' {
  interface Facts {
    'held-documents': number;
  }
}

const LOG = 'May 20 10:13:20 n lkscsid[1]: INFO:lkscsid:::007046:lkscsid daemon pid:1 mlock:1 nice:-10\n';
const docs = defineAnalyzer({
  meta: { id: 'held-documents', kind: 'fact', title: { en: 't', ja: 't' }, inputs: ['df'], version: '1' },
  run: (ctx) => ctx.documents('df').length,
});
const analyzeBytes = (bytes: Buffer, name: string, limits = {}): Promise<ArchiveAnalysis> =>
  withArchive(bytes, name, (file) => analyzeArchive(file, { analyzers: [docs], limits }));
const said = (r: ArchiveAnalysis): string => [
  r.archive.problem?.en ?? '',
  ...(r.node?.notes.map((n) => n.en) ?? []),
  ...(r.node?.members.read.map((m) => m.problem?.en ?? '') ?? []),
  ...(r.node?.members.skipped.map((s) => `${s.code}: ${s.reason.en}`) ?? []),
].join('\n');

describe('clipLine and clipName', () => {
  it('leave a short line alone and cut a long one on a character boundary, saying how much was cut', () => {
    expect(clipLine('short')).toBe('short');
    const long = 'é'.repeat(3000); // 6,000 bytes of UTF-8
    const cut = clipLine(long);
    expect(cut).toMatch(/^é+… \(\+3,952 bytes\)$/);
    expect(Buffer.byteLength(cut.slice(0, cut.indexOf('…')))).toBe(2048);
    // A line cut while reading says its length as read.
    expect(clipLine('x'.repeat(70_000), 1_000_000)).toMatch(/… \(\+997,952 bytes\)$/);
    expect(clipName('t'.repeat(300))).toBe(`${'t'.repeat(256)}… (+44 chars)`);
  });
});

describe('Budget', () => {
  it('charges inflated bytes, members, nested archives and held documents, and says which bound ended the read', () => {
    const b = new Budget({ maxArchiveInflated: 100, maxMembers: 2, maxNestedArchives: 1, maxDocumentHeld: 10 });
    expect(b.inflate(60)).toBe(true);
    expect(b.inflate(60)).toBe(false);
    expect(b.exhausted?.en).toMatch(/reading stopped after 100 B of decompressed data across the archive/);
    expect([b.member(), b.member(), b.member()]).toEqual([true, true, false]);
    expect([b.nestedArchive(), b.nestedArchive()]).toEqual([true, false]);
    expect([b.hold(6), b.hold(6), b.fits(4)]).toEqual([true, false, true]);
    b.release(6);
    expect(b.hold(10)).toBe(true);
  });
});

describe('the bound of logs and documents read from a small file (MAX_READ_RATIO)', () => {
  it('is the file\'s size times the ratio, never under its floor, lowered only, and none until the file\'s size is given', () => {
    const b = new Budget({ maxReadRatio: 100, minReadBytes: 500 });
    expect(b.read(10 ** 9)).toBe(true);
    const c = new Budget({ maxReadRatio: 100, minReadBytes: 500 });
    c.forFile(3);
    expect(c.readCap).toBe(500);
    c.forFile(1_000);
    expect(c.readCap).toBe(500);
    const d = new Budget({ maxReadRatio: 100, minReadBytes: 500 });
    d.forFile(20);
    expect(d.readCap).toBe(2_000);
    expect([d.read(2_000), d.read(1)]).toEqual([true, false]);
    expect(d.exhausted?.en).toBe('reading stopped after 2.0 KiB of logs and documents, decompressed data across the archive, its compressed members and the archives inside it (the limit against gzip bombs for a file of 20 B: logs compressed once are at most about 100 times their compressed size); the rest was not analyzed');
    expect(d.exhausted?.ja).toBe('アーカイブ本体・圧縮メンバー・内部のアーカイブから展開したログと文書が上限 2.0 KiB に達したため読み込みを中止しました(20 B のファイルに対する gzip 爆弾対策の上限です。一度だけ圧縮されたログは、展開しても圧縮後のサイズの約 100 倍にしかなりません)。残りは解析していません');
  });

  // A rotated log of 18 MB of one repeated line: 61 KB of gzip, and the tar.gz around it squeezes that again.
  const bombLog = (): Buffer => gzipSync(Buffer.from(LOG.repeat(200_000)), { level: 9 });
  const floor = { minReadBytes: 2 ** 20 };

  it('stops a small archive whose compressed logs were compressed again (a rotated log, an archive inside) at its file\'s bound, in the analysis and in a walk (ls, cat, grep)', async () => {
    const inner = gzipSync(await makeTar([{ name: 'm/var/log/lifekeeper.log.1.gz', content: bombLog() }]), { level: 9 });
    const bytes = gzipSync(await makeTar([
      { name: 'n/var/log/lifekeeper.log', content: LOG },
      { name: 'n/var/log/lifekeeper.log.1.gz', content: bombLog() },
      { name: 'ticket/a.tar.gz', content: inner },
    ]), { level: 9 });
    expect(bytes.length).toBeLessThan(4096);
    const r = await analyzeBytes(bytes, 'double.tar.gz', floor);
    expect(r.archive.status).toBe('partial');
    expect(r.archive.problem?.en).toMatch(/^reading stopped after [\d.]+ MiB of logs and documents, .* \(the limit against gzip bombs for a file of [\d.]+ KiB: logs compressed once are at most about 1,100 times their compressed size\)/);
    expect(r.node?.members.read.find((m) => m.path === 'n/var/log/lifekeeper.log.1.gz')?.problem?.en).toMatch(/^the archive's budget was used up here \(reading stopped after .* for a file of .*\); the rest of this member and of the archive was not read$/);
    expect(r.nested).toEqual([]);
    // A plain log of a node archive inside, past the bound: cut there too.
    const plain = gzipSync(await makeTar([{ name: 'm/var/log/lifekeeper.log', content: LOG.repeat(200_000) }]), { level: 9 });
    const p = await analyzeBytes(gzipSync(await makeTar([{ name: 'ticket/m.tar.gz', content: plain }]), { level: 9 }), 'plain.tar.gz', floor);
    expect(p.nested[0]?.node?.members.read[0]?.problem?.en).toMatch(/^the archive's budget was used up here/);
    expect(p.archive.status).toBe('partial');
    // ls, cat and grep walk it within the same bound.
    const walked = await withArchive(bytes, 'double-walk.tar.gz', (file) => walkArchive(file, {
      member: (m) => (m.kind === 'log' ? { gunzip: m.gunzip, write: () => true, end: () => undefined } : null),
    }, { budget: new Budget(floor) }));
    expect(walked.problem?.en).toMatch(/the limit against gzip bombs for a file of/);
  });

  it('reads a ticket\'s tar.gz whole whose node archive holds a core of zeros: data passed over unread is not counted', async () => {
    // gzip makes 64 MiB of zeros 65 KB, and the ticket's gzip makes that 0.3 KB: a ratio of 200,000, and no bomb.
    const node = gzipSync(await makeTar([
      { name: 'n/var/crash/core.lkscsid.1', content: Buffer.alloc(64 * 2 ** 20) },
      { name: 'n/var/log/lifekeeper.log', content: LOG },
    ]), { level: 9 });
    const ticket = gzipSync(await makeTar([{ name: 'ticket/n.tar.gz', content: node }]));
    expect(ticket.length).toBeLessThan(2048);
    const r = await analyzeBytes(ticket, 'ticket-core.tar.gz', floor);
    expect(r.nested.map((n) => [n.archive.status, n.archive.problem, n.node?.members.read.map((m) => m.path)])).toEqual([['read', null, ['n/var/log/lifekeeper.log']]]);
  });
});

describe('the engine within one budget', () => {
  it('holds documents while they fit and skips the rest whole as over-budget, lines counted', async () => {
    const doc = Buffer.from('ab\n'.repeat(100_000)); // 300 KB, 100,000 lines: 4.3 MB as held
    const bytes = gzipSync(await makeTar([
      { name: 'n/var/log/lifekeeper.log', content: LOG },
      ...Array.from({ length: 5 }, (_, i) => ({ name: `n/c${i}/df_-k.out`, content: doc })),
    ]));
    const r = await analyzeBytes(bytes, 'docs.tar.gz', { maxDocumentHeld: 10 * 2 ** 20 });
    expect((r.node as unknown as Record<string, unknown>)['held-documents']).toBe(2);
    const over = r.node?.members.skipped.filter((s) => s.code === 'over-budget') ?? [];
    expect(over.map((s) => s.path)).toEqual(['n/c2/df_-k.out', 'n/c3/df_-k.out', 'n/c4/df_-k.out']);
    expect(over[0]?.reason.en).toBe('df: the documents of this archive already fill the 10.0 MiB they may hold in memory (counted with their lines): not read');
  });

  it('shortens link targets and refuses paths longer than any Linux path', async () => {
    const bytes = gzipSync(await makeTar([
      { name: 'n/var/log/lifekeeper.log', content: LOG },
      { name: 'n/etc/link', type: 'symlink', linkname: `/${'t'.repeat(10_000)}` },
      { name: `n/${'d/'.repeat(2100)}lifekeeper.log`, content: LOG },
    ]));
    const r = await analyzeBytes(bytes, 'links.tar.gz');
    expect(said(r)).toContain(`link: symbolic link to "/${'t'.repeat(255)}… (+9,745 chars)": recorded, never followed`);
    expect(said(r)).toMatch(/unsafe-path: a path of 4,216 characters, longer than any path on Linux \(4096\): recorded, not read/);
    expect(r.node?.members.read.map((m) => m.path)).toEqual(['n/var/log/lifekeeper.log']);
  });

  it('stops at its member bound and counts members past the listed ones in a note', async () => {
    const links = Array.from({ length: MAX_RECORDED_MEMBERS + 10 }, (_, i) => ({ name: `n/l${i}`, type: 'symlink' as const, linkname: '/x' }));
    const bytes = gzipSync(await makeTar([{ name: 'n/var/log/lifekeeper.log', content: LOG }, ...links]));
    const listed = await analyzeBytes(bytes, 'many.tar.gz');
    expect(listed.node?.members.skipped).toHaveLength(MAX_RECORDED_MEMBERS);
    expect(said(listed)).toContain(`10 more skipped members past the first ${MAX_RECORDED_MEMBERS} are counted, not listed`);
    const cut = await analyzeBytes(bytes, 'many.tar.gz', { maxMembers: 100 });
    expect(cut.archive.status).toBe('partial');
    expect(cut.archive.problem?.en).toBe('reading stopped after 100 members (the limit for one archive, the archives inside it included); the rest was not analyzed');
  });

  it('shares one inflate budget between the archive, its .gz members and the archives inside it', async () => {
    const inner = gzipSync(await makeTar([{ name: 'm/var/log/lifekeeper.log', content: LOG.repeat(20_000) }])); // 1.8 MB inflated
    const outer = gzipSync(await makeTar([
      { name: 'ticket/a.tar.gz', content: inner },
      { name: 'ticket/b.tar.gz', content: inner },
      { name: 'ticket/c.tar.gz', content: inner },
    ]));
    const r = await analyzeBytes(outer, 'ticket.tar.gz', { maxArchiveInflated: 4 * 2 ** 20 });
    // Two inner archives fit; the third (and the outer stream with it) stops at the shared bound, before its first member.
    expect(r.nested.map((n) => n.archive.status)).toEqual(['read', 'read', 'unreadable']);
    expect(r.nested[2]?.archive.problem?.en).toMatch(/^reading stopped after 4\.0 MiB of decompressed data across the archive/);
    expect(r.archive.status).toBe('partial');
    expect(r.archive.problem?.en).toMatch(/^reading stopped after 4\.0 MiB/);
  });

  it('reads at most its bound of node archives from a container, naming the rest', async () => {
    const inner = gzipSync(await makeTar([{ name: 'm/var/log/lifekeeper.log', content: LOG }]));
    const outer = await makeTar(Array.from({ length: 4 }, (_, i) => ({ name: `t/n${i}.tar.gz`, content: inner })));
    const r = await analyzeBytes(outer, 'ticket.tar', { maxNestedArchives: 2 });
    expect(r.nested).toHaveLength(2);
    expect(r.archive.status).toBe('partial');
    expect(r.archive.problem?.en).toBe('2 node archive(s) past the first 2 (the limit for one input): not read (t/n2.tar.gz, t/n3.tar.gz)');
  });

  it('refuses zip entries that point at data another entry already holds', async () => {
    const inner = gzipSync(await makeTar([{ name: 'm/var/log/lifekeeper.log', content: LOG }]));
    const zip = makeZip([{ name: 'a.tar.gz', content: inner }, { name: 'b.tar.gz', content: inner }]);
    // A third directory entry pointing at a.tar.gz's local header: the central directory starts after the two members.
    const eocd = zip.length - 22;
    const cdStart = zip.readUInt32LE(eocd + 16);
    const first = zip.subarray(cdStart, cdStart + 46 + 'a.tar.gz'.length);
    const dup = Buffer.from(first);
    dup.write('c', 46, 'latin1'); // c.tar.gz, same data
    const cd = Buffer.concat([zip.subarray(cdStart, eocd), dup]);
    const end = Buffer.from(zip.subarray(eocd));
    end.writeUInt16LE(3, 8);
    end.writeUInt16LE(3, 10);
    end.writeUInt32LE(cd.length, 12);
    const bytes = Buffer.concat([zip.subarray(0, cdStart), cd, end]);
    const r = await analyzeBytes(bytes, 'ticket.zip');
    expect(r.nested.map((n) => n.archive.file.replace(/^.*» /, ''))).toEqual(['a.tar.gz', 'b.tar.gz']);
    expect(r.archive.status).toBe('partial');
    expect(r.archive.problem?.en).toBe('1 entry points at data another entry already holds (a zip made to multiply its content): refused, not read (c.tar.gz (over a.tar.gz))');
  });

  it('gives back the room of a node\'s documents once it is analyzed', async () => {
    const doc = Buffer.from('ab\n'.repeat(100_000));
    const inner = gzipSync(await makeTar([{ name: 'm/var/log/lifekeeper.log', content: LOG }, { name: 'm/df_-k.out', content: doc }]));
    const outer = await makeTar([{ name: 't/a.tar.gz', content: inner }, { name: 't/b.tar.gz', content: inner }, { name: 't/c.tar.gz', content: inner }]);
    const r = await analyzeBytes(outer, 'ticket.tar', { maxDocumentHeld: 6 * 2 ** 20 });
    expect(r.nested.map((n) => (n.node as unknown as Record<string, unknown> | null)?.['held-documents'])).toEqual([1, 1, 1]);
  });
});
